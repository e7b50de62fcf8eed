package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// assertedBy is one asserted claim (or another modality) of a fixture
// relation.
func assertedBy(quote string, m domain.Modality) []fixtureClaim {
	return []fixtureClaim{{source: "src", quote: quote, modality: m, statedFrom: "2020-01-01"}}
}

// randomGraph writes a graph of 30 actors and 70 relations drawn with a
// fixed seed, of three types (one symmetric), a tenth of them predicted
// only (not followed by default), and a hub joined to 12 of the actors.
func randomGraph(t *testing.T) (*store.Store, []string) {
	t.Helper()
	s := neo4jtest.Open(t)
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	ids := []string{"hub"}
	for i := range 30 {
		ids = append(ids, fmt.Sprintf("n%02d", i))
	}
	nodes := make([]fixtureNode, len(ids))
	for i, id := range ids {
		nodes[i] = actorNode(id)
	}
	rng := rand.New(rand.NewPCG(14, 2))
	seen := map[string]bool{}
	var rels []fixtureRelation
	add := func(from, typ, to string, m domain.Modality) {
		if typ == "PARTNERS_WITH" && to < from {
			from, to = to, from // a symmetric relation is stored from the end that sorts first
		}
		r := fixtureRelation{from: from, typ: typ, to: to, claims: assertedBy(from+" "+typ+" "+to, m)}
		if from != to && !seen[r.id()] {
			seen[r.id()] = true
			rels = append(rels, r)
		}
	}
	types := []string{"SUPPORTS", "SANCTIONS", "PARTNERS_WITH"}
	for range 70 {
		m := domain.Modality("ASSERTED")
		if rng.IntN(10) == 0 {
			m = "PREDICTED"
		}
		add(ids[1+rng.IntN(30)], types[rng.IntN(3)], ids[1+rng.IntN(30)], m)
	}
	for _, i := range rng.Perm(30)[:12] {
		add("hub", "SUPPORTS", ids[1+i], "ASSERTED")
	}
	writeFixture(t, nodes, rels)
	return s, ids
}

// simplePathLengths returns, from Neo4j's own matching, the lengths of
// every simple path (no node twice) of at most maxHops relations between
// two nodes over the relations of types (any when empty) that have an
// asserted or reported claim, in order.
func simplePathLengths(t *testing.T, from, to string, types string, maxHops int) []int {
	t.Helper()
	records := neo4jtest.Exec(t, fmt.Sprintf(`
MATCH p = (a:Entity {id: $from})-[r%s WHERE any(m IN r.modalities WHERE m IN ['ASSERTED', 'REPORTED'])]-{1,%d}(b:Entity {id: $to})
WHERE all(i IN range(0, length(p) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[i + 1..])
RETURN length(p) ORDER BY length(p)`, types, maxHops), map[string]any{"from": from, "to": to})
	lengths := make([]int, len(records))
	for i, r := range records {
		lengths[i] = int(r.Values[0].(int64))
	}
	return lengths
}

// checkWalk fails unless p runs from from to to, each relation joining
// the nodes it stands between, through distinct nodes, over types.
func checkWalk(t *testing.T, p store.Path, from, to string, types []string) {
	t.Helper()
	if len(p.Nodes) != len(p.Relations)+1 || p.Nodes[0].NodeID() != from || p.Nodes[len(p.Nodes)-1].NodeID() != to {
		t.Fatalf("path %v does not run from %s to %s", pathIDs(p), from, to)
	}
	seen := map[string]bool{}
	for i, r := range p.Relations {
		a, b := p.Nodes[i].NodeID(), p.Nodes[i+1].NodeID()
		if !(r.From == a && r.To == b || r.From == b && r.To == a) || seen[a] {
			t.Fatalf("path %v: relation %s does not join %s and %s, or a node repeats", pathIDs(p), r.ID(), a, b)
		}
		if len(types) > 0 && !slices.Contains(types, r.Type) {
			t.Fatalf("path %v follows %s, not of %v", pathIDs(p), r.ID(), types)
		}
		seen[a] = true
	}
}

func pathIDs(p store.Path) []string {
	ids := make([]string, len(p.Nodes))
	for i, n := range p.Nodes {
		ids[i] = n.NodeID()
	}
	return ids
}

// TestPathsAreShortest compares, on a random graph with a hub, the paths
// found between many pairs with every simple path Neo4j matches: the same
// lengths, shortest first, as many as there are up to the limit, each a
// real walk over the relations the filter and the types allow.
func TestPathsAreShortest(t *testing.T) {
	s, ids := randomGraph(t)
	ctx := context.Background()
	for _, c := range []struct {
		types   []string
		pattern string
		maxHops int
		limit   int
	}{
		{nil, "", 4, 20},
		{nil, "", 3, 1},
		{[]string{"SUPPORTS", "PARTNERS_WITH"}, ":PARTNERS_WITH|SUPPORTS", 4, 5},
	} {
		for i := 1; i < len(ids); i += 3 {
			from, to := ids[i], ids[(i*7)%len(ids)]
			if from == to {
				continue
			}
			name := fmt.Sprintf("%s-%s types %v maxHops %d limit %d", from, to, c.types, c.maxHops, c.limit)
			got, err := s.Paths(ctx, store.PathQuery{From: from, To: to, MaxHops: c.maxHops, Types: c.types, Limit: c.limit, Budget: store.DefaultPathBudget})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want := simplePathLengths(t, from, to, c.pattern, c.maxHops)
			want = want[:min(len(want), c.limit)]
			var lengths []int
			for _, p := range got.Paths {
				checkWalk(t, p, from, to, c.types)
				lengths = append(lengths, len(p.Relations))
			}
			if !slices.Equal(lengths, want) || !got.Complete {
				t.Errorf("%s: lengths %v (complete %v), want %v", name, lengths, got.Complete, want)
			}
		}
	}
}

// TestPathsShortestAsNeo4j compares the length of the shortest path with
// Neo4j's SHORTEST 1 over the same relations, from the hub and from an
// actor to every other.
func TestPathsShortestAsNeo4j(t *testing.T) {
	s, ids := randomGraph(t)
	ctx := context.Background()
	for _, from := range ids[:2] {
		for _, to := range ids {
			if to == from {
				continue
			}
			got, err := s.Paths(ctx, store.PathQuery{From: from, To: to, MaxHops: 6, Limit: 1, Budget: store.DefaultPathBudget})
			if err != nil {
				t.Fatal(err)
			}
			records := neo4jtest.Exec(t, `
MATCH p = SHORTEST 1 (a:Entity {id: $from})-[r WHERE any(m IN r.modalities WHERE m IN ['ASSERTED', 'REPORTED'])]-{1,6}(b:Entity {id: $to})
RETURN length(p)`, map[string]any{"from": from, "to": to})
			var gotLen, wantLen []int64
			for _, p := range got.Paths {
				gotLen = append(gotLen, int64(len(p.Relations)))
			}
			for _, r := range records {
				wantLen = append(wantLen, r.Values[0].(int64))
			}
			if !slices.Equal(gotLen, wantLen) {
				t.Errorf("%s-%s: shortest %v, Neo4j's %v", from, to, gotLen, wantLen)
			}
		}
	}
}

// pathHubGraph writes two hubs of 100 leaves each, from joined to the first
// and to to the second, and one leaf, mid, of both:
//
//	from - hubA - (100 leaves, mid among them) - hubB - to
//	far - near - to
//
// The one path from from to to, of 4 hops, needs a hub's relationships
// read: from's 1, to's 2, hub-a's 101, and its leaves' 101 (including
// mid's to hub-b): 205. far is 2 hops from to by near.
func pathHubGraph(t *testing.T) *store.Store {
	t.Helper()
	s := neo4jtest.Open(t)
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	nodes := []fixtureNode{actorNode("from"), actorNode("to"), actorNode("hub-a"), actorNode("hub-b"), actorNode("mid"),
		actorNode("far"), actorNode("near")}
	rel := func(from, to string) fixtureRelation {
		return fixtureRelation{from: from, typ: "SUPPORTS", to: to, claims: assertedBy(from+" supports "+to, "ASSERTED")}
	}
	rels := []fixtureRelation{rel("from", "hub-a"), rel("hub-b", "to"), rel("hub-a", "mid"), rel("hub-b", "mid"),
		rel("far", "near"), rel("near", "to")}
	for i := range 99 {
		a, b := fmt.Sprintf("leaf-a%02d", i), fmt.Sprintf("leaf-b%02d", i)
		nodes = append(nodes, actorNode(a), actorNode(b))
		rels = append(rels, rel("hub-a", a), rel("hub-b", b))
	}
	writeFixture(t, nodes, rels)
	return s
}

// TestPathsBudget runs out of budget on the hubs: the answer says so, with
// no error, and counts what it read; with budget enough the path is found.
func TestPathsBudget(t *testing.T) {
	s := pathHubGraph(t)
	ctx := context.Background()
	q := store.PathQuery{From: "from", To: "to", MaxHops: 4, Limit: 1}
	for _, c := range []struct {
		budget   int
		complete bool
		length   int // of the path found; 0 for none
	}{
		{budget: 50, complete: false},
		{budget: 205, complete: true, length: 4},
		{budget: store.MaxPathBudget, complete: true, length: 4},
	} {
		q.Budget = c.budget
		got, err := s.Paths(ctx, q)
		if err != nil {
			t.Fatalf("budget %d: %v", c.budget, err)
		}
		if got.Complete != c.complete || got.Read > c.budget {
			t.Errorf("budget %d: complete %v, read %d, want complete %v", c.budget, got.Complete, got.Read, c.complete)
		}
		if !c.complete && (got.Read != c.budget || got.SearchedHops != 2) {
			t.Errorf("budget %d: incomplete after reading %d, searched %d hops; want the whole budget read, 2 hops searched",
				c.budget, got.Read, got.SearchedHops)
		}
		if c.length > 0 && (len(got.Paths) != 1 || len(got.Paths[0].Relations) != c.length || got.SearchedHops != c.length) {
			t.Errorf("budget %d: %d paths (searched %d hops), want one of %d hops", c.budget, len(got.Paths), got.SearchedHops, c.length)
		}
	}
}

// TestPathsExpandTheCheaperEnd finds a path next to a hub without reading
// the hub's relationships: the other end's frontier is always cheaper.
func TestPathsExpandTheCheaperEnd(t *testing.T) {
	s := pathHubGraph(t)
	ctx := context.Background()
	// from - hub-a, to - near - far: no path from hub-a's side within 3
	// hops, and hub-a is the costlier frontier at every level.
	got, err := s.Paths(ctx, store.PathQuery{From: "far", To: "hub-b", MaxHops: 4, Limit: 1, Budget: store.DefaultPathBudget})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Paths) != 1 || len(got.Paths[0].Relations) != 3 || !got.Complete {
		t.Fatalf("got %d paths, complete %v; want far-near-to-hub-b", len(got.Paths), got.Complete)
	}
	if got.Read >= 100 {
		t.Errorf("read %d relationships: hub-b's 101 were read", got.Read)
	}
}

// TestPathsLimits checks the bounds of a search and the errors of bad
// requests.
func TestPathsLimits(t *testing.T) {
	s := pathHubGraph(t)
	ctx := context.Background()
	ok := store.PathQuery{From: "from", To: "to", MaxHops: 4, Limit: 1, Budget: store.DefaultPathBudget}
	for name, c := range map[string]struct {
		edit func(*store.PathQuery)
		code string
	}{
		"maxHops 0":        {func(q *store.PathQuery) { q.MaxHops = 0 }, domain.ELIMIT},
		"maxHops over":     {func(q *store.PathQuery) { q.MaxHops = store.MaxHops + 1 }, domain.ELIMIT},
		"limit 0":          {func(q *store.PathQuery) { q.Limit = 0 }, domain.ELIMIT},
		"limit over":       {func(q *store.PathQuery) { q.Limit = store.MaxPaths + 1 }, domain.ELIMIT},
		"budget negative":  {func(q *store.PathQuery) { q.Budget = -1 }, domain.ELIMIT},
		"budget over":      {func(q *store.PathQuery) { q.Budget = store.MaxPathBudget + 1 }, domain.ELIMIT},
		"same ends":        {func(q *store.PathQuery) { q.To = q.From }, domain.EINVALID},
		"unknown type":     {func(q *store.PathQuery) { q.Types = []string{"LIKES"} }, domain.EINVALID},
		"missing end":      {func(q *store.PathQuery) { q.To = "nowhere" }, domain.ENOTFOUND},
		"missing start":    {func(q *store.PathQuery) { q.From = "nowhere" }, domain.ENOTFOUND},
		"unknown modality": {func(q *store.PathQuery) { q.Claims.Modalities = []domain.Modality{"RUMOURED"} }, domain.EINVALID},
		"asOf and during set": {func(q *store.PathQuery) {
			y := domain.PartialDate("2020")
			q.Claims.AsOf, q.Claims.During = &y, &domain.Window{From: &y}
		}, domain.EINVALID},
	} {
		q := ok
		q.Types = nil
		c.edit(&q)
		if _, err := s.Paths(ctx, q); domain.ErrorCode(err) != c.code {
			t.Errorf("%s: %v, want %s", name, err, c.code)
		}
	}
	// maxHops bounds the paths: none of 3 hops or fewer; the search is
	// complete all the same.
	short := ok
	short.MaxHops = 3
	if got, err := s.Paths(ctx, short); err != nil || len(got.Paths) != 0 || !got.Complete || got.SearchedHops != 3 {
		t.Errorf("maxHops 3: %+v, %v; want no path, complete, 3 hops searched", got, err)
	}
	// Fewer paths than the limit: all of them, and complete (the limit
	// itself is compared with Neo4j in TestPathsAreShortest).
	for limit, want := range map[int][]int{1: {1}, 5: {1}} {
		got, err := s.Paths(ctx, store.PathQuery{From: "mid", To: "hub-a", MaxHops: 4, Limit: limit, Budget: store.DefaultPathBudget})
		if err != nil {
			t.Fatal(err)
		}
		var lengths []int
		for _, p := range got.Paths {
			lengths = append(lengths, len(p.Relations))
		}
		if !slices.Equal(lengths, want) || !got.Complete {
			t.Errorf("limit %d: lengths %v, want %v", limit, lengths, want)
		}
	}
}
