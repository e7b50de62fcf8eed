package graph

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// TestBatchByArgsGroupsKeysByArguments: keys that share their arguments
// are fetched by one call with all their ids; every key gets its own
// node's result, and a node the fetch did not return gets the zero value.
func TestBatchByArgsGroupsKeysByArguments(t *testing.T) {
	keys := []relationsKey{
		{id: "russia", types: "SANCTIONS", first: 20},
		{id: "iran", types: "SANCTIONS", first: 20},
		{id: "russia", types: "PARTNERS_WITH", first: 5},
		{id: "nowhere", types: "SANCTIONS", first: 20},
	}
	calls := map[relationsKey][]string{}
	fetch := func(_ context.Context, args relationsKey, ids []string) (map[string]int, error) {
		if args.id != "" {
			t.Errorf("the arguments of a batch carry id %q", args.id)
		}
		calls[args] = ids
		out := map[string]int{}
		for _, id := range ids {
			if id != "nowhere" {
				out[id] = len(id) + args.first
			}
		}
		return out, nil
	}
	got, err := batchByArgs(context.Background(), keys, relationsKey.args, fetch, func(k relationsKey) string { return k.id })
	if err != nil {
		t.Fatal(err)
	}
	sanctions := relationsKey{types: "SANCTIONS", first: 20}
	partners := relationsKey{types: "PARTNERS_WITH", first: 5}
	if len(calls) != 2 || !slices.Equal(calls[sanctions], []string{"russia", "iran", "nowhere"}) || !slices.Equal(calls[partners], []string{"russia"}) {
		t.Errorf("fetches %v, want one per argument set", calls)
	}
	want := map[relationsKey]int{keys[0]: 26, keys[1]: 24, keys[2]: 11, keys[3]: 0}
	if len(got) != len(want) {
		t.Errorf("results for %d keys, want %d", len(got), len(want))
	}
	for k, v := range want {
		if r, ok := got[k]; !ok || r != v {
			t.Errorf("%+v: %d (present %v), want %d", k, r, ok, v)
		}
	}
}

func TestBatchByArgsFailsWithTheFetch(t *testing.T) {
	failure := errors.New("neo4j is down")
	keys := []entitiesKey{{id: "a", kind: domain.KindEvent}, {id: "b", kind: domain.KindPolicy}}
	_, err := batchByArgs(context.Background(), keys, entitiesKey.args,
		func(context.Context, entitiesKey, []string) (map[string]int, error) { return nil, failure },
		func(k entitiesKey) string { return k.id })
	if !errors.Is(err, failure) {
		t.Errorf("error %v, want the fetch's", err)
	}
}

func TestKeyArgumentsLeaveOutTheNode(t *testing.T) {
	a := relationsKey{id: "a", direction: store.Out, types: "LEADS", stances: "NEUTRAL", claims: claimsKey{modalities: "PREDICTED", asOf: "2019"}, first: 3, after: "c"}
	b := a
	b.id = "b"
	if a.args() != b.args() || a.args().id != "" || a.args().after != "c" || a.args().direction != store.Out || a.args().claims != a.claims {
		t.Errorf("relations: %+v and %+v", a.args(), b.args())
	}
	e := entitiesKey{id: "a", kind: domain.KindEvent, first: 3, after: "c"}
	if got := e.args(); got != (entitiesKey{kind: domain.KindEvent, first: 3, after: "c"}) {
		t.Errorf("entities: %+v", got)
	}
}

// TestKeyListsAreCanonical: lists in keys are sorted and without repeats,
// so the same arguments in another order share a batch; split undoes it.
func TestKeyListsAreCanonical(t *testing.T) {
	if a, b := joinSorted([]string{"SANCTIONS", "LEADS", "SANCTIONS"}), joinSorted([]string{"LEADS", "SANCTIONS"}); a != b || a != "LEADS,SANCTIONS" {
		t.Errorf("joined %q and %q", a, b)
	}
	if got := split(joinSorted([]domain.Stance{"VERBAL_CONFLICT", "NEUTRAL"})); !slices.Equal(got, []string{"NEUTRAL", "VERBAL_CONFLICT"}) {
		t.Errorf("split %q", got)
	}
	if got := split(joinSorted[string](nil)); got != nil {
		t.Errorf("no list split into %q, want nil (no filter)", got)
	}
	if got := stancesOf([]string{"NEUTRAL"}); !slices.Equal(got, []domain.Stance{"NEUTRAL"}) {
		t.Errorf("stances %v", got)
	}
	if optional("") != nil || *optional("c") != "c" {
		t.Error("optional: an empty cursor is no cursor")
	}
}

// TestClaimsKeyKeepsTheFilter: a claim filter survives the trip through
// its key, and filters that mean the same share a key.
func TestClaimsKeyKeepsTheFilter(t *testing.T) {
	from, to, knownAt := domain.PartialDate("2014"), domain.PartialDate("2016-03"), domain.PartialDate("2024-05-31")
	for _, f := range []domain.ClaimFilter{
		{},
		{Modalities: []domain.Modality{"DENIED", "ASSERTED"}, KnownAt: &knownAt},
		{AsOf: &from},
		{During: &domain.Window{From: &from}},
		{During: &domain.Window{To: &to}},
		{During: &domain.Window{From: &from, To: &to}, KnownAt: &knownAt},
	} {
		if got := claimsKeyOf(f).filter(); claimsKeyOf(got) != claimsKeyOf(f) || !sameClaims(got, f) {
			t.Errorf("%+v came back as %+v", f, got)
		}
	}
	a := claimsKeyOf(domain.ClaimFilter{Modalities: []domain.Modality{"PREDICTED", "ASSERTED", "PREDICTED"}})
	b := claimsKeyOf(domain.ClaimFilter{Modalities: []domain.Modality{"ASSERTED", "PREDICTED"}})
	if a != b {
		t.Errorf("the same modalities in another order: %+v and %+v", a, b)
	}
	if open := claimsKeyOf(domain.ClaimFilter{During: &domain.Window{}}); open != (claimsKey{}) || open.filter().During != nil {
		t.Errorf("a window open at both ends is no window: %+v", open)
	}
}

func sameClaims(a, b domain.ClaimFilter) bool {
	date := func(d *domain.PartialDate) string { return dateString(d) }
	window := func(w *domain.Window) [2]string {
		if w == nil {
			return [2]string{}
		}
		return [2]string{date(w.From), date(w.To)}
	}
	return joinSorted(a.Modalities) == joinSorted(b.Modalities) && date(a.AsOf) == date(b.AsOf) &&
		date(a.KnownAt) == date(b.KnownAt) && window(a.During) == window(b.During)
}

// TestClaimArgumentsAreReadAsTheResolversGetThem: the look-ahead reads the
// claim arguments from the raw argument map into the filter the resolver
// builds, so both make the same key.
func TestClaimArgumentsAreReadAsTheResolversGetThem(t *testing.T) {
	got, err := claimArgs(map[string]any{"modalities": []any{"PREDICTED", "DENIED"}, "knownAt": "2024",
		"during": map[string]any{"from": int64(2014), "to": "2016-03"}})
	from, to, knownAt := domain.PartialDate("2014"), domain.PartialDate("2016-03"), domain.PartialDate("2024")
	want := domain.ClaimFilter{Modalities: []domain.Modality{"PREDICTED", "DENIED"}, During: &domain.Window{From: &from, To: &to}, KnownAt: &knownAt}
	if err != nil || !sameClaims(got, want) {
		t.Errorf("%+v, %v; want %+v", got, err, want)
	}
	if one, err := claimArgs(map[string]any{"modalities": "PREDICTED", "asOf": "2019"}); err != nil || len(one.Modalities) != 1 || dateString(one.AsOf) != "2019" {
		t.Errorf("a single modality and asOf: %+v, %v", one, err)
	}
	for _, bad := range []map[string]any{{"asOf": "2019-13"}, {"during": "2019"}, {"modalities": 3}} {
		if _, err := claimArgs(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
