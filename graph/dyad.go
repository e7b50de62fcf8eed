package graph

import (
	"context"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// actorByID resolves a reference to an actor the store has just named
// (a dyad's states, a counterpart) through the per-request loader.
func actorByID(ctx context.Context, id string) (*domain.Actor, error) {
	actor, err := entityOfKind[*domain.Actor](ctx, id)
	if err == nil && actor == nil {
		return nil, domain.Errorf(domain.ENOTFOUND, "no actor %q", id)
	}
	return actor, err
}

// claimRecord resolves the record a claim cites: its data set and id, and,
// when the client asks for more, the rest from the coded event.
func claimRecord(ctx context.Context, e *domain.Evidence) (*domain.CodedRecord, error) {
	if e.Record == "" {
		return nil, nil
	}
	cited := &domain.CodedRecord{Dataset: e.SourceID, RecordID: e.Record}
	if selectsOnly(graphql.CollectFieldsCtx(ctx, nil), "dataset", "recordId") {
		return cited, nil
	}
	event, err := entityOfKind[*domain.Event](ctx, domain.CodedEventID(e.SourceID, e.Record))
	if err != nil || event == nil || event.Coded == nil || event.Coded.Dataset != e.SourceID || event.Coded.RecordID != e.Record {
		return cited, err
	}
	return event.Coded, nil
}

// selectsOnly reports whether the fields selected are among names.
func selectsOnly(fields []graphql.CollectedField, names ...string) bool {
	for _, f := range fields {
		if f.Name != "__typename" && !slices.Contains(names, f.Name) {
			return false
		}
	}
	return true
}

// dyadPeriods is how many periods a dyad series of these arguments has,
// for its complexity: MaxDyadPeriods when an end of the window is missing
// (it depends on the data) or the window is malformed.
func dyadPeriods(from, to *domain.PartialDate, g *domain.Granularity) int {
	if from == nil || to == nil {
		return store.MaxDyadPeriods
	}
	if _, err := domain.ParsePartialDate(string(*from)); err != nil {
		return store.MaxDyadPeriods
	}
	if _, err := domain.ParsePartialDate(string(*to)); err != nil {
		return store.MaxDyadPeriods
	}
	gran := domain.GranularityMonth
	if g != nil {
		gran = *g
	}
	start, end := from.Start(), to.End()
	switch gran {
	case domain.GranularityDay:
		return clampPeriods(int(end.Sub(start)/(24*time.Hour)) + 1)
	case domain.GranularityWeek:
		return clampPeriods(int(end.Sub(gran.PeriodStart(start))/(7*24*time.Hour)) + 1)
	case domain.GranularityMonth:
		return clampPeriods((end.Year()-start.Year())*12 + int(end.Month()) - int(start.Month()) + 1)
	}
	return clampPeriods(end.Year() - start.Year() + 1)
}

func clampPeriods(n int) int {
	return min(max(n, 1), store.MaxDyadPeriods)
}
