package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Traversal limits: each bounds the work of one request.
const (
	MaxDepth        = 3
	MaxNeighbours   = 500
	MaxHops         = 6
	MaxPaths        = 20
	edgesPerNodeCap = 10 // a subgraph holds at most this many edges per node
)

// Subgraph is a set of entities and the relations among them.
type Subgraph struct {
	Nodes     []domain.Entity
	Edges     []*domain.Relation
	Truncated bool
}

// Path is an alternating walk: Relations[i] joins Nodes[i] and Nodes[i+1].
type Path struct {
	Nodes     []domain.Entity
	Relations []*domain.Relation
}

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

// traversal is what a traversal may follow: relationships matching
// pattern (a relationship pattern in brackets, with its inline WHERE), with
// the parameters the pattern takes, and the claims served with them.
type traversal struct {
	pattern string
	params  map[string]any
	knownAt *domain.PartialDate
}

// traversed checks the types and claim filter of a traversal and renders
// them as an inline pattern of the relationship variable rel, so that
// every relationship is tested as it is expanded.
//
// Errors: EINVALID for an unknown type or modality, or a bad date.
func traversed(rel string, types []string, claims domain.ClaimFilter) (traversal, error) {
	typePat, err := typePattern(types)
	if err != nil {
		return traversal{}, err
	}
	params := map[string]any{}
	w, err := claimPredicates(rel, claims, params)
	if err != nil {
		return traversal{}, err
	}
	return traversal{pattern: "[" + rel + typePat + w.String() + "]", params: params, knownAt: claims.KnownAt}, nil
}

// with returns the traversal's parameters and more.
func (t traversal) with(more map[string]any) map[string]any {
	for k, v := range t.params {
		more[k] = v
	}
	return more
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
