package store

import (
	"context"
	"fmt"
	"strconv"
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
	// EdgeKeys: the ends, type and since, which make a relation's id;
	// nothing else. Reading a property walks the relationship's property
	// chain, all of it for one that is not set (until and role mostly
	// are not), so each property less is a walk less per relation.
	EdgeKeys
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
		var g Subgraph
		found, err := s.expandRings(ctx, tx, &g, id, rel, depth, limit)
		if err != nil {
			return g, err
		}
		return g, s.addEdges(ctx, tx, &g, found, rel, q.Edges)
	})
}

// addNode appends to g the entity of a node returned as [n, id(n)], and
// its id to found.
//
// A neighbourhood tells nodes apart by id(n), deprecated in favour of
// elementId(n) but the same identity for as long as one transaction
// reads it: on the medium graph the relations statement tests some
// 10,000 other ends for membership, and making a string of each
// (elementId) cost a tenth of the statement (bench/NEIGHBOURHOOD.md,
// round three).
func addNode(g *Subgraph, found []int64, v any) ([]int64, error) {
	pair := v.([]any)
	e, err := entityOf(pair[0].(neo4j.Node))
	if err != nil {
		return found, err
	}
	g.Nodes = append(g.Nodes, e)
	return append(found, pair[1].(int64)), nil
}

// expandRings adds to g the entity id and the rings around it, nearest
// first, one statement each (the first finds the entity too), until
// depth rings, a ring with no new node, or limit nodes in all (then g is
// Truncated). It returns the ids of g's nodes, in order; nodes are told
// apart by id (see addNode), which reads no property of the (many)
// candidates, and "already seen" is a lookup (setOf). A ring comes back
// as one record (a list): a record per node costs more than the node.
//
// Errors: ENOTFOUND when there is no entity id.
func (s *Store) expandRings(ctx context.Context, tx neo4j.ManagedTransaction, g *Subgraph, id string, rel traversal, depth, limit int) ([]int64, error) {
	ring := `MATCH (a)-` + rel.pattern + `-(b:Entity)
WHERE $seen[toString(id(b))] IS NULL AND b <> a
WITH DISTINCT b LIMIT $budget
RETURN collect([b, id(b)]) AS ring`
	var found, frontier []int64
	for r := 1; r <= depth && (r == 1 || len(frontier) > 0) && !g.Truncated; r++ {
		budget := limit - max(len(g.Nodes), 1) // the first ring shares limit with the entity
		stmt, params := "UNWIND $frontier AS e\nMATCH (a) WHERE id(a) = e\n"+ring, map[string]any{"frontier": frontier, "seen": setOf(found)}
		if r == 1 {
			stmt, params = "MATCH (a:Entity {id: $id})\nCALL (a) {\n"+ring+"\n}\nRETURN ring, [a, id(a)]", map[string]any{"id": id, "seen": map[string]any{}}
		}
		params["budget"] = budget + 1
		record, err := s.single(ctx, tx, stmt, rel.with(params))
		if err != nil {
			return found, err
		}
		if r == 1 {
			if record == nil {
				return nil, domain.Errorf(domain.ENOTFOUND, "no actor, policy or event %q", id)
			}
			if found, err = addNode(g, found, record.Values[1]); err != nil {
				return found, err
			}
		}
		nodes := record.Values[0].([]any)
		if len(nodes) > budget {
			g.Truncated = true
			nodes = nodes[:budget]
		}
		before := len(found)
		for _, n := range nodes {
			if found, err = addNode(g, found, n); err != nil {
				return found, err
			}
		}
		frontier = found[before:]
	}
	return found, nil
}

// setOf returns node ids as a map parameter, keyed by the ids in decimal
// (a map's keys are strings), each to true: "is x one of them" is then a
// lookup ($set[toString(id(x))] IS NOT NULL), where id(x) IN $list
// compares x with every item. On the medium graph a neighbourhood's
// relations test some 10,000 other ends against 100 nodes: the list made
// that test three times the cost of reading the relationships.
func setOf(ids []int64) map[string]any {
	set := make(map[string]any, len(ids))
	for _, id := range ids {
		set[strconv.FormatInt(id, 10)] = true
	}
	return set
}

// neighbourColumns is how a neighbourhood returns a relation carrying
// each EdgeFields: in full as relationColumns, or its head or keys only,
// without claim lists and attributes. Either way its ends come as node
// ids (see addNode), which name nodes the neighbourhood found, instead of
// their id properties, which would be read from the store.
var neighbourColumns = map[EdgeFields]string{
	AllEdgeFields: "{r: r, from: id(startNode(r)), to: id(endNode(r))}",
	EdgeHeads:     "{type: type(r), props: r {.since, .until, .stance, .confidence, .role}, from: id(startNode(r)), to: id(endNode(r))}",
	EdgeKeys:      "{type: type(r), props: r {.since}, from: id(startNode(r)), to: id(endNode(r))}",
}

// neighbourRelation decodes a relation returned as neighbourColumns of
// fields: without Evidence or Attributes unless AllEdgeFields. ids names
// the nodes found.
func neighbourRelation(v any, ids map[int64]string, fields EdgeFields, knownAt *domain.PartialDate) *domain.Relation {
	m := v.(map[string]any)
	from, to := ids[m["from"].(int64)], ids[m["to"].(int64)]
	if fields == AllEdgeFields {
		return relationOf(m["r"].(neo4j.Relationship), from, to, knownAt)
	}
	head := neo4j.Relationship{Type: m["type"].(string), Props: m["props"].(map[string]any)}
	r := relationOf(head, from, to, nil)
	r.Evidence = nil
	return r
}

// addEdges adds the relations among g's nodes (whose ids are
// found), carrying fields: those among the first edgesLookedAtPerNode
// relations of either end, nearest nodes first, at most edgesPerNodeCap
// per node. g is Truncated when the cap cuts, or when two nodes have more
// relations than are looked at (one between them may be missed).
//
// The statement streams: each node's first relations are read in turn,
// and reading stops once the cap is passed. A node with more relations
// than are looked at (its degree says so) yields a row without a
// relation (a mark), which is all the statement reports of it; a
// relation found from both ends is one row (DISTINCT). The marks are at
// most one per node, so the LIMIT passes the cap whatever their number.
// The rows come back as one record: the number of marks and the
// relations, in order.
func (s *Store) addEdges(ctx context.Context, tx neo4j.ManagedTransaction, g *Subgraph, found []int64, rel traversal, fields EdgeFields) error {
	maxEdges := edgesPerNodeCap * len(found)
	columns, ok := neighbourColumns[fields]
	if !ok {
		return fmt.Errorf("neighbourhood: no relation columns for fields %d", fields)
	}
	record, err := s.single(ctx, tx, `
UNWIND $found AS e
MATCH (a) WHERE id(a) = e
CALL (a) {
  WITH a WHERE COUNT { (a)-[`+rel.types+`]-() } > $lookAt
  RETURN null AS r
  UNION ALL
  MATCH (a)-[r`+rel.types+`]-(b)
  WITH r, b LIMIT $lookAt
  WITH r WHERE $among[toString(id(b))] IS NOT NULL
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
	ids := make(map[int64]string, len(found))
	for i, id := range found {
		ids[id] = g.Nodes[i].Header().ID
	}
	for _, r := range rels {
		g.Edges = append(g.Edges, neighbourRelation(r, ids, fields, rel.knownAt))
	}
	if record.Values[0].(int64) >= 2 {
		g.Truncated = true
	}
	return nil
}
