package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

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
