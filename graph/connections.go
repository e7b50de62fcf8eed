package graph

import (
	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph/model"
)

func pageInfo[T any](p domain.Page[T]) *model.PageInfo {
	info := &model.PageInfo{HasNextPage: p.HasNextPage, HasPreviousPage: p.HasPrevious}
	if n := len(p.Cursors); n > 0 {
		info.StartCursor, info.EndCursor = &p.Cursors[0], &p.Cursors[n-1]
	}
	return info
}

// edges builds a connection's edges from a page, one per item.
func edges[T, E any](p domain.Page[T], edge func(cursor string, node T) E) []E {
	out := make([]E, len(p.Items))
	for i, item := range p.Items {
		out[i] = edge(p.Cursors[i], item)
	}
	return out
}

func actorConnection(p domain.Page[*domain.Actor]) *model.ActorConnection {
	return &model.ActorConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p),
		Edges: edges(p, func(c string, n *domain.Actor) *model.ActorEdge { return &model.ActorEdge{Cursor: c, Node: n} })}
}

func policyConnection(p domain.Page[*domain.Policy]) *model.PolicyConnection {
	return &model.PolicyConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p),
		Edges: edges(p, func(c string, n *domain.Policy) *model.PolicyEdge { return &model.PolicyEdge{Cursor: c, Node: n} })}
}

func eventConnection(p domain.Page[*domain.Event]) *model.EventConnection {
	return &model.EventConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p),
		Edges: edges(p, func(c string, n *domain.Event) *model.EventEdge { return &model.EventEdge{Cursor: c, Node: n} })}
}

// relationConnection builds a page of the relations of the node with id of
// ("" for relations read from no node): each edge's other end is relative
// to it.
func relationConnection(p domain.Page[*domain.Relation], of string) *model.RelationConnection {
	return &model.RelationConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p),
		Edges: edges(p, func(c string, n *domain.Relation) *model.RelationEdge {
			return &model.RelationEdge{Cursor: c, Node: n, Of: of}
		})}
}

func timelineConnection(p domain.Page[domain.Dated]) *model.TimelineConnection {
	return &model.TimelineConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p),
		Edges: edges(p, func(c string, n domain.Dated) *model.TimelineEdge {
			return &model.TimelineEdge{Cursor: c, Date: n.TimelineDate(), Node: n}
		})}
}

// narrow converts a page of entities known to be of type T.
func narrow[T domain.Entity](p domain.Page[domain.Entity]) domain.Page[T] {
	out := domain.Page[T]{Cursors: p.Cursors, HasNextPage: p.HasNextPage, HasPrevious: p.HasPrevious, TotalCount: p.TotalCount}
	for _, e := range p.Items {
		out.Items = append(out.Items, e.(T))
	}
	return out
}
