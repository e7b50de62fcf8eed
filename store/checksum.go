package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Checksum hashes the whole graph's content (labels, properties, and
// relationships by their endpoints' ids), independent of internal ids and
// of order: two graphs with the same facts have the same checksum. It reads
// everything, so it is for tests and operators verifying a reload, not for
// requests.
func (s *Store) Checksum(ctx context.Context) (string, error) {
	lines, err := readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]string, error) {
		var lines []string
		for _, q := range []struct {
			cypher     string
			sortLabels bool
		}{
			{"MATCH (n) RETURN labels(n) AS l, properties(n) AS p", true},
			{"MATCH (a)-[r]->(b) RETURN [a.id, type(r), b.id] AS l, properties(r) AS p", false},
		} {
			records, err := s.run(ctx, tx, q.cypher, nil)
			if err != nil {
				return nil, err
			}
			for _, r := range records {
				labels := r.Values[0].([]any)
				if q.sortLabels {
					slices.SortFunc(labels, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
				}
				line, err := json.Marshal([]any{labels, canonical(r.Values[1])})
				if err != nil {
					return nil, err
				}
				lines = append(lines, string(line))
			}
		}
		return lines, nil
	})
	if err != nil {
		return "", err
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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

// Counts is the number of nodes by label and relationships by type.
type Counts struct {
	Nodes         int
	Relationships int
	ByLabel       map[string]int
	ByType        map[string]int
}

// Counts reads the counts from Neo4j's count store: constant time, no scan.
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (Counts, error) {
		c := Counts{ByLabel: map[string]int{}, ByType: map[string]int{}}
		rec, err := s.single(ctx, tx, `
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
CALL () { CALL db.labels() YIELD label
          CALL (label) { MATCH (n:$(label)) RETURN count(n) AS n }
          RETURN collect([label, n]) AS byLabel }
CALL () { CALL db.relationshipTypes() YIELD relationshipType AS t
          CALL (t) { MATCH ()-[r:$(t)]->() RETURN count(r) AS n }
          RETURN collect([t, n]) AS byType }
RETURN nodes, rels, byLabel, byType`, nil)
		if err != nil {
			return c, err
		}
		c.Nodes, c.Relationships = asInt(rec.Values[0]), asInt(rec.Values[1])
		for _, pair := range rec.Values[2].([]any) {
			p := pair.([]any)
			if n := asInt(p[1]); n > 0 {
				c.ByLabel[p[0].(string)] = n
			}
		}
		for _, pair := range rec.Values[3].([]any) {
			p := pair.([]any)
			if n := asInt(p[1]); n > 0 {
				c.ByType[p[0].(string)] = n
			}
		}
		return c, nil
	})
}
