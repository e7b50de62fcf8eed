package store_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// The hub graph: two hubs with more relations than a neighbourhood looks
// at per node (store.EdgesLookedAtPerNode), and leaves.
//
//	hub  -SUPPORTS-> leaf-000 … leaf-249     each leaf-i -SUPPORTS-> leaf-(i+1), up to leaf-249
//	hub2 -SUPPORTS-> twig-000 … twig-249
//	hub  -SUPPORTS-> hub2                    written first, so it may be past what either end looks at
//	hub2 -THREATENS-> leaf-000               a hub's edge to a node found: always shown
const hubLeaves = 250

// hubGraph writes the hub graph and returns a store on it.
func hubGraph(t *testing.T) *store.Store {
	t.Helper()
	if hubLeaves <= store.EdgesLookedAtPerNode {
		t.Fatalf("the hubs need more than %d relations", store.EdgesLookedAtPerNode)
	}
	s := neo4jtest.Open(t)
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	neo4jtest.Reset(t)
	lists, derived := claimLists([]fixtureClaim{{source: "src", quote: "q", modality: "ASSERTED", statedFrom: "2020-01-01"}})
	props := map[string]any{"stance": "NEUTRAL", "confidence": 1.0}
	for _, m := range []map[string]any{lists, derived} {
		for k, v := range m {
			props[k] = v
		}
	}
	var leaves, twigs []string
	for i := range hubLeaves {
		leaves, twigs = append(leaves, fmt.Sprintf("leaf-%03d", i)), append(twigs, fmt.Sprintf("twig-%03d", i))
	}
	neo4jtest.Exec(t, `
UNWIND $ids AS id CREATE (n:Entity:Actor:State {id: id, name: id, kind: 'STATE'})`,
		map[string]any{"ids": append(append([]string{"hub", "hub2"}, leaves...), twigs...)})
	// Types come from this file, never from input.
	rels := func(typ string, pairs [][2]string) {
		rows := make([]map[string]any, len(pairs))
		for i, p := range pairs {
			rows[i] = map[string]any{"from": p[0], "to": p[1], "id": domain.RelationID(p[0], typ, p[1], nil)}
		}
		neo4jtest.Exec(t, `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
CREATE (a)-[r:`+typ+`]->(b) SET r = $props, r.id = row.id`, map[string]any{"rows": rows, "props": props})
	}
	supports := [][2]string{{"hub", "hub2"}}
	for i := range hubLeaves {
		supports = append(supports, [2]string{"hub", leaves[i]}, [2]string{"hub2", twigs[i]})
		if i+1 < hubLeaves {
			supports = append(supports, [2]string{leaves[i], leaves[i+1]})
		}
	}
	rels("SUPPORTS", supports)
	rels("THREATENS", [][2]string{{"hub2", "leaf-000"}})
	return s
}

// relationsAmong returns the ids of every relation among the entities
// ids that the default claim filter keeps, read directly, sorted.
func relationsAmong(t *testing.T, ids []string) []string {
	t.Helper()
	var out []string
	for _, r := range neo4jtest.Exec(t, `
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids AND any(m IN r.modalities WHERE m IN ['ASSERTED', 'REPORTED'])
RETURN r.id`, map[string]any{"ids": ids}) {
		out = append(out, r.Values[0].(string))
	}
	slices.Sort(out)
	return out
}

// distance is the ring of id in a neighbourhood whose rings are start, the
// nodes of ring1, and the rest.
func distance(id, start string, ring1 ...string) int {
	switch {
	case id == start:
		return 0
	case slices.Contains(ring1, id):
		return 1
	}
	return len(ring1) + 1
}

// TestNeighbourhoodOfAHub keeps, of a hub's neighbours that do not all
// fit, the same ones every time, nearest first, and says it cut.
func TestNeighbourhoodOfAHub(t *testing.T) {
	s := hubGraph(t)
	ctx := context.Background()
	for _, c := range []struct {
		start string
		depth int
		// ring is the distance of each node from start, in answer order.
		ring func(id string) int
	}{
		{"hub", 1, func(id string) int { return distance(id, "hub") }},
		{"twig-007", 2, func(id string) int { return distance(id, "twig-007", "hub2") }},
	} {
		t.Run(c.start, func(t *testing.T) {
			first, err := s.Neighbourhood(ctx, c.start, c.depth, nil, domain.ClaimFilter{}, 40)
			if err != nil {
				t.Fatal(err)
			}
			again, err := s.Neighbourhood(ctx, c.start, c.depth, nil, domain.ClaimFilter{}, 40)
			if err != nil {
				t.Fatal(err)
			}
			nodes := entityIDs(first.Nodes)
			if len(nodes) != 40 || !first.Truncated {
				t.Fatalf("%d nodes, truncated %v; want 40, truncated", len(nodes), first.Truncated)
			}
			if !slices.Equal(nodes, entityIDs(again.Nodes)) || !slices.Equal(relationIDs(first.Edges), relationIDs(again.Edges)) {
				t.Errorf("two answers:\n%v %v\n%v %v", nodes, relationIDs(first.Edges), entityIDs(again.Nodes), relationIDs(again.Edges))
			}
			if !slices.IsSortedFunc(nodes, func(a, b string) int { return c.ring(a) - c.ring(b) }) {
				t.Errorf("not nearest first: %v", nodes)
			}
		})
	}
}

// TestNeighbourhoodEdgesAmongNodesFound shows every relation among the
// nodes found, those between two nodes of the last ring too; only one
// between two nodes with more relations than are looked at may be
// missing, and then the subgraph says it is cut.
func TestNeighbourhoodEdgesAmongNodesFound(t *testing.T) {
	s := hubGraph(t)
	ctx := context.Background()
	// From leaf-100: the hub and two leaves, then the hub's other
	// neighbours (hub2 among them, and leaves joined to one another).
	g, err := s.Neighbourhood(ctx, "leaf-100", 2, nil, domain.ClaimFilter{}, store.MaxNeighbours)
	if err != nil {
		t.Fatal(err)
	}
	nodes := entityIDs(g.Nodes)
	if len(nodes) != hubLeaves+2 || !slices.Contains(nodes, "hub2") {
		t.Fatalf("%d nodes, want the hub, its %d leaves and hub2", len(nodes), hubLeaves)
	}
	want, edges := relationsAmong(t, nodes), relationIDs(g.Edges)
	slices.Sort(edges)
	hubs := domain.RelationID("hub", "SUPPORTS", "hub2", nil)
	if !slices.Contains(want, hubs) || !slices.Contains(want, domain.RelationID("leaf-200", "SUPPORTS", "leaf-201", nil)) {
		t.Fatalf("the fixture has no relation between two hubs or two leaves found: %v", want)
	}
	if !g.Truncated {
		t.Errorf("two nodes have more relations than are looked at, and the subgraph is not truncated")
	}
	edges = slices.DeleteFunc(edges, func(id string) bool { return id == hubs })
	want = slices.DeleteFunc(want, func(id string) bool { return id == hubs })
	if !slices.Equal(edges, want) {
		t.Errorf("edges:\n%v\nwant\n%v", edges, want)
	}

	// Of the leaves alone, depth 1 from a leaf: nothing is cut.
	g, err = s.Neighbourhood(ctx, "leaf-010", 1, []string{"SUPPORTS"}, domain.ClaimFilter{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	nodes, edges = entityIDs(g.Nodes), relationIDs(g.Edges)
	slices.Sort(edges)
	if want := relationsAmong(t, nodes); g.Truncated || len(nodes) != 4 || !slices.Equal(edges, want) {
		t.Errorf("from leaf-010: nodes %v, edges %v, truncated %v; want 4 nodes, edges %v", nodes, edges, g.Truncated, want)
	}
}

// TestNeighbourhoodEdgeHeads answers with the heads of relations
// (store.EdgeHeads) what it answers in full, less the claims and
// attributes, and with their keys (store.EdgeKeys) their ends, types and
// since: the same nodes, relations and cut, under every claim filter,
// which still chooses the relations.
func TestNeighbourhoodEdgeHeads(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		graph func(*testing.T) *store.Store
		q     store.NeighbourhoodQuery
		edges int  // at least so many relations
		cut   bool // truncated
	}{
		{claimsGraph, store.NeighbourhoodQuery{ID: "alpha", Depth: 3, Limit: 50}, 4, false},
		{claimsGraph, store.NeighbourhoodQuery{ID: "alpha", Depth: 2, Limit: 50, Claims: domain.ClaimFilter{AsOf: date("2018")}}, 2, false},
		{claimsGraph, store.NeighbourhoodQuery{ID: "alpha", Depth: 3, Limit: 50,
			Claims: domain.ClaimFilter{KnownAt: date("2020"), Modalities: modalities("ASSERTED", "PREDICTED")}}, 4, false},
		{claimsGraph, store.NeighbourhoodQuery{ID: "charlie", Depth: 1, Limit: 2}, 1, true},
		{hubGraph, store.NeighbourhoodQuery{ID: "leaf-100", Depth: 2, Limit: store.MaxNeighbours}, hubLeaves, true},
	} {
		name := fmt.Sprintf("%s %d %+v", c.q.ID, c.q.Limit, c.q.Claims)
		t.Run(name, func(t *testing.T) {
			s := c.graph(t)
			full, err := s.NeighbourhoodOf(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			c.q.Edges = store.EdgeHeads
			heads, err := s.NeighbourhoodOf(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			c.q.Edges = store.EdgeKeys
			keys, err := s.NeighbourhoodOf(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(full.Edges) < c.edges || full.Truncated != c.cut {
				t.Fatalf("in full: %d relations, truncated %v; the case wants at least %d, truncated %v", len(full.Edges), full.Truncated, c.edges, c.cut)
			}
			for _, g := range []store.Subgraph{heads, keys} {
				if !reflect.DeepEqual(entityIDs(g.Nodes), entityIDs(full.Nodes)) || g.Truncated != full.Truncated || len(g.Edges) != len(full.Edges) {
					t.Fatalf("heads or keys: %v, %d relations, truncated %v; in full %v, %d, %v", entityIDs(g.Nodes), len(g.Edges), g.Truncated,
						entityIDs(full.Nodes), len(full.Edges), full.Truncated)
				}
			}
			for i, r := range full.Edges {
				if len(r.Evidence) == 0 {
					t.Errorf("%s in full has no claims", r.ID())
				}
				head := *r
				head.Evidence, head.Attributes = nil, nil
				if !reflect.DeepEqual(heads.Edges[i], &head) {
					t.Errorf("relation %d: head %+v, in full %+v", i, heads.Edges[i], r)
				}
				key := domain.Relation{From: r.From, Type: r.Type, To: r.To, Since: r.Since}
				if !reflect.DeepEqual(keys.Edges[i], &key) {
					t.Errorf("relation %d: keys %+v, in full %+v", i, keys.Edges[i], r)
				}
			}
		})
	}
}
