package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Paths returns up to limit shortest paths between two entities, ignoring
// direction, shortest first, each at most maxHops long.
//
// Errors: ENOTFOUND for a missing end, ELIMIT, EINVALID.
func (s *Store) Paths(ctx context.Context, from, to string, maxHops int, types []string, claims domain.ClaimFilter, limit int) ([]Path, error) {
	if maxHops < 1 || maxHops > MaxHops {
		return nil, domain.Errorf(domain.ELIMIT, "maxHops must be between 1 and %d, not %d", MaxHops, maxHops)
	}
	if limit < 1 || limit > MaxPaths {
		return nil, domain.Errorf(domain.ELIMIT, "limit must be between 1 and %d, not %d", MaxPaths, limit)
	}
	if from == to {
		return nil, domain.Errorf(domain.EINVALID, "from and to are the same node %q", from)
	}
	// The path's relationships are named hop, so that r is free for
	// relationColumns.
	rel, err := traversed("hop", types, claims)
	if err != nil {
		return nil, err
	}
	// Quantifier bounds and the path count must be literals in Cypher;
	// both are checked integers. The claim filter is inside the quantified
	// relationship, so every relationship of a path satisfies it.
	cypher := fmt.Sprintf(`
MATCH p = SHORTEST %d (a:Entity {id: $from})-%s-{1,%d}(b:Entity {id: $to})
RETURN nodes(p) AS nodes, [r IN relationships(p) | %s] AS rels
ORDER BY length(p)`, limit, rel.pattern, maxHops, relationColumns)
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]Path, error) {
		rec, err := s.single(ctx, tx, "OPTIONAL MATCH (a:Entity {id: $from}) OPTIONAL MATCH (b:Entity {id: $to}) RETURN a IS NOT NULL, b IS NOT NULL",
			map[string]any{"from": from, "to": to})
		if err != nil {
			return nil, err
		}
		for i, id := range []string{from, to} {
			if !rec.Values[i].(bool) {
				return nil, domain.Errorf(domain.ENOTFOUND, "no actor, policy or event %q", id)
			}
		}
		records, err := s.run(ctx, tx, cypher, rel.with(map[string]any{"from": from, "to": to}))
		if err != nil {
			return nil, err
		}
		paths := make([]Path, 0, len(records))
		for _, r := range records {
			var p Path
			for _, n := range r.Values[0].([]any) {
				e, err := entityOf(n.(neo4j.Node))
				if err != nil {
					return nil, err
				}
				p.Nodes = append(p.Nodes, e)
			}
			for _, v := range r.Values[1].([]any) {
				p.Relations = append(p.Relations, relationAt(v, rel.knownAt))
			}
			paths = append(paths, p)
		}
		slices.SortStableFunc(paths, func(a, b Path) int { return len(a.Relations) - len(b.Relations) })
		return paths, nil
	})
}
