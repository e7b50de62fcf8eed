package store

import (
	"context"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Neighbourhood returns the entities within depth relations of id, nearest
// first, at most limit of them, with the relations among them. It expands
// one ring per statement (breadth first), each bounded by what is left of
// limit, so a hub cannot make it walk the whole graph.
//
// Errors: ENOTFOUND, ELIMIT for depth or limit, EINVALID for a type.
func (s *Store) Neighbourhood(ctx context.Context, id string, depth int, types []string, claims domain.ClaimFilter, limit int) (Subgraph, error) {
	if depth < 1 || depth > MaxDepth {
		return Subgraph{}, domain.Errorf(domain.ELIMIT, "depth must be between 1 and %d, not %d", MaxDepth, depth)
	}
	if limit < 1 || limit > MaxNeighbours {
		return Subgraph{}, domain.Errorf(domain.ELIMIT, "limit must be between 1 and %d, not %d", MaxNeighbours, limit)
	}
	rel, err := traversed("r", types, claims)
	if err != nil {
		return Subgraph{}, err
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (Subgraph, error) {
		start, err := s.singleEntity(ctx, tx, "MATCH (n:Entity {id: $id}) RETURN n", map[string]any{"id": id},
			domain.Errorf(domain.ENOTFOUND, "no actor, policy or event %q", id))
		if err != nil {
			return Subgraph{}, err
		}
		g := Subgraph{Nodes: []domain.Entity{start}}
		if err := s.expandRings(ctx, tx, &g, rel, depth, limit); err != nil {
			return g, err
		}
		return g, s.addEdges(ctx, tx, &g, rel)
	})
}

// expandRings adds the rings around g's one node, nearest first, one
// statement each, until depth rings, a ring with no new node, or limit
// nodes in all (then g is Truncated).
func (s *Store) expandRings(ctx context.Context, tx neo4j.ManagedTransaction, g *Subgraph, rel traversal, depth, limit int) error {
	seen := []string{g.Nodes[0].NodeID()}
	frontier := slices.Clone(seen)
	for ring := 1; ring <= depth && len(frontier) > 0 && !g.Truncated; ring++ {
		budget := limit - len(g.Nodes)
		records, err := s.run(ctx, tx, `
UNWIND $frontier AS id
MATCH (:Entity {id: id})-`+rel.pattern+`-(b:Entity)
WHERE NOT b.id IN $seen
WITH DISTINCT b LIMIT $budget
RETURN b`, rel.with(map[string]any{"frontier": frontier, "seen": seen, "budget": budget + 1}))
		if err != nil {
			return err
		}
		if len(records) > budget {
			g.Truncated = true
			records = records[:budget]
		}
		frontier = frontier[:0]
		for _, r := range records {
			e, err := entityOf(r.Values[0].(neo4j.Node))
			if err != nil {
				return err
			}
			g.Nodes = append(g.Nodes, e)
			seen = append(seen, e.NodeID())
			frontier = append(frontier, e.NodeID())
		}
	}
	return nil
}

// addEdges adds the relations among g's nodes, at most edgesPerNodeCap
// per node (then g is Truncated).
func (s *Store) addEdges(ctx context.Context, tx neo4j.ManagedTransaction, g *Subgraph, rel traversal) error {
	ids := make([]string, len(g.Nodes))
	for i, n := range g.Nodes {
		ids[i] = n.NodeID()
	}
	maxEdges := edgesPerNodeCap * len(ids)
	// The nodes are found once by id; membership is then a test of
	// node identity, which reads no property of the (many) neighbours.
	records, err := s.run(ctx, tx, `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WITH collect(n) AS nodes
UNWIND nodes AS a
MATCH (a)-`+rel.pattern+`->(b)
WHERE b IN nodes
RETURN `+relationColumns+` LIMIT $maxEdges`, rel.with(map[string]any{"ids": ids, "maxEdges": maxEdges + 1}))
	if err != nil {
		return err
	}
	if len(records) > maxEdges {
		g.Truncated = true
		records = records[:maxEdges]
	}
	for _, r := range records {
		g.Edges = append(g.Edges, relationAt(r.Values[0], rel.knownAt))
	}
	return nil
}
