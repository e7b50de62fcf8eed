package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// EntitiesOf returns, for each node id, a page of the entities of one kind
// it is related to (either direction): events in date order, others by id.
func (s *Store) EntitiesOf(ctx context.Context, ids []string, kind domain.EntityKind, first int, after *string) (map[string]domain.Page[domain.Entity], error) {
	label, keyExpr, keyLen, afterPred := "Policy", "[m.id]", 1, "m.id > $after[0]"
	switch kind {
	case domain.KindEvent:
		label, keyExpr, keyLen = "Event", "[toString(m.dateStart), m.id]", 2
		afterPred = "(m.dateStart > date($after[0]) OR (m.dateStart = date($after[0]) AND m.id > $after[1]))"
	case domain.KindActor:
		label = "Actor"
	}
	params := map[string]any{"ids": ids, "limit": first + 1}
	var past where
	paged, err := seekPast(&past, params, after, keyLen, afterPred)
	if err != nil {
		return nil, err
	}
	cypher := `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
CALL (n) {
  MATCH (n)--(m:` + label + `)
  WITH DISTINCT m` + past.String() + `
  WITH m ORDER BY ` + keyExpr + ` LIMIT $limit
  RETURN collect({m: m, key: ` + keyExpr + `}) AS items
}
RETURN id, items, COUNT { MATCH (n)--(m:` + label + `) RETURN DISTINCT m } AS total`
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]domain.Page[domain.Entity], error) {
		records, err := s.run(ctx, tx, cypher, params)
		if err != nil {
			return nil, err
		}
		out := make(map[string]domain.Page[domain.Entity], len(records))
		for _, rec := range records {
			items := rec.Values[1].([]any)
			page := domain.Page[domain.Entity]{TotalCount: asInt(rec.Values[2]), HasNextPage: len(items) > first, HasPrevious: paged}
			for _, v := range items[:min(len(items), first)] {
				m := v.(map[string]any)
				e, err := entityOf(m["m"].(neo4j.Node))
				if err != nil {
					return nil, err
				}
				page.Items = append(page.Items, e)
				page.Cursors = append(page.Cursors, encodeCursor(m["key"].([]any)))
			}
			out[rec.Values[0].(string)] = page
		}
		return out, nil
	})
}
