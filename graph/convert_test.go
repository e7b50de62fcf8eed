package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/vikstrous/dataloadgen"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

func TestDirection(t *testing.T) {
	for _, c := range []struct {
		in   *model.Direction
		want store.Direction
	}{{nil, store.Both}, {new(model.DirectionBoth), store.Both}, {new(model.DirectionOut), store.Out}, {new(model.DirectionIn), store.In}} {
		if got := direction(c.in); got != c.want {
			t.Errorf("direction(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestJSONObject(t *testing.T) {
	m, err := jsonObject("attributes", map[string]any{"amountUsd": json.Number("51000000"), "share": json.Number("0.5")})
	if err != nil || m["amountUsd"] != int64(51000000) || m["share"] != 0.5 {
		t.Errorf("got %#v, %v; want numbers with their JSON type", m, err)
	}
	if m, err := jsonObject("attributes", nil); m != nil || err != nil {
		t.Errorf("null: %v, %v", m, err)
	}
	for _, bad := range []any{[]any{1}, "x", json.Number("1")} {
		if _, err := jsonObject("attributes", bad); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%#v: %v, want EINVALID", bad, err)
		}
	}
}

func TestOrNilTurnsNotFoundIntoNull(t *testing.T) {
	actor := &domain.Actor{Profile: domain.Profile{ID: "a"}}
	for _, err := range []error{dataloadgen.ErrNotFound, fmt.Errorf("loading: %w", dataloadgen.ErrNotFound), domain.Errorf(domain.ENOTFOUND, "no actor")} {
		if got, gotErr := orNil(actor, err); got != nil || gotErr != nil {
			t.Errorf("%v: %v, %v; want null", err, got, gotErr)
		}
	}
	failure := domain.Errorf(domain.EUNAVAILABLE, "down")
	if _, err := orNil(actor, failure); !errors.Is(err, failure) {
		t.Errorf("a failure became %v", err)
	}
	if got, err := orNil(actor, nil); got != actor || err != nil {
		t.Errorf("found: %v, %v", got, err)
	}
}

func TestGraphStatsAreSorted(t *testing.T) {
	got := graphStats(store.Counts{Nodes: 3, Relationships: 2, ByLabel: map[string]int{"State": 1, "Actor": 2, "Event": 1},
		ByType: map[string]int{"SANCTIONS": 1, "LEADS": 1}})
	if got.Nodes != 3 || got.Relations != 2 || len(got.ByLabel) != 3 || len(got.ByType) != 2 {
		t.Fatalf("%+v", got)
	}
	if got.ByLabel[0].Label != "Actor" || got.ByLabel[0].Count != 2 || got.ByLabel[2].Label != "State" || got.ByType[0].Type != "LEADS" {
		t.Errorf("not in name order: %+v %+v", got.ByLabel, got.ByType)
	}
}

func TestValueOr(t *testing.T) {
	s, f := "x", 0.5
	if valueOr(&s) != "x" || valueOr[string](nil) != "" || valueOr(&f) != 0.5 || valueOr[domain.Stance](nil) != "" {
		t.Error("valueOr")
	}
	n := 7
	if intOr(&n, 1) != 7 || intOr(nil, 1) != 1 {
		t.Error("intOr")
	}
}

func TestClaimFilterChecksTheArguments(t *testing.T) {
	asOf, knownAt := domain.PartialDate("2019"), domain.PartialDate("2024-05")
	f, err := claimFilter([]domain.Modality{"PREDICTED"}, &asOf, nil, &knownAt)
	if err != nil || *f.AsOf != asOf || *f.KnownAt != knownAt || len(f.Modalities) != 1 || f.During != nil {
		t.Errorf("%+v, %v", f, err)
	}
	if _, err := claimFilter(nil, &asOf, &domain.Window{From: &asOf}, nil); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("asOf with during: %v, want EINVALID", err)
	}
	if _, err := claimFilter([]domain.Modality{"RUMOURED"}, nil, nil, nil); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("an unknown modality: %v, want EINVALID", err)
	}
}

// TestEvidenceInputsCarryTheClaim: a mutation's claim fields reach the
// loader as given; an omitted modality is left for validation to fill.
func TestEvidenceInputsCarryTheClaim(t *testing.T) {
	reported, actor, event, on := domain.Modality("REPORTED"), "donald-trump", "trump-rally", domain.PartialDate("2024-05")
	got := evidenceInputs([]*model.EvidenceInput{
		{Source: "s", Quote: "q", Modality: &reported, AttributedTo: &actor, Statement: &event, StatedOn: &on},
		{Source: "s", Quote: "r"},
	})
	want := domain.Evidence{SourceID: "s", Quote: "q", Modality: reported, AttributedTo: actor, Statement: event, StatedOn: &on}
	if len(got) != 2 || got[0].SourceID != want.SourceID || got[0].Modality != want.Modality || got[0].AttributedTo != want.AttributedTo ||
		got[0].Statement != want.Statement || got[0].StatedOn != &on {
		t.Errorf("claim %+v, want %+v", got[0], want)
	}
	if got[1].Modality != "" || got[1].AttributedTo != "" || got[1].Statement != "" || got[1].StatedOn != nil {
		t.Errorf("a bare quote became %+v", got[1])
	}
}
