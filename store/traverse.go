package store

import (
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

// traversal is what a traversal may follow: relationships matching
// pattern (a relationship pattern in brackets, with its inline WHERE), with
// the parameters the pattern takes, and the claims served with them.
type traversal struct {
	pattern string
	params  map[string]any
	knownAt *domain.PartialDate
	// types and filter are pattern's two halves: the type pattern (":A|B",
	// or "") and its predicates on rel.
	types  string
	filter where
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
	return traversal{pattern: "[" + rel + typePat + w.String() + "]", params: params, knownAt: claims.KnownAt, types: typePat, filter: w}, nil
}

// with returns the traversal's parameters and more.
func (t traversal) with(more map[string]any) map[string]any {
	for k, v := range t.params {
		more[k] = v
	}
	return more
}
