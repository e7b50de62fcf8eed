package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

func date(s string) *domain.PartialDate {
	d := domain.PartialDate(s)
	return &d
}

func modalities(ms ...domain.Modality) []domain.Modality { return ms }

func relationIDs(rels []*domain.Relation) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = r.ID()
	}
	return out
}

func entityIDs(es []domain.Entity) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.NodeID()
	}
	return out
}

// claimCount returns how many claims the relation with id was served with
// in rels, or -1 when it is not there.
func claimCount(rels []*domain.Relation, id string) int {
	for _, r := range rels {
		if r.ID() == id {
			return len(r.Evidence)
		}
	}
	return -1
}

// TestRelationsFilterByClaims reads the top-level relations list with each
// claim filter: the default modalities, others asked for, valid time and
// knowledge time.
func TestRelationsFilterByClaims(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		claims domain.ClaimFilter
		want   []string
	}{
		{"default: asserted or reported", domain.ClaimFilter{}, []string{relPartners.id(), relSanctions.id(), relSummit.id(), relThreatens.id()}},
		{"predictions when asked for", domain.ClaimFilter{Modalities: modalities("PREDICTED")}, []string{relPredicted.id()}},
		{"denials when asked for", domain.ClaimFilter{Modalities: modalities("DENIED")}, []string{relPartners.id()}},
		{"asOf", domain.ClaimFilter{AsOf: date("2018-06")}, []string{relPartners.id(), relSanctions.id()}},
		{"asOf after an end", domain.ClaimFilter{AsOf: date("2020-02")}, []string{relPartners.id(), relSummit.id(), relThreatens.id()}},
		{"during", domain.ClaimFilter{During: &domain.Window{To: date("2016")}}, []string{relPartners.id()}},
		{"knownAt the day before", domain.ClaimFilter{KnownAt: date("2020-05-31")}, nil},
		{"knownAt the day", domain.ClaimFilter{KnownAt: date("2020-06-01")}, []string{relSanctions.id(), relSummit.id(), relThreatens.id()}},
		{"knownAt a year", domain.ClaimFilter{KnownAt: date("2022")}, []string{relPartners.id(), relSanctions.id(), relSummit.id(), relThreatens.id()}},
		{"knownAt with a modality", domain.ClaimFilter{KnownAt: date("2020"), Modalities: modalities("DENIED")}, []string{relPartners.id()}},
	} {
		t.Run(c.name, func(t *testing.T) {
			page, err := s.Relations(ctx, domain.RelationFilter{Claims: c.claims}, 20, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := relationIDs(page.Items); !slices.Equal(got, c.want) || page.TotalCount != len(c.want) {
				t.Errorf("got %v (total %d), want %v", got, page.TotalCount, c.want)
			}
		})
	}
}

// TestServedClaims checks the claims a relation is served with: all its
// claims, each with its modality and date, or only those known at knownAt.
func TestServedClaims(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	page, err := s.Relations(ctx, domain.RelationFilter{}, 20, nil)
	if err != nil {
		t.Fatal(err)
	}
	var partners *domain.Relation
	for _, r := range page.Items {
		if r.ID() == relPartners.id() {
			partners = r
		}
	}
	if partners == nil {
		t.Fatalf("%s is not served by default", relPartners.id())
	}
	// A default read of an asserted relation also shows the denial.
	if ms := partners.Modalities(); !slices.Equal(ms, modalities("ASSERTED", "DENIED")) || !domain.DefaultModalities.Contested(ms) {
		t.Errorf("modalities %v, want ASSERTED and DENIED, contested", ms)
	}
	denial := partners.Evidence[0]
	if denial.Modality != "DENIED" || denial.AttributedTo != "charlie" || denial.StatedOn == nil || *denial.StatedOn != "2019" ||
		!denial.StatedFrom.Equal(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("denial decoded as %+v", denial)
	}
	if partners.Attributes != nil {
		t.Errorf("claim properties decoded as attributes: %v", partners.Attributes)
	}
	if n := claimCount(page.Items, relThreatens.id()); n != 2 {
		t.Errorf("%s served with %d claims, want 2 (one of unknown date)", relThreatens.id(), n)
	}
	known, err := s.Relations(ctx, domain.RelationFilter{Claims: domain.ClaimFilter{KnownAt: date("2030"), Modalities: modalities("ASSERTED", "DENIED")}}, 20, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := claimCount(known.Items, relThreatens.id()); n != 1 {
		t.Errorf("knownAt 2030: %s served with %d claims, want 1: a claim of unknown date is never known", relThreatens.id(), n)
	}
	early, err := s.Relations(ctx, domain.RelationFilter{Claims: domain.ClaimFilter{KnownAt: date("2020"), Modalities: modalities("DENIED")}}, 20, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(early.Items) != 1 || early.Items[0].Modality() != "DENIED" || len(early.Items[0].Evidence) != 1 {
		t.Errorf("knownAt 2020: want %s with its denial only, got %v", relPartners.id(), relationIDs(early.Items))
	}
	predicted, err := s.Relations(ctx, domain.RelationFilter{Claims: domain.ClaimFilter{Modalities: modalities("PREDICTED")}}, 20, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(predicted.Items) != 1 || predicted.Items[0].Modality() != "PREDICTED" || predicted.Items[0].Evidence[0].AttributedTo != "alpha" {
		t.Errorf("predictions: %+v", predicted.Items)
	}
}

// TestClaimsOfRecordsWithoutClaims reads a node's claims, and a relation
// written by an earlier version, which has none.
func TestClaimsOfRecordsWithoutClaims(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	entities, err := s.Entities(ctx, []string{"alpha", "bravo"})
	if err != nil {
		t.Fatal(err)
	}
	got := entities["alpha"].Header().Evidence
	if len(got) != 1 || got[0].Modality != "REPORTED" || got[0].AttributedTo != "bravo" || got[0].Statement != "summit" ||
		got[0].StatedOn == nil || *got[0].StatedOn != "2020-01" {
		t.Errorf("alpha's claims: %+v", got)
	}
	if attrs := entities["alpha"].Header().Attributes; attrs != nil {
		t.Errorf("alpha's claim lists decoded as attributes: %v", attrs)
	}
	if ev := entities["bravo"].Header().Evidence; len(ev) != 0 {
		t.Errorf("bravo has no claims, got %+v", ev)
	}
	legacy, err := s.Relation(ctx, relLegacy.id())
	if err != nil {
		t.Fatal(err)
	}
	if len(legacy.Evidence) != 0 {
		t.Errorf("a relation without claim lists decoded claims %+v", legacy.Evidence)
	}
}

// TestSymmetricRelationsFromEitherEnd finds the one PARTNERS_WITH edge
// from both its ends, in every direction, once.
func TestSymmetricRelationsFromEitherEnd(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	rel, err := s.Relation(ctx, "charlie:PARTNERS_WITH:alpha:2015")
	if err != nil || rel.ID() != relPartners.id() {
		t.Errorf("by its id with the ends swapped: %v, %v", rel, err)
	}
	partners, threatens := []string{"PARTNERS_WITH"}, []string{"PARTNERS_WITH", "THREATENS"}
	for _, c := range []struct {
		name     string
		id       string
		dir      store.Direction
		types    []string
		modality []domain.Modality
		want     []string
	}{
		{"charlie out", "charlie", store.Out, nil, nil, []string{relPartners.id(), relSummit.id(), relThreatens.id()}},
		{"charlie in", "charlie", store.In, nil, nil, []string{relPartners.id()}},
		{"charlie in, predictions", "charlie", store.In, nil, modalities("PREDICTED"), []string{relPredicted.id()}},
		{"charlie both", "charlie", store.Both, nil, nil, []string{relPartners.id(), relSummit.id(), relThreatens.id()}},
		{"charlie out, symmetric type", "charlie", store.Out, partners, nil, []string{relPartners.id()}},
		{"charlie in, mixed types", "charlie", store.In, threatens, nil, []string{relPartners.id()}},
		{"charlie out, mixed types", "charlie", store.Out, threatens, nil, []string{relPartners.id(), relThreatens.id()}},
		{"alpha out", "alpha", store.Out, nil, nil, []string{relPartners.id(), relSanctions.id()}},
		{"alpha in", "alpha", store.In, nil, nil, []string{relPartners.id()}},
		{"delta out", "delta", store.Out, nil, nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := domain.RelationFilter{Types: c.types, Claims: domain.ClaimFilter{Modalities: c.modality}}
			pages, _, err := s.RelationsOf(ctx, []string{c.id}, c.dir, f, 20, nil, true)
			if err != nil {
				t.Fatal(err)
			}
			page := pages[c.id]
			if got := relationIDs(page.Items); !slices.Equal(got, c.want) || page.TotalCount != len(c.want) {
				t.Errorf("got %v (total %d), want %v", got, page.TotalCount, c.want)
			}
		})
	}
	for _, c := range []struct {
		from, to *string
		want     []string
	}{
		{ptr("charlie"), ptr("alpha"), []string{relPartners.id()}},
		{ptr("alpha"), ptr("charlie"), []string{relPartners.id()}},
		{ptr("charlie"), nil, []string{relPartners.id(), relSummit.id(), relThreatens.id()}},
		{nil, ptr("charlie"), []string{relPartners.id()}},
		{ptr("delta"), ptr("charlie"), nil},
		{ptr("charlie"), ptr("delta"), []string{relThreatens.id()}},
	} {
		page, err := s.Relations(ctx, domain.RelationFilter{From: c.from, To: c.to}, 20, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := relationIDs(page.Items); !slices.Equal(got, c.want) || page.TotalCount != len(c.want) {
			t.Errorf("relations from %v to %v: got %v (total %d), want %v", deref(c.from), deref(c.to), got, page.TotalCount, c.want)
		}
	}
}

func ptr(s string) *string { return &s }

func deref(s *string) string {
	if s == nil {
		return "any"
	}
	return *s
}

// TestRelationsOfFilterByClaims pages a node's relations with valid and
// knowledge time, counts included.
func TestRelationsOfFilterByClaims(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		claims domain.ClaimFilter
		want   []string
	}{
		{"asOf", domain.ClaimFilter{AsOf: date("2018")}, []string{relPartners.id()}},
		{"during", domain.ClaimFilter{During: &domain.Window{From: date("2020-03"), To: date("2020-04")}}, []string{relPartners.id(), relSummit.id(), relThreatens.id()}},
		{"knownAt", domain.ClaimFilter{KnownAt: date("2020")}, []string{relSummit.id(), relThreatens.id()}},
		{"knownAt, predictions", domain.ClaimFilter{KnownAt: date("2020"), Modalities: modalities("PREDICTED")}, []string{relPredicted.id()}},
	} {
		t.Run(c.name, func(t *testing.T) {
			pages, _, err := s.RelationsOf(ctx, []string{"charlie", "delta"}, store.Both, domain.RelationFilter{Claims: c.claims}, 20, nil, true)
			if err != nil {
				t.Fatal(err)
			}
			page := pages["charlie"]
			if got := relationIDs(page.Items); !slices.Equal(got, c.want) || page.TotalCount != len(c.want) {
				t.Errorf("got %v (total %d), want %v", got, page.TotalCount, c.want)
			}
		})
	}
	pages, _, err := s.RelationsOf(ctx, []string{"charlie"}, store.Both, domain.RelationFilter{}, 1, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if p := pages["charlie"]; len(p.Items) != 1 || !p.HasNextPage || p.TotalCount != 3 {
		t.Errorf("a page of one: %v, next %v, total %d", relationIDs(p.Items), p.HasNextPage, p.TotalCount)
	}
	// Not asked for, the total is not counted: the same page, total -1.
	uncounted, _, err := s.RelationsOf(ctx, []string{"charlie"}, store.Both, domain.RelationFilter{}, 1, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if p := uncounted["charlie"]; !slices.Equal(relationIDs(p.Items), relationIDs(pages["charlie"].Items)) || !p.HasNextPage || p.TotalCount != -1 {
		t.Errorf("without the total: %v, next %v, total %d", relationIDs(p.Items), p.HasNextPage, p.TotalCount)
	}
}

// TestNeighbourhoodFilterByClaims expands only over relations that pass
// the filter, and shows only those among the nodes found.
func TestNeighbourhoodFilterByClaims(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		claims   domain.ClaimFilter
		nodes    []string
		edges    []string
		oneClaim string // an edge served with one claim
	}{
		{"default", domain.ClaimFilter{}, []string{"alpha", "bravo", "charlie", "delta", "summit"},
			[]string{relPartners.id(), relSanctions.id(), relSummit.id(), relThreatens.id()}, ""},
		{"asOf", domain.ClaimFilter{AsOf: date("2018")}, []string{"alpha", "bravo", "charlie"},
			[]string{relPartners.id(), relSanctions.id()}, ""},
		{"knownAt", domain.ClaimFilter{KnownAt: date("2020")}, []string{"alpha", "bravo"}, []string{relSanctions.id()}, ""},
		{"knownAt, predictions", domain.ClaimFilter{KnownAt: date("2020"), Modalities: modalities("ASSERTED", "PREDICTED")},
			[]string{"alpha", "bravo", "charlie", "delta", "summit"},
			[]string{relSanctions.id(), relPredicted.id(), relSummit.id(), relThreatens.id()}, relThreatens.id()},
	} {
		t.Run(c.name, func(t *testing.T) {
			depth := 2
			if c.oneClaim != "" {
				depth = 3
			}
			g, err := s.Neighbourhood(ctx, "alpha", depth, nil, c.claims, 50)
			if err != nil {
				t.Fatal(err)
			}
			nodes, edges := entityIDs(g.Nodes), relationIDs(g.Edges)
			slices.Sort(nodes)
			slices.Sort(edges)
			if !slices.Equal(nodes, c.nodes) || !slices.Equal(edges, c.edges) {
				t.Errorf("nodes %v, edges %v; want %v, %v", nodes, edges, c.nodes, c.edges)
			}
			if c.oneClaim != "" && claimCount(g.Edges, c.oneClaim) != 1 {
				t.Errorf("%s served with %d claims, want the 1 known", c.oneClaim, claimCount(g.Edges, c.oneClaim))
			}
		})
	}
}

// TestPathsFilterByClaims finds paths whose every relation passes the
// filter.
func TestPathsFilterByClaims(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	for _, c := range []struct {
		name   string
		claims domain.ClaimFilter
		want   [][]string
	}{
		{"default", domain.ClaimFilter{}, [][]string{{relPartners.id(), relThreatens.id()}}},
		{"asOf", domain.ClaimFilter{AsOf: date("2018")}, nil},
		{"knownAt", domain.ClaimFilter{KnownAt: date("2020")}, nil},
		{"predictions too", domain.ClaimFilter{Modalities: modalities("ASSERTED", "PREDICTED")},
			[][]string{{relPartners.id(), relThreatens.id()}, {relSanctions.id(), relPredicted.id(), relThreatens.id()}}},
		{"knownAt, predictions", domain.ClaimFilter{KnownAt: date("2020"), Modalities: modalities("ASSERTED", "PREDICTED")},
			[][]string{{relSanctions.id(), relPredicted.id(), relThreatens.id()}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			found, err := s.Paths(ctx, store.PathQuery{From: "alpha", To: "delta", MaxHops: 4, Claims: c.claims, Limit: 5, Budget: store.DefaultPathBudget})
			if err != nil {
				t.Fatal(err)
			}
			if !found.Complete {
				t.Error("incomplete search")
			}
			var got [][]string
			for _, p := range found.Paths {
				got = append(got, relationIDs(p.Relations))
			}
			if !slices.EqualFunc(got, c.want, slices.Equal) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// TestTimelineFilterByClaims filters a timeline's relations, never its
// events.
func TestTimelineFilterByClaims(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	charlie := "charlie"
	for _, c := range []struct {
		name   string
		actor  *string
		claims domain.ClaimFilter
		want   []string
	}{
		{"default", &charlie, domain.ClaimFilter{}, []string{relPartners.id(), relSummit.id(), relThreatens.id(), "summit"}},
		{"predictions", &charlie, domain.ClaimFilter{Modalities: modalities("PREDICTED")}, []string{"summit", relPredicted.id()}},
		{"asOf", &charlie, domain.ClaimFilter{AsOf: date("2016")}, []string{relPartners.id(), "summit"}},
		{"knownAt before any", &charlie, domain.ClaimFilter{KnownAt: date("2020-03")}, []string{"summit"}},
		{"knownAt", &charlie, domain.ClaimFilter{KnownAt: date("2020")}, []string{relSummit.id(), relThreatens.id(), "summit"}},
		{"whole graph", nil, domain.ClaimFilter{}, []string{relPartners.id(), relSanctions.id(), relSummit.id(), relThreatens.id(), "summit"}},
		{"whole graph, knownAt", nil, domain.ClaimFilter{KnownAt: date("2020")}, []string{relSanctions.id(), relSummit.id(), relThreatens.id(), "summit"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			page, err := s.Timeline(ctx, c.actor, nil, nil, c.claims, 20, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range page.Items {
				switch d := d.(type) {
				case *domain.Relation:
					got = append(got, d.ID())
					if c.claims.KnownAt != nil && d.ID() == relThreatens.id() && len(d.Evidence) != 1 {
						t.Errorf("%s served with %d claims, want the 1 known", d.ID(), len(d.Evidence))
					}
				case *domain.Event:
					got = append(got, d.ID)
				}
			}
			if !slices.Equal(got, c.want) || page.TotalCount != len(c.want) {
				t.Errorf("got %v (total %d), want %v", got, page.TotalCount, c.want)
			}
		})
	}
}

// TestClaimFilterIsValidated refuses a bad filter on every read that
// takes one.
func TestClaimFilterIsValidated(t *testing.T) {
	s := claimsGraph(t)
	ctx := context.Background()
	for name, f := range map[string]domain.ClaimFilter{
		"unknown modality": {Modalities: modalities("RUMOURED")},
		"asOf and during":  {AsOf: date("2020"), During: &domain.Window{From: date("2019")}},
		"bad knownAt":      {KnownAt: date("2020-13")},
	} {
		reads := map[string]func() error{
			"Relations": func() error { _, err := s.Relations(ctx, domain.RelationFilter{Claims: f}, 5, nil); return err },
			"RelationsOf": func() error {
				_, _, err := s.RelationsOf(ctx, []string{"alpha"}, store.Out, domain.RelationFilter{Claims: f}, 5, nil, true)
				return err
			},
			"Neighbourhood": func() error { _, err := s.Neighbourhood(ctx, "alpha", 1, nil, f, 5); return err },
			"Paths": func() error {
				_, err := s.Paths(ctx, store.PathQuery{From: "alpha", To: "delta", MaxHops: 2, Claims: f, Limit: 5, Budget: store.DefaultPathBudget})
				return err
			},
			"Timeline": func() error { _, err := s.Timeline(ctx, nil, nil, nil, f, 5, nil); return err },
		}
		for read, call := range reads {
			if err := call(); domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("%s with %s: %v, want %s", read, name, err, domain.EINVALID)
			}
		}
	}
}
