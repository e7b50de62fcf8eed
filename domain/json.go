package domain

import (
	"encoding/json"
	"fmt"
	"math"
)

// NormalizeJSON turns decoded JSON (from GraphQL variables or an HTTP body,
// where numbers arrive as json.Number) into values Neo4j stores with their
// JSON type: integers that fit become int64, other numbers float64; lists
// and maps are walked. path names the value in error messages.
func NormalizeJSON(v any, path string) (any, error) {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i, nil
		}
		f, err := x.Float64()
		if err != nil || math.IsInf(f, 0) {
			return nil, Errorf(EINVALID, "%s: %s is not a number Neo4j can hold", path, x)
		}
		return f, nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case float32:
		return float64(x), nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, err := NormalizeJSON(e, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			n, err := NormalizeJSON(e, path+"."+k)
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	}
	return v, nil
}
