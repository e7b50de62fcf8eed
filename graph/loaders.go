package graph

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// loaders batch the look-ups that resolvers make per object into one query
// per kind per tick of the request, whatever the page size (no N+1). They
// live for one request, so nothing is cached across requests.
type loaders struct {
	entities    *dataloadgen.Loader[string, domain.Entity]
	sources     *dataloadgen.Loader[string, *domain.Source]
	relationsOf *dataloadgen.Loader[relationsKey, domain.Page[*domain.Relation]]
	entitiesOf  *dataloadgen.Loader[entitiesKey, domain.Page[domain.Entity]]
}

// relationsKey is one node's relations with one set of arguments. Keys of
// a batch that share their arguments are fetched by one query.
type relationsKey struct {
	id        string
	direction store.Direction
	types     string // joined with ","
	stances   string
	first     int
	after     string
}

func (k relationsKey) args() relationsKey { k.id = ""; return k }

// entitiesKey is one node's related entities of one kind.
type entitiesKey struct {
	id    string
	kind  domain.EntityKind
	first int
	after string
}

func (k entitiesKey) args() entitiesKey { k.id = ""; return k }

// loaderWait is how long a loader gathers keys before it queries. gqlgen
// resolves the fields of a list's items concurrently, so on an idle
// machine they all ask within microseconds; but on a busy one 250 µs split
// a page of 50 into several batches, so the wait leaves room for that.
const loaderWait = time.Millisecond

func newLoaders(s *store.Store) *loaders {
	l := &loaders{
		entities: dataloadgen.NewMappedLoader(s.Entities, dataloadgen.WithWait(loaderWait)),
		sources:  dataloadgen.NewMappedLoader(s.Sources, dataloadgen.WithWait(loaderWait)),
	}
	l.relationsOf = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []relationsKey) (map[relationsKey]domain.Page[*domain.Relation], error) {
		return batchByArgs(ctx, keys, relationsKey.args, func(ctx context.Context, a relationsKey, ids []string) (map[string]domain.Page[*domain.Relation], error) {
			f := domain.RelationFilter{Types: split(a.types), Stance: stancesOf(split(a.stances))}
			pages, ends, err := s.RelationsOf(ctx, ids, a.direction, f, a.first, optional(a.after))
			// The relations' ends came with them: resolving Relation.from
			// and .to then costs no round trip.
			for id, e := range ends {
				l.entities.Prime(id, e)
			}
			return pages, err
		}, func(k relationsKey) string { return k.id })
	}, dataloadgen.WithWait(loaderWait))
	l.entitiesOf = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []entitiesKey) (map[entitiesKey]domain.Page[domain.Entity], error) {
		return batchByArgs(ctx, keys, entitiesKey.args, func(ctx context.Context, a entitiesKey, ids []string) (map[string]domain.Page[domain.Entity], error) {
			return s.EntitiesOf(ctx, ids, a.kind, a.first, optional(a.after))
		}, func(k entitiesKey) string { return k.id })
	}, dataloadgen.WithWait(loaderWait))
	return l
}

// batchByArgs runs one fetch per distinct argument set and maps results
// back to the keys, so every key gets its own node's result. Nodes with no
// result (none exist) get an empty page.
func batchByArgs[K comparable, V any](ctx context.Context, keys []K, args func(K) K, fetch func(context.Context, K, []string) (map[string]V, error), id func(K) string) (map[K]V, error) {
	groups := map[K][]K{}
	for _, k := range keys {
		groups[args(k)] = append(groups[args(k)], k)
	}
	out := make(map[K]V, len(keys))
	for a, group := range groups {
		ids := make([]string, len(group))
		for i, k := range group {
			ids[i] = id(k)
		}
		results, err := fetch(ctx, a, ids)
		if err != nil {
			return nil, err
		}
		for _, k := range group {
			out[k] = results[id(k)]
		}
	}
	return out, nil
}

type loadersKey struct{}

// WithLoaders gives every request its own dataloaders.
func WithLoaders(s *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, newLoaders(s))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func loadersFor(ctx context.Context) *loaders {
	return ctx.Value(loadersKey{}).(*loaders)
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func stancesOf(ss []string) []domain.Stance {
	out := make([]domain.Stance, len(ss))
	for i, s := range ss {
		out[i] = domain.Stance(s)
	}
	return out
}

func joinSorted[T ~string](values []T) string {
	ss := make([]string, len(values))
	for i, v := range values {
		ss[i] = string(v)
	}
	slices.Sort(ss)
	return strings.Join(slices.Compact(ss), ",")
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
