package graph

import (
	"context"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

// searchPaths runs the path search of shortestPaths and paths, with the
// schema's defaults for the arguments not given.
func (r *queryResolver) searchPaths(ctx context.Context, from, to string, maxHops *int, types []string, modalities []domain.Modality,
	asOf *domain.PartialDate, during *domain.Window, knownAt *domain.PartialDate, limit, budget *int) (store.PathSearch, error) {
	claims, err := claimFilter(modalities, asOf, during, knownAt)
	if err != nil {
		return store.PathSearch{}, err
	}
	return r.Store.Paths(ctx, store.PathQuery{From: from, To: to, MaxHops: intOr(maxHops, 4), Types: types, Claims: claims,
		Limit: intOr(limit, 5), Budget: intOr(budget, store.DefaultPathBudget)})
}

// pathsOf returns the paths found, and looks ahead below them, where they
// appear at path in the field's selection.
func pathsOf(ctx context.Context, paths []store.Path, path ...string) []*model.Path {
	out := make([]*model.Path, len(paths))
	var nodes []domain.Entity
	var rels []*domain.Relation
	for i, p := range paths {
		out[i] = &model.Path{Nodes: p.Nodes, Relations: p.Relations, Length: len(p.Relations)}
		nodes, rels = append(nodes, p.Nodes...), append(rels, p.Relations...)
	}
	prefetch(ctx, entitiesAt(nodes, append(path, "nodes")...), relationsAt(rels, append(path, "relations")...))
	return out
}
