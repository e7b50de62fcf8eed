package store

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// The budget of a path search: the most relationships it may read.
const (
	DefaultPathBudget = 20000
	MaxPathBudget     = 200000
)

// PathQuery asks for the shortest paths between two entities.
type PathQuery struct {
	From, To string
	// MaxHops bounds the length of a path (1 to MaxHops).
	MaxHops int
	// Types and Claims select the relations a path may follow.
	Types  []string
	Claims domain.ClaimFilter
	// Limit is the most paths answered (1 to MaxPaths).
	Limit int
	// Budget is the most relationships the search may read (1 to
	// MaxPathBudget; the API's default is DefaultPathBudget).
	Budget int
}

// PathSearch is what a path search found.
type PathSearch struct {
	// Paths are shortest first, at most the query's Limit of them.
	Paths []Path
	// Complete is true when Paths is the whole answer: the Limit shortest
	// paths of at most MaxHops relations (fewer when there are fewer). It
	// is false when the budget ran out first.
	Complete bool
	// SearchedHops is the length up to which the search was exhaustive:
	// every path of at most SearchedHops relations is in Paths, up to
	// Limit. An incomplete search also lists the paths one hop longer
	// that it found. Either way the first path is a shortest path.
	SearchedHops int
	// Read is how many relationships the search read, followed or not.
	Read int
}

// Paths searches for up to q.Limit shortest simple paths between two
// entities, ignoring direction, shortest first, each at most q.MaxHops
// long, reading at most q.Budget relationships.
//
// The search is breadth first from both ends at once, one statement per
// level: each round expands the end whose frontier has the fewer
// relationships, so a hub is expanded only when the other side is
// costlier, and at most once. Every relationship read satisfies the types
// and the claim filter. It stops when Limit paths are known that no
// shorter path could displace, when MaxHops is searched, or when the
// budget runs out (then the answer is not Complete, and no error).
//
// Errors: ENOTFOUND for a missing end, ELIMIT, EINVALID.
func (s *Store) Paths(ctx context.Context, q PathQuery) (PathSearch, error) {
	if err := q.check(); err != nil {
		return PathSearch{}, err
	}
	f, err := followed(q)
	if err != nil {
		return PathSearch{}, err
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (PathSearch, error) {
		ps, err := s.startPathSearch(ctx, tx, q, f)
		if err != nil {
			return PathSearch{}, err
		}
		if err := ps.run(ctx); err != nil {
			return PathSearch{}, err
		}
		return ps.answer(ctx)
	})
}

// check validates the query's bounds and ends.
func (q PathQuery) check() error {
	switch {
	case q.MaxHops < 1 || q.MaxHops > MaxHops:
		return domain.Errorf(domain.ELIMIT, "maxHops must be between 1 and %d, not %d", MaxHops, q.MaxHops)
	case q.Limit < 1 || q.Limit > MaxPaths:
		return domain.Errorf(domain.ELIMIT, "limit must be between 1 and %d, not %d", MaxPaths, q.Limit)
	case q.Budget < 1 || q.Budget > MaxPathBudget:
		return domain.Errorf(domain.ELIMIT, "budget must be between 1 and %d, not %d", MaxPathBudget, q.Budget)
	case q.From == q.To:
		return domain.Errorf(domain.EINVALID, "from and to are the same node %q", q.From)
	}
	return nil
}

// follow is what a path may follow: relationships of the type pattern
// typePat that satisfy predicate (on the relationship hop and its far end
// b), with its parameters.
type follow struct {
	typePat   string
	predicate string
	params    map[string]any
}

// followed checks q's types and claim filter.
//
// Errors: EINVALID for an unknown type or modality, or a bad date.
func followed(q PathQuery) (follow, error) {
	typePat, err := typePattern(q.Types)
	if err != nil {
		return follow{}, err
	}
	params := map[string]any{}
	w, err := claimPredicates("hop", q.Claims, params)
	if err != nil {
		return follow{}, err
	}
	return follow{typePat: typePat, predicate: strings.Join(append(w, "b:Entity"), " AND "), params: params}, nil
}

// pathSearch is a search in progress. Nodes and relationships are named
// by their element ids, which are stable within the transaction, so the
// search reads no property of the nodes it passes.
type pathSearch struct {
	s    *Store
	tx   neo4j.ManagedTransaction
	q    PathQuery
	f    follow
	ends [2]searchSide // from, to
	g    pathGraph
	read int  // relationships read
	cut  bool // the budget ran out in the middle of a level
}

// searchSide is the breadth-first search from one end.
type searchSide struct {
	start    string
	dist     map[string]int // node -> hops from start, for the nodes reached
	frontier []string       // the nodes at hops depth, to expand next
	depth    int            // levels expanded in full
	cost     int            // relationships of the frontier's nodes, at most; -1 unknown
}

// startPathSearch finds both ends (ENOTFOUND) and their degrees.
func (s *Store) startPathSearch(ctx context.Context, tx neo4j.ManagedTransaction, q PathQuery, f follow) (*pathSearch, error) {
	rec, err := s.single(ctx, tx, `
OPTIONAL MATCH (a:Entity {id: $from})
OPTIONAL MATCH (b:Entity {id: $to})
RETURN elementId(a), elementId(b), COUNT { (a)-[`+f.typePat+`]-() }, COUNT { (b)-[`+f.typePat+`]-() }`,
		map[string]any{"from": q.From, "to": q.To})
	if err != nil {
		return nil, err
	}
	ps := &pathSearch{s: s, tx: tx, q: q, f: f, g: newPathGraph()}
	for i, id := range []string{q.From, q.To} {
		eid, ok := rec.Values[i].(string)
		if !ok {
			return nil, domain.Errorf(domain.ENOTFOUND, "no actor, policy or event %q", id)
		}
		ps.ends[i] = searchSide{start: eid, dist: map[string]int{eid: 0}, frontier: []string{eid}, cost: asInt(rec.Values[2+i])}
	}
	return ps, nil
}

// searched is the length up to which every path is among the
// relationships read: a path of at most ends[0].depth + ends[1].depth
// hops has its first part within ends[0].depth of the start and the rest
// within ends[1].depth of the end, and each of its relationships was read
// from an end that was expanded in full.
func (ps *pathSearch) searched() int {
	return min(ps.ends[0].depth+ps.ends[1].depth, ps.q.MaxHops)
}

// run expands one end a level at a time until the answer is known or the
// budget runs out.
func (ps *pathSearch) run(ctx context.Context) error {
	for {
		hops := ps.searched()
		if len(ps.g.paths(ps.ends[0].start, ps.ends[1].start, hops, ps.q.Limit)) == ps.q.Limit || hops == ps.q.MaxHops {
			return nil
		}
		if len(ps.ends[0].frontier) == 0 || len(ps.ends[1].frontier) == 0 {
			// One end's whole component has been read: no path is missing.
			ps.ends[0].depth = ps.q.MaxHops
			return nil
		}
		next, err := ps.cheaperEnd(ctx)
		if err != nil {
			return err
		}
		if err := ps.expand(ctx, next); err != nil {
			return err
		}
		if ps.cut {
			return nil
		}
	}
}

// cheaperEnd returns the end whose frontier has the fewer relationships
// (counted regardless of the claim filter, from Neo4j's degree counts),
// reading the counts of a frontier only when they are unknown and could be
// read within the budget. A frontier so counted is put in order of degree,
// so that a level the budget cuts short reads the most nodes it can.
func (ps *pathSearch) cheaperEnd(ctx context.Context) (int, error) {
	left := ps.q.Budget - ps.read
	for i := range ps.ends {
		e := &ps.ends[i]
		if e.cost >= 0 {
			continue
		}
		if len(e.frontier) > left {
			e.cost = len(e.frontier) // more than the budget: it will be cut anyway
			continue
		}
		records, err := ps.s.run(ctx, ps.tx, `
UNWIND $frontier AS node
MATCH (n) WHERE elementId(n) = node
RETURN node, COUNT { (n)-[`+ps.f.typePat+`]-() }`, map[string]any{"frontier": ps.unexpanded(e.frontier)})
		if err != nil {
			return 0, err
		}
		degree := make(map[string]int, len(records))
		e.cost = 0
		for _, r := range records {
			degree[r.Values[0].(string)] = asInt(r.Values[1])
			e.cost += asInt(r.Values[1])
		}
		slices.SortStableFunc(e.frontier, func(a, b string) int { return degree[a] - degree[b] })
	}
	if ps.ends[1].cost < ps.ends[0].cost {
		return 1, nil
	}
	return 0, nil
}

// unexpanded returns the nodes of frontier whose relationships have not
// been read yet (by the other end).
func (ps *pathSearch) unexpanded(frontier []string) []string {
	return slices.DeleteFunc(slices.Clone(frontier), ps.g.expanded)
}

// expand reads the relationships of end i's frontier, at most what is
// left of the budget, and makes the nodes they reach first its next
// frontier. A node the other end expanded already is not read again.
func (ps *pathSearch) expand(ctx context.Context, i int) error {
	e := &ps.ends[i]
	left := ps.q.Budget - ps.read
	// Every relationship read counts, followed or not, so the budget
	// bounds the work whatever the filter keeps: the filter is applied
	// after the limit. One row more than is left tells a level cut short
	// from one that used the budget up exactly.
	params := map[string]any{"frontier": ps.unexpanded(e.frontier), "rows": left + 1}
	maps.Copy(params, ps.f.params)
	records, err := ps.s.run(ctx, ps.tx, `
UNWIND $frontier AS node
MATCH (a)-[hop`+ps.f.typePat+`]-(b)
WHERE elementId(a) = node
WITH node, hop, b LIMIT $rows
RETURN node, elementId(hop), elementId(b), `+ps.f.predicate, params)
	if err != nil {
		return err
	}
	if len(records) > left {
		ps.cut = true
		records = records[:left]
	}
	ps.read += len(records)
	for _, r := range records {
		if r.Values[3] == true {
			ps.g.add(r.Values[0].(string), r.Values[1].(string), r.Values[2].(string))
		}
	}
	var next []string
	for _, n := range e.frontier {
		if !ps.cut {
			ps.g.expandedAll(n)
		}
		for _, h := range ps.g.adj[n] {
			if _, ok := e.dist[h.to]; !ok {
				e.dist[h.to] = e.depth + 1
				next = append(next, h.to)
			}
		}
	}
	e.frontier, e.cost = next, -1
	if !ps.cut {
		e.depth++
	}
	return nil
}

// answer reads the entities and relations of the paths found: every path
// of at most searched() hops, and when the budget ran out in the middle
// of the next level, the paths that level found so far.
func (ps *pathSearch) answer(ctx context.Context) (PathSearch, error) {
	hops := ps.searched()
	longest := hops
	if ps.cut {
		longest = min(hops+1, ps.q.MaxHops)
	}
	start := ps.ends[0].start
	found := ps.g.paths(start, ps.ends[1].start, longest, ps.q.Limit)
	out := PathSearch{Paths: make([]Path, 0, len(found)), Complete: !ps.cut, SearchedHops: hops, Read: ps.read}
	if len(found) == 0 {
		return out, nil
	}
	nodes, rels := []string{start}, []string{}
	for _, p := range found {
		for _, h := range p {
			nodes, rels = append(nodes, h.to), append(rels, h.rel)
		}
	}
	rec, err := ps.s.single(ctx, ps.tx, `
CALL { UNWIND $nodes AS node MATCH (n) WHERE elementId(n) = node RETURN collect([node, n]) AS nodes }
CALL { UNWIND $rels AS rel MATCH ()-[r]->() WHERE elementId(r) = rel RETURN collect([rel, `+relationColumns+`]) AS rels }
RETURN nodes, rels`, map[string]any{"nodes": slices.Compact(slices.Sorted(slices.Values(nodes))), "rels": slices.Compact(slices.Sorted(slices.Values(rels)))})
	if err != nil {
		return PathSearch{}, err
	}
	entities := map[string]domain.Entity{}
	for _, v := range rec.Values[0].([]any) {
		pair := v.([]any)
		if entities[pair[0].(string)], err = entityOf(pair[1].(neo4j.Node)); err != nil {
			return PathSearch{}, err
		}
	}
	relations := map[string]*domain.Relation{}
	for _, v := range rec.Values[1].([]any) {
		pair := v.([]any)
		relations[pair[0].(string)] = relationAt(pair[1], ps.q.Claims.KnownAt)
	}
	for _, p := range found {
		path := Path{Nodes: []domain.Entity{entities[start]}}
		for _, h := range p {
			path.Nodes, path.Relations = append(path.Nodes, entities[h.to]), append(path.Relations, relations[h.rel])
		}
		out.Paths = append(out.Paths, path)
	}
	return out, nil
}
