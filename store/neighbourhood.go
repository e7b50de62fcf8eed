package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// edgesLookedAtPerNode is how many of a node's relations (of the requested
// types) a neighbourhood looks at for the relations among the nodes it
// found; the claim filter applies to those that join two nodes found, so
// that no property is read of the others. A relation is shown when it is among
// the first edgesLookedAtPerNode of either end, so only a relation between
// two nodes that both have more can be missed; then the subgraph is
// Truncated. It bounds what a hub costs: a node of degree 60,000 costs
// as much as one of this degree.
const edgesLookedAtPerNode = 200

// Neighbourhood returns the entities within depth relations of id, nearest
// first, at most limit of them, with the relations among them. It expands
// one ring per statement (breadth first), each bounded by what is left of
// limit, so a hub cannot make it walk the whole graph; then finds the
// relations among the nodes found, reading at most edgesLookedAtPerNode
// relations of each.
//
// Which neighbours are kept when a ring does not fit: those found first,
// from the nodes of the previous ring in the order they were found, each
// node's relations in the order Neo4j holds them. That order is fixed for
// a given database (the same database gives the same answer), but it is
// not a ranking: a hub's first neighbours are no more important than the
// others. The subgraph is then Truncated.
//
// Errors: ENOTFOUND, ELIMIT for depth or limit, EINVALID for a type.
func (s *Store) Neighbourhood(ctx context.Context, id string, depth int, types []string, claims domain.ClaimFilter, limit int) (Subgraph, error) {
	return s.NeighbourhoodOf(ctx, NeighbourhoodQuery{ID: id, Depth: depth, Types: types, Claims: claims, Limit: limit})
}

// EdgeFields is what the relations of a neighbourhood carry.
type EdgeFields int

const (
	// AllEdgeFields: every field, claims (Evidence) and attributes
	// included, as every other read returns a relation.
	AllEdgeFields EdgeFields = iota
	// EdgeHeads: the ends, type, dates, stance, confidence and role; no
	// Evidence and no Attributes. The claim filter applies all the same:
	// the same relations come back, with less of each. A relation's claim
	// lists are most of its bytes, and an answer holds up to 10 relations
	// per node.
	EdgeHeads
)

// NeighbourhoodQuery is a neighbourhood: that of ID, Depth relations
// deep, at most Limit nodes, following relations of Types (all when
// empty) that satisfy Claims, whose relations carry Edges.
type NeighbourhoodQuery struct {
	ID     string
	Depth  int
	Types  []string
	Claims domain.ClaimFilter
	Limit  int
	Edges  EdgeFields
}

// NeighbourhoodOf is Neighbourhood, with the relations carrying q.Edges.
func (s *Store) NeighbourhoodOf(ctx context.Context, q NeighbourhoodQuery) (Subgraph, error) {
	id, depth, limit := q.ID, q.Depth, q.Limit
	if depth < 1 || depth > MaxDepth {
		return Subgraph{}, domain.Errorf(domain.ELIMIT, "depth must be between 1 and %d, not %d", MaxDepth, depth)
	}
	if limit < 1 || limit > MaxNeighbours {
		return Subgraph{}, domain.Errorf(domain.ELIMIT, "limit must be between 1 and %d, not %d", MaxNeighbours, limit)
	}
	rel, err := traversed("r", q.Types, q.Claims)
	if err != nil {
		return Subgraph{}, err
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (Subgraph, error) {
		start, err := s.single(ctx, tx, "MATCH (n:Entity {id: $id}) RETURN n", map[string]any{"id": id})
		if err != nil {
			return Subgraph{}, err
		}
		if start == nil {
			return Subgraph{}, domain.Errorf(domain.ENOTFOUND, "no actor, policy or event %q", id)
		}
		var g Subgraph
		found, err := addNode(&g, nil, start.Values[0].(neo4j.Node))
		if err != nil {
			return g, err
		}
		if found, err = s.expandRings(ctx, tx, &g, found, rel, depth, limit); err != nil {
			return g, err
		}
		return g, s.addEdges(ctx, tx, &g, found, rel, q.Edges)
	})
}

// addNode appends the entity of node n to g and its element id to found.
func addNode(g *Subgraph, found []string, n neo4j.Node) ([]string, error) {
	e, err := entityOf(n)
	if err != nil {
		return found, err
	}
	g.Nodes = append(g.Nodes, e)
	return append(found, n.ElementId), nil
}

// expandRings adds the rings around g's one node, nearest first, one
// statement each, until depth rings, a ring with no new node, or limit
// nodes in all (then g is Truncated). found holds the element ids of g's
// nodes, in order; nodes are told apart by identity, which reads no
// property of the (many) candidates, and "already seen" is a lookup
// (setOf). A ring comes back as one record (a
// list): a record per node costs more than the node.
func (s *Store) expandRings(ctx context.Context, tx neo4j.ManagedTransaction, g *Subgraph, found []string, rel traversal, depth, limit int) ([]string, error) {
	frontier := found
	for ring := 1; ring <= depth && len(frontier) > 0 && !g.Truncated; ring++ {
		budget := limit - len(g.Nodes)
		record, err := s.single(ctx, tx, `
UNWIND $frontier AS e
MATCH (a) WHERE elementId(a) = e
MATCH (a)-`+rel.pattern+`-(b:Entity)
WHERE $seen[elementId(b)] IS NULL
WITH DISTINCT b LIMIT $budget
RETURN collect(b)`, rel.with(map[string]any{"frontier": frontier, "seen": setOf(found), "budget": budget + 1}))
		if err != nil {
			return found, err
		}
		nodes := record.Values[0].([]any)
		if len(nodes) > budget {
			g.Truncated = true
			nodes = nodes[:budget]
		}
		before := len(found)
		for _, n := range nodes {
			if found, err = addNode(g, found, n.(neo4j.Node)); err != nil {
				return found, err
			}
		}
		frontier = found[before:]
	}
	return found, nil
}

// setOf returns ids as a map parameter, each to true: "is x one of them"
// is then a lookup ($set[x] IS NOT NULL), where x IN $list compares x
// with every item. On the medium graph a neighbourhood's relations test
// some 10,000 other ends against 100 nodes: the list made that test three
// times the cost of reading the relationships.
func setOf(ids []string) map[string]any {
	set := make(map[string]any, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}

// relationHeadColumns is how a neighbourhood returns a relation's head
// (EdgeHeads): relationColumns without the claim lists and attributes,
// decoded by relationHeadAt.
const relationHeadColumns = "{type: type(r), props: r {.since, .until, .stance, .confidence, .role}, from: startNode(r).id, to: endNode(r).id}"

// relationHeadAt decodes a relation returned as relationHeadColumns: a
// relation without Evidence or Attributes.
func relationHeadAt(v any) *domain.Relation {
	m := v.(map[string]any)
	head := neo4j.Relationship{Type: m["type"].(string), Props: m["props"].(map[string]any)}
	r := relationOf(head, m["from"].(string), m["to"].(string), nil)
	r.Evidence = nil
	return r
}

// addEdges adds the relations among g's nodes (whose element ids are
// found), carrying fields: those among the first edgesLookedAtPerNode
// relations of either end, nearest nodes first, at most edgesPerNodeCap
// per node. g is Truncated when the cap cuts, or when two nodes have more
// relations than are looked at (one between them may be missed).
//
// The statement streams: each node's first relations are read in turn,
// and reading stops once the cap is passed. A node with more relations
// than are looked at yields a row without a relation (a mark), which is
// all the statement reports of it; a relation found from both ends is
// one row (DISTINCT). The marks are at most one per node, so the LIMIT
// passes the cap whatever their number. The rows come back as one
// record: the number of marks and the relations, in order.
func (s *Store) addEdges(ctx context.Context, tx neo4j.ManagedTransaction, g *Subgraph, found []string, rel traversal, fields EdgeFields) error {
	maxEdges := edgesPerNodeCap * len(found)
	columns, decode := relationColumns, func(v any) *domain.Relation { return relationAt(v, rel.knownAt) }
	if fields == EdgeHeads {
		columns, decode = relationHeadColumns, relationHeadAt
	}
	record, err := s.single(ctx, tx, `
UNWIND $found AS e
MATCH (a) WHERE elementId(a) = e
CALL (a) {
  MATCH (a)-[r`+rel.types+`]-(b)
  WITH r, b LIMIT $lookAt + 1
  WITH collect([r, $among[elementId(b)] IS NOT NULL]) AS rows
  UNWIND CASE WHEN size(rows) > $lookAt THEN [null] ELSE [] END + [x IN rows[..$lookAt] WHERE x[1] | x[0]] AS r
  RETURN r
}
WITH a, r WHERE r IS NULL OR (`+strings.Join(append(where{"true"}, rel.filter...), " AND ")+`)
WITH DISTINCT CASE WHEN r IS NULL THEN a END AS cut, r
LIMIT $rows
RETURN count(cut), collect(CASE WHEN r IS NOT NULL THEN `+columns+` END)`,
		rel.with(map[string]any{"found": found, "among": setOf(found), "lookAt": edgesLookedAtPerNode, "rows": maxEdges + 1 + len(found)}))
	if err != nil {
		return err
	}
	rels := record.Values[1].([]any)
	if len(rels) > maxEdges {
		g.Truncated = true
		rels = rels[:maxEdges]
	}
	for _, r := range rels {
		g.Edges = append(g.Edges, decode(r))
	}
	if record.Values[0].(int64) >= 2 {
		g.Truncated = true
	}
	return nil
}
