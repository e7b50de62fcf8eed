package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Entities returns the actors, policies and events with the given ids, in
// one index-backed query; ids that do not exist are absent from the map.
func (s *Store) Entities(ctx context.Context, ids []string) (map[string]domain.Entity, error) {
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]domain.Entity, error) {
		records, err := s.run(ctx, tx, "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n", map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		out := make(map[string]domain.Entity, len(records))
		for _, r := range records {
			e, err := entityOf(r.Values[0].(neo4j.Node))
			if err != nil {
				return nil, err
			}
			out[e.NodeID()] = e
		}
		return out, nil
	})
}

// Sources returns the sources with the given ids.
func (s *Store) Sources(ctx context.Context, ids []string) (map[string]*domain.Source, error) {
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]*domain.Source, error) {
		// The text can be large and no caller of this needs it.
		records, err := s.run(ctx, tx, "UNWIND $ids AS id MATCH (n:Source {id: id}) RETURN n {.*, text: null}", map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		out := make(map[string]*domain.Source, len(records))
		for _, r := range records {
			src := sourceOf(neo4j.Node{Props: r.Values[0].(map[string]any)})
			out[src.ID] = src
		}
		return out, nil
	})
}

// ActorByName returns the actor whose name or one of whose aliases equals
// name, ignoring case; ENOTFOUND when there is none. The full-text index
// finds the candidates, so the look-up never scans.
func (s *Store) ActorByName(ctx context.Context, name string) (*domain.Actor, error) {
	params, err := actorByNameParams(name)
	if err != nil {
		return nil, err
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (*domain.Actor, error) {
		e, err := s.singleEntity(ctx, tx, actorByName+"\nRETURN node", params, domain.Errorf(domain.ENOTFOUND, "no actor named %q", strings.TrimSpace(name)))
		if err != nil {
			return nil, err
		}
		return e.(*domain.Actor), nil
	})
}

// actorByName is the look-up of ActorByName, up to the actor found (node,
// none when there is none); its params are actorByNameParams.
const actorByName = `
CALL db.index.fulltext.queryNodes($index, $phrase, {limit: 50}) YIELD node, score
WITH node, score, toLower($name) AS wanted
WHERE toLower(node.name) = wanted OR any(a IN coalesce(node.aliases, []) WHERE toLower(a) = wanted)
WITH node ORDER BY CASE WHEN toLower(node.name) = wanted THEN 0 ELSE 1 END, score DESC, node.id
LIMIT 1`

// actorByNameParams checks a name to look up and returns the parameters
// of actorByName. Errors: EINVALID for an empty name.
func actorByNameParams(name string) (map[string]any, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, domain.Errorf(domain.EINVALID, "name must not be empty")
	}
	return map[string]any{"index": actorNamesIndex, "phrase": `"` + escapeLucene(name) + `"`, "name": name}, nil
}

// escapeLucene makes text literal in a Lucene query: every character with
// a meaning in the query syntax is escaped.
func escapeLucene(text string) string {
	var b strings.Builder
	for _, r := range text {
		if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/`, r) {
			b.WriteRune('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// singleEntity runs a statement that returns at most one entity node and
// decodes it; notFound is the error when it returns none.
func (s *Store) singleEntity(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any, notFound error) (domain.Entity, error) {
	rec, err := s.single(ctx, tx, cypher, params)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, notFound
	}
	return entityOf(rec.Values[0].(neo4j.Node))
}
