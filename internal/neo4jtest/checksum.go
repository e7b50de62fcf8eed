package neo4jtest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// Checksum hashes the whole graph's content (labels, properties, and
// relationships by their endpoints' ids), independent of internal ids and
// of order: two graphs with the same facts have the same checksum. It
// reads everything, with its own driver rather than through the store.
func Checksum(t testing.TB) string {
	t.Helper()
	var lines []string
	for _, q := range []struct {
		cypher     string
		sortLabels bool
	}{
		{"MATCH (n) RETURN labels(n) AS l, properties(n) AS p", true},
		{"MATCH (a)-[r]->(b) RETURN [a.id, type(r), b.id] AS l, properties(r) AS p", false},
	} {
		for _, r := range Exec(t, q.cypher, nil) {
			labels := r.Values[0].([]any)
			if q.sortLabels {
				slices.SortFunc(labels, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
			}
			line, err := json.Marshal([]any{labels, canonical(r.Values[1])})
			if err != nil {
				t.Fatal(err)
			}
			lines = append(lines, string(line))
		}
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// canonical makes driver values JSON-encodable in one fixed form; maps are
// encoded with sorted keys by encoding/json.
func canonical(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = canonical(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = canonical(x)
		}
		return out
	case nil, bool, string, int64, float64:
		return v
	default:
		return fmt.Sprintf("%T:%v", v, v)
	}
}
