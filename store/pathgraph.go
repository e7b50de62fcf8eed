package store

// pathGraph is what a path search has read: an undirected multigraph of
// element ids, where it enumerates paths.
type pathGraph struct {
	adj  map[string][]halfEdge // node -> its relationships read, in the order read
	rels map[string]bool       // relationships in adj
	done map[string]bool       // nodes all of whose relationships are in adj
}

// halfEdge is a relationship seen from one of its ends.
type halfEdge struct{ rel, to string }

func newPathGraph() pathGraph {
	return pathGraph{adj: map[string][]halfEdge{}, rels: map[string]bool{}, done: map[string]bool{}}
}

// add records the relationship rel between a and b, once.
func (g *pathGraph) add(a, rel, b string) {
	if g.rels[rel] {
		return
	}
	g.rels[rel] = true
	g.adj[a] = append(g.adj[a], halfEdge{rel: rel, to: b})
	if a != b {
		g.adj[b] = append(g.adj[b], halfEdge{rel: rel, to: a})
	}
}

// expandedAll records that every relationship of n has been read.
func (g *pathGraph) expandedAll(n string) { g.done[n] = true }

// expanded tells whether every relationship of n has been read.
func (g *pathGraph) expanded(n string) bool { return g.done[n] }

// distancesTo returns the hops from each node to to, up to maxLen.
func (g *pathGraph) distancesTo(to string, maxLen int) map[string]int {
	dist := map[string]int{to: 0}
	ring := []string{to}
	for d := 1; d <= maxLen && len(ring) > 0; d++ {
		var next []string
		for _, n := range ring {
			for _, h := range g.adj[n] {
				if _, ok := dist[h.to]; !ok {
					dist[h.to] = d
					next = append(next, h.to)
				}
			}
		}
		ring = next
	}
	return dist
}

// paths returns up to limit simple paths (no node twice) from from to to
// of at most maxLen relationships, shortest first, each as the
// relationships it follows and the nodes they lead to. Paths of one
// length come in the order their relationships were read, so the same
// reads give the same answer. The distances to to prune every branch that
// cannot end there in time, so each path costs a few steps per hop.
func (g *pathGraph) paths(from, to string, maxLen, limit int) [][]halfEdge {
	dist := g.distancesTo(to, maxLen)
	shortest, ok := dist[from]
	if !ok {
		return nil
	}
	var out [][]halfEdge
	onPath := map[string]bool{from: true}
	var walk []halfEdge
	var extend func(n string, length int)
	extend = func(n string, length int) {
		for _, h := range g.adj[n] {
			if len(out) == limit {
				return
			}
			d, ok := dist[h.to]
			if !ok || onPath[h.to] || len(walk)+1+d > length || h.to == to && len(walk)+1 < length {
				continue
			}
			walk = append(walk, h)
			if h.to == to {
				out = append(out, append([]halfEdge(nil), walk...))
			} else {
				onPath[h.to] = true
				extend(h.to, length)
				delete(onPath, h.to)
			}
			walk = walk[:len(walk)-1]
		}
	}
	for length := shortest; length <= maxLen && len(out) < limit; length++ {
		extend(from, length)
	}
	return out
}
