package graph

import (
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vikstrous/dataloadgen"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/store"
)

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

// orNil turns "there is none" into a null result, as single look-ups
// answer; every other error stays an error.
func orNil[T any](v T, err error) (T, error) {
	var zero T
	if errors.Is(err, dataloadgen.ErrNotFound) || domain.ErrorCode(err) == domain.ENOTFOUND {
		return zero, nil
	}
	return v, err
}

// entityOfKind loads an entity and returns it only if it is a T.
func entityOfKind[T domain.Entity](ctx context.Context, id string) (T, error) {
	var zero T
	e, err := orNil(loadersFor(ctx).entity(ctx, id))
	if err != nil || e == nil {
		return zero, err
	}
	t, _ := e.(T)
	return t, nil
}

func direction(d *model.Direction) store.Direction {
	switch valueOr(d) {
	case model.DirectionOut:
		return store.Out
	case model.DirectionIn:
		return store.In
	}
	return store.Both
}

// relationsOf resolves a node's relations field through the dataloader.
func relationsOf(ctx context.Context, id string, dir *model.Direction, types []string, stances []domain.Stance, claims domain.ClaimFilter, first *int, after *string) (*model.RelationConnection, error) {
	key, err := relationsKeyOf(id, dir, types, stances, claims, first, after)
	if err != nil {
		return nil, err
	}
	key.total = selects(graphql.CollectFieldsCtx(ctx, nil), "totalCount")
	page, err := loadersFor(ctx).relationsOf.Load(ctx, key)
	if err != nil {
		return nil, err
	}
	return relationConnection(page, id), nil
}

// claimFilter gathers a read's claim arguments (modalities, asOf, during,
// knownAt) and checks them.
func claimFilter(modalities []domain.Modality, asOf *domain.PartialDate, during *domain.Window, knownAt *domain.PartialDate) (domain.ClaimFilter, error) {
	f := domain.ClaimFilter{Modalities: modalities, AsOf: asOf, During: during, KnownAt: knownAt}
	return f, f.Validate()
}

// referenced resolves a claim's reference to an entity of kind T (who it
// is attributed to, the statement it was made in): none when id is empty,
// and only the id, unread, when that is all the client asks for.
func referenced[T domain.Entity](ctx context.Context, id string, withProfile func(domain.Profile) T) (T, error) {
	var none T
	switch {
	case id == "":
		return none, nil
	case onlyID(ctx):
		return withProfile(domain.Profile{ID: id}), nil
	}
	return entityOfKind[T](ctx, id)
}

// entitiesOf resolves a node's related entities of one kind.
func entitiesOf(ctx context.Context, id string, kind domain.EntityKind, first *int, after *string) (domain.Page[domain.Entity], error) {
	key, err := entitiesKeyOf(id, kind, first, after)
	if err != nil {
		return domain.Page[domain.Entity]{}, err
	}
	return loadersFor(ctx).entitiesOf.Load(ctx, key)
}

// jsonObject converts a JSON input that must be an object (or null).
func jsonObject(field string, v any) (map[string]any, error) {
	if v == nil {
		return nil, nil
	}
	c, err := domain.NormalizeJSON(v, field)
	if err != nil {
		return nil, err
	}
	m, ok := c.(map[string]any)
	if !ok {
		return nil, domain.Errorf(domain.EINVALID, "%s must be a JSON object", field)
	}
	return m, nil
}

func evidenceInputs(in []*model.EvidenceInput) []domain.Evidence {
	out := make([]domain.Evidence, len(in))
	for i, e := range in {
		out[i] = domain.Evidence{SourceID: e.Source, Quote: e.Quote, Modality: valueOr(e.Modality),
			AttributedTo: valueOr(e.AttributedTo), Statement: valueOr(e.Statement), StatedOn: e.StatedOn}
	}
	return out
}

func profileInput(id, name string, aliases []string, description *string, attributes any, evidence []*model.EvidenceInput) (domain.Profile, error) {
	attrs, err := jsonObject("attributes", attributes)
	return domain.Profile{ID: id, Name: name, Aliases: aliases, Description: valueOr(description),
		Attributes: attrs, Evidence: evidenceInputs(evidence)}, err
}

// mutationInput is where a mutation's problems are reported.
var mutationInput = loader.Position{File: "input"}

// upsertEntity writes one entity through the loader and reads it back.
func upsertEntity[T domain.Entity](ctx context.Context, r *Resolver, entity T, ds *loader.Dataset) (T, error) {
	var zero T
	if _, err := r.Loader.Apply(ctx, ds); err != nil {
		return zero, err
	}
	written, err := r.Store.Entities(ctx, []string{entity.NodeID()})
	if err != nil {
		return zero, err
	}
	t, ok := written[entity.NodeID()].(T)
	if !ok {
		return zero, domain.Errorf(domain.EINTERNAL, "%s was written but cannot be read back", entity.NodeID())
	}
	return t, nil
}

// valueOr is what p points at, or the zero value when p is nil.
func valueOr[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func searchLabels(kinds []model.SearchKind) []domain.EntityKind {
	labels := map[model.SearchKind]domain.EntityKind{
		model.SearchKindActor: domain.KindActor, model.SearchKindPolicy: domain.KindPolicy, model.SearchKindEvent: domain.KindEvent,
	}
	out := make([]domain.EntityKind, len(kinds))
	for i, k := range kinds {
		out[i] = labels[k]
	}
	return out
}

func graphStats(c store.Counts) *model.GraphStats {
	stats := &model.GraphStats{Nodes: c.Nodes, Relations: c.Relationships,
		CodedEvents: c.ByLabel["CodedEvent"], DyadDays: c.ByLabel["DyadDay"]}
	for _, label := range slices.Sorted(maps.Keys(c.ByLabel)) {
		stats.ByLabel = append(stats.ByLabel, &model.LabelCount{Label: label, Count: c.ByLabel[label]})
	}
	for _, typ := range slices.Sorted(maps.Keys(c.ByType)) {
		stats.ByType = append(stats.ByType, &model.TypeCount{Type: typ, Count: c.ByType[typ]})
	}
	return stats
}

// onlyID reports whether the client selected nothing but the id of the
// object being resolved (e.g. `source { id }`): the id is known already,
// so the object need not be loaded.
// selects reports whether fields include one named name.
func selects(fields []graphql.CollectedField, name string) bool {
	return slices.ContainsFunc(fields, func(f graphql.CollectedField) bool { return f.Name == name })
}

func onlyID(ctx context.Context) bool {
	return selectsOnlyID(graphql.CollectFieldsCtx(ctx, nil))
}
