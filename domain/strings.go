package domain

// StringsOf converts a list of kinds, stances or other named strings to
// plain strings.
func StringsOf[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
