package graph

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

// loaders hold what one request has read, keyed by what resolvers ask
// for. The look-ahead (prefetch.go) fills them for whole pages before the
// child resolvers run; what it does not cover, the dataloaders batch by
// time. They live for one request, so nothing is cached across requests.
type loaders struct {
	store       *store.Store
	entities    *dataloadgen.Loader[string, domain.Entity]
	sources     *dataloadgen.Loader[string, *domain.Source]
	relationsOf *dataloadgen.Loader[relationsKey, domain.Page[*domain.Relation]]
	entitiesOf  *dataloadgen.Loader[entitiesKey, domain.Page[domain.Entity]]

	// lookahead is whether resolvers prefetch (prefetch.go); only tests
	// turn it off, to compare answers with and without it.
	lookahead bool

	mu sync.Mutex
	// known are the entities primed into entities: the look-ahead reads
	// only those it does not have.
	known map[string]domain.Entity
	// pages are the pages primed into relationsOf, by key: the look-ahead
	// reads a relations field only when it does not have its pages.
	pages map[relationsKey]domain.Page[*domain.Relation]
}

// relationsKey is one node's relations with one set of arguments. Keys of
// a batch that share their arguments are fetched by one query.
type relationsKey struct {
	id        string
	direction store.Direction
	types     string // joined with ","
	stances   string
	claims    claimsKey
	first     int
	after     string
	// total says the client asks for totalCount: only then is it counted.
	total bool
}

// claimsKey is a domain.ClaimFilter as a comparable key: lists joined,
// dates as written, "" for none.
type claimsKey struct {
	modalities           string
	asOf                 string
	duringFrom, duringTo string
	knownAt              string
}

func claimsKeyOf(f domain.ClaimFilter) claimsKey {
	k := claimsKey{modalities: joinSorted(f.Modalities), asOf: dateString(f.AsOf), knownAt: dateString(f.KnownAt)}
	if f.During != nil {
		k.duringFrom, k.duringTo = dateString(f.During.From), dateString(f.During.To)
	}
	return k
}

// filter is the claim filter the key was made from (a window with no end
// is no window).
func (k claimsKey) filter() domain.ClaimFilter {
	f := domain.ClaimFilter{AsOf: optionalDate(k.asOf), KnownAt: optionalDate(k.knownAt)}
	for _, m := range split(k.modalities) {
		f.Modalities = append(f.Modalities, domain.Modality(m))
	}
	if k.duringFrom != "" || k.duringTo != "" {
		f.During = &domain.Window{From: optionalDate(k.duringFrom), To: optionalDate(k.duringTo)}
	}
	return f
}

func (k relationsKey) args() relationsKey { k.id = ""; return k }

// filter is the relation filter the key was made from.
func (k relationsKey) filter() domain.RelationFilter {
	return domain.RelationFilter{Types: split(k.types), Stance: stancesOf(split(k.stances)), Claims: k.claims.filter()}
}

func (k relationsKey) nodeID() string { return k.id }

// relationsKeyOf checks a relations field's arguments and makes its key.
func relationsKeyOf(id string, dir *model.Direction, types []string, stances []domain.Stance, claims domain.ClaimFilter, first *int, after *string) (relationsKey, error) {
	n, err := store.PageSize(first)
	if err != nil {
		return relationsKey{}, err
	}
	if err := domain.CheckTypes(types, domain.DefaultVocabulary); err != nil {
		return relationsKey{}, err
	}
	if err := claims.Validate(); err != nil {
		return relationsKey{}, err
	}
	return relationsKey{id: id, direction: direction(dir), types: joinSorted(types), stances: joinSorted(stances),
		claims: claimsKeyOf(claims), first: n, after: valueOr(after)}, nil
}

// entitiesKey is one node's related entities of one kind.
type entitiesKey struct {
	id    string
	kind  domain.EntityKind
	first int
	after string
}

func (k entitiesKey) args() entitiesKey { k.id = ""; return k }

func (k entitiesKey) nodeID() string { return k.id }

// entitiesKeyOf checks an events or policies field's arguments and makes
// its key.
func entitiesKeyOf(id string, kind domain.EntityKind, first *int, after *string) (entitiesKey, error) {
	n, err := store.PageSize(first)
	if err != nil {
		return entitiesKey{}, err
	}
	return entitiesKey{id: id, kind: kind, first: n, after: valueOr(after)}, nil
}

// loaderWait is how long a dataloader gathers keys before it queries. The
// look-ahead leaves the dataloaders only the shapes it does not cover, so
// how their batches fall no longer decides what a covered page costs.
const loaderWait = time.Millisecond

// newLoaders makes one request's loaders; options set how the dataloaders
// batch (WithLoaders: a wait of loaderWait).
func newLoaders(s *store.Store, lookahead bool, options ...dataloadgen.Option) *loaders {
	l := &loaders{store: s, lookahead: lookahead, known: map[string]domain.Entity{}, pages: map[relationsKey]domain.Page[*domain.Relation]{}}
	l.entities = dataloadgen.NewMappedLoader(s.Entities, options...)
	l.sources = dataloadgen.NewMappedLoader(s.Sources, options...)
	l.relationsOf = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []relationsKey) (map[relationsKey]domain.Page[*domain.Relation], error) {
		return batchByArgs(ctx, keys, relationsKey.args, l.fetchRelations, relationsKey.nodeID)
	}, options...)
	l.entitiesOf = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []entitiesKey) (map[entitiesKey]domain.Page[domain.Entity], error) {
		return batchByArgs(ctx, keys, entitiesKey.args, l.fetchEntitiesOf, entitiesKey.nodeID)
	}, options...)
	return l
}

// fetchRelations reads the relations of ids with the arguments a in one
// statement. The relations' ends come with them and are primed: resolving
// Relation.from and .to then costs no round trip.
func (l *loaders) fetchRelations(ctx context.Context, a relationsKey, ids []string) (map[string]domain.Page[*domain.Relation], error) {
	pages, ends, err := l.store.RelationsOf(ctx, ids, a.direction, a.filter(), a.first, optional(a.after), a.total)
	for _, e := range ends {
		l.primeEntity(e)
	}
	return pages, err
}

// fetchEntitiesOf reads the related entities of ids with the arguments a
// in one statement, and primes them.
func (l *loaders) fetchEntitiesOf(ctx context.Context, a entitiesKey, ids []string) (map[string]domain.Page[domain.Entity], error) {
	pages, err := l.store.EntitiesOf(ctx, ids, a.kind, a.first, optional(a.after))
	for _, page := range pages {
		for _, e := range page.Items {
			l.primeEntity(e)
		}
	}
	return pages, err
}

// primeEntity puts an entity read in full into the entities cache.
func (l *loaders) primeEntity(e domain.Entity) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.known[e.NodeID()]; !ok {
		l.known[e.NodeID()] = e
		l.entities.Prime(e.NodeID(), e)
	}
}

// primeRelations puts a node's page of relations, read in full, into the
// relationsOf cache.
func (l *loaders) primeRelations(key relationsKey, page domain.Page[*domain.Relation]) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.pages[key]; !ok {
		l.pages[key] = page
		l.relationsOf.Prime(key, page)
	}
}

// knownRelations returns the pages of relations with the arguments a of
// every node of ids, if all were primed before.
func (l *loaders) knownRelations(a relationsKey, ids []string) (map[string]domain.Page[*domain.Relation], bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make(map[string]domain.Page[*domain.Relation], len(ids))
	for _, id := range ids {
		a.id = id
		page, ok := l.pages[a]
		if !ok {
			return nil, false
		}
		out[id] = page
	}
	return out, true
}

// entity returns the entity with id: the one primed, which is what the
// look-ahead leaves a relation's ends and a page's other ends, without
// going through the dataloader; else what the dataloader reads.
func (l *loaders) entity(ctx context.Context, id string) (domain.Entity, error) {
	if e, ok := l.knownEntity(id); ok {
		return e, nil
	}
	return l.entities.Load(ctx, id)
}

// knownEntity returns an entity primed before, if it was.
func (l *loaders) knownEntity(id string) (domain.Entity, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.known[id]
	return e, ok
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
		ctx := context.WithValue(r.Context(), loadersKey{}, newLoaders(s, true, dataloadgen.WithWait(loaderWait)))
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

func optionalDate(s string) *domain.PartialDate {
	if s == "" {
		return nil
	}
	d := domain.PartialDate(s)
	return &d
}

func dateString(d *domain.PartialDate) string {
	if d == nil {
		return ""
	}
	return string(*d)
}
