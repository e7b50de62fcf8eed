package store

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// LookupNodes returns the kind of each id that exists in the graph (an
// entity, or a source); ids that do not exist are absent from the map.
func (s *Store) LookupNodes(ctx context.Context, ids []string) (map[string]domain.Endpoint, error) {
	out := make(map[string]domain.Endpoint, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]domain.Endpoint, error) {
		records, err := s.run(ctx, tx, `
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
OPTIONAL MATCH (src:Source {id: id})
WITH id, n, src WHERE n IS NOT NULL OR src IS NOT NULL
RETURN id,
       CASE WHEN n:Actor THEN 'Actor' WHEN n:Policy THEN 'Policy' WHEN n:Event THEN 'Event' ELSE 'Source' END AS kind,
       CASE WHEN n:Actor THEN n.kind ELSE '' END AS actorKind`, map[string]any{"ids": ids})
		for _, r := range records {
			out[r.Values[0].(string)] = domain.Endpoint{
				Kind:      domain.EntityKind(r.Values[1].(string)),
				ActorKind: domain.ActorKind(r.Values[2].(string)),
			}
		}
		return out, err
	})
}

// SourceTexts returns the full text of each source that exists.
func (s *Store) SourceTexts(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]string, error) {
		records, err := s.run(ctx, tx, "UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id, s.text", map[string]any{"ids": ids})
		for _, r := range records {
			text, _ := r.Values[1].(string)
			out[r.Values[0].(string)] = text
		}
		return out, err
	})
}
