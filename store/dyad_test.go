package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/eventfixture"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// checkSeries compares every period of a series with the fixture's events
// counted in Go over the period's days.
func checkSeries(t *testing.T, got *domain.DyadSeries, a, b string, both bool) {
	t.Helper()
	for _, p := range got.Periods {
		if want := eventfixture.Counts(a, b, both, p.First, p.Last); p.QuadCounts != want {
			t.Errorf("%s %s..%s: %+v, want %+v", got.Granularity, p.Start(), p.End(), p.QuadCounts, want)
		}
	}
}

func TestDyadSeries(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	eventfixture.Write(t)
	ctx := context.Background()

	t.Run("monthly, both directions, empty months as zeros", func(t *testing.T) {
		got, err := s.Dyad(ctx, "united-states", "russia", date("2018"), date("2018"), domain.GranularityMonth, domain.DyadBoth)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Periods) != 12 || got.Periods[0].Start() != "2018-01-01" || got.Periods[11].End() != "2018-12-31" {
			t.Fatalf("periods %v, want the 12 months of 2018", got.Periods)
		}
		if got.Periods[2].Events != 0 || got.Periods[9].Events != 0 || got.Periods[0].Events == 0 {
			t.Errorf("March and October have no events, January has: %+v", got.Periods)
		}
		checkSeries(t, got, "united-states", "russia", true)
	})
	t.Run("a person counts toward its state", func(t *testing.T) {
		got, err := s.Dyad(ctx, "icews-vladimir-putin", "united-states", date("2018"), date("2018"), domain.GranularityYear, domain.DyadAToB)
		if err != nil {
			t.Fatal(err)
		}
		if got.A != "russia" || got.B != "united-states" || len(got.Periods) != 1 {
			t.Fatalf("got %s → %s, %d periods; want russia → united-states, 1", got.A, got.B, len(got.Periods))
		}
		checkSeries(t, got, "russia", "united-states", false)
	})
	for _, c := range []struct {
		g                domain.Granularity
		from, to         string
		periods          int
		firstStart, last string
	}{
		{domain.GranularityDay, "2018-06", "2018-06", 30, "2018-06-01", "2018-06-30"},
		// 2018-02-01 is a Thursday: its ISO week starts on Monday 29 January.
		{domain.GranularityWeek, "2018-02-01", "2018-02-28", 5, "2018-01-29", "2018-03-04"},
		{domain.GranularityMonth, "2018-02-10", "2018-04-02", 3, "2018-02-01", "2018-04-30"},
		{domain.GranularityYear, "2017", "2018-06", 2, "2017-01-01", "2018-12-31"},
	} {
		t.Run(string(c.g), func(t *testing.T) {
			got, err := s.Dyad(ctx, "russia", "united-states", date(c.from), date(c.to), c.g, domain.DyadBoth)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Periods) != c.periods || got.Periods[0].Start() != domain.PartialDate(c.firstStart) || got.Periods[len(got.Periods)-1].End() != domain.PartialDate(c.last) {
				t.Fatalf("%d periods from %s to %s, want %d from %s to %s", len(got.Periods), got.Periods[0].Start(), got.Periods[len(got.Periods)-1].End(), c.periods, c.firstStart, c.last)
			}
			for i, p := range got.Periods {
				if c.g == domain.GranularityWeek && p.First.Weekday() != time.Monday {
					t.Errorf("week %d starts on a %s", i, p.First.Weekday())
				}
				if i > 0 && !p.First.Equal(got.Periods[i-1].Last.AddDate(0, 0, 1)) {
					t.Errorf("period %d does not follow period %d", i, i-1)
				}
			}
			checkSeries(t, got, "russia", "united-states", true)
		})
	}
	t.Run("directions", func(t *testing.T) {
		var total [3]int
		for i, dir := range []domain.DyadDirection{domain.DyadAToB, domain.DyadBToA, domain.DyadBoth} {
			got, err := s.Dyad(ctx, "united-states", "russia", date("2018"), date("2018"), domain.GranularityYear, dir)
			if err != nil {
				t.Fatal(err)
			}
			a, b := "united-states", "russia"
			if dir == domain.DyadBToA {
				a, b = b, a
			}
			checkSeries(t, got, a, b, dir == domain.DyadBoth)
			total[i] = got.Periods[0].Events
		}
		if total[0] == 0 || total[1] == 0 || total[0]+total[1] != total[2] {
			t.Errorf("A_TO_B %d + B_TO_A %d != BOTH %d (each non-zero)", total[0], total[1], total[2])
		}
	})
	t.Run("the window defaults to the days with events", func(t *testing.T) {
		got, err := s.Dyad(ctx, "china", "russia", nil, nil, domain.GranularityMonth, domain.DyadBoth)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Periods) != 10 || got.Periods[0].Start() != "2018-02-01" || got.Periods[9].Start() != "2018-11-01" {
			t.Errorf("periods %v, want February to November 2018", got.Periods)
		}
		checkSeries(t, got, "china", "russia", true)
	})
}

func TestDyadErrors(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	eventfixture.Write(t)
	neo4jtest.Exec(t, "CREATE (:Entity:Actor:Person {id: 'nobody-in-particular', name: 'Nobody', kind: 'PERSON'})", nil)
	ctx := context.Background()
	for _, c := range []struct {
		name, a string
		from    string
		g       domain.Granularity
		dir     domain.DyadDirection
		code    string
	}{
		{"past the period cap", "russia", "2000", domain.GranularityDay, domain.DyadBoth, domain.ELIMIT},
		{"unknown actor", "atlantis", "2018", domain.GranularityMonth, domain.DyadBoth, domain.ENOTFOUND},
		{"actor without a country", "nobody-in-particular", "2018", domain.GranularityMonth, domain.DyadBoth, domain.EINVALID},
		{"to before from", "russia", "2019", domain.GranularityMonth, domain.DyadBoth, domain.EINVALID},
		{"bad granularity", "russia", "2018", "DECADE", domain.DyadBoth, domain.EINVALID},
		{"bad direction", "russia", "2018", domain.GranularityMonth, "SIDEWAYS", domain.EINVALID},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Dyad(ctx, c.a, "united-states", date(c.from), date("2018"), c.g, c.dir)
			if domain.ErrorCode(err) != c.code {
				t.Errorf("error %v, want %s", err, c.code)
			}
		})
	}
	if _, err := s.Counterparts(ctx, "russia", date("2000"), date("2018"), domain.CounterpartsByEvents, nil, 10); domain.ErrorCode(err) != domain.ELIMIT {
		t.Errorf("counterparts over 19 years: %v, want %s", err, domain.ELIMIT)
	}
	neutral := domain.Stance("NEUTRAL")
	if _, err := s.Counterparts(ctx, "russia", nil, nil, domain.CounterpartsByEvents, &neutral, 10); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("counterparts of quad class NEUTRAL: %v, want %s", err, domain.EINVALID)
	}
}

func TestCounterparts(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	eventfixture.Write(t)
	ctx := context.Background()
	from, to := date("2018"), date("2018")
	expected := func(quad string) []domain.Counterpart {
		var out []domain.Counterpart
		for _, other := range []string{"united-states", "china", "ukraine"} {
			q := eventfixture.Counts("russia", other, true, from.Start(), to.End())
			if quad == "" || (quad == "MATERIAL_CONFLICT" && q.MaterialConflict > 0) {
				out = append(out, domain.Counterpart{ActorID: other, QuadCounts: q})
			}
		}
		return out
	}
	mean := func(c domain.Counterpart) float64 { return *c.ScoreMean() }
	for _, c := range []struct {
		name  string
		by    domain.CounterpartOrder
		quad  string
		order func(a, b domain.Counterpart) bool
	}{
		{"by events", domain.CounterpartsByEvents, "", func(a, b domain.Counterpart) bool { return a.Events > b.Events }},
		{"by mean score", domain.CounterpartsByScoreMean, "", func(a, b domain.Counterpart) bool { return mean(a) > mean(b) }},
		{"by mean score, lowest first", domain.CounterpartsByScoreMeanAsc, "", func(a, b domain.Counterpart) bool { return mean(a) < mean(b) }},
		{"material conflict", domain.CounterpartsByEvents, "MATERIAL_CONFLICT", func(a, b domain.Counterpart) bool { return a.MaterialConflict > b.MaterialConflict }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var quad *domain.Stance
			if c.quad != "" {
				q := domain.Stance(c.quad)
				quad = &q
			}
			// The person counts toward Russia; Russia's events with itself are left out.
			got, err := s.Counterparts(ctx, "icews-vladimir-putin", from, to, c.by, quad, 10)
			if err != nil {
				t.Fatal(err)
			}
			want := expected(c.quad)
			slices.SortStableFunc(want, func(a, b domain.Counterpart) int {
				switch {
				case c.order(a, b):
					return -1
				case c.order(b, a):
					return 1
				}
				return 0
			})
			if !slices.Equal(got, want) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
	one, err := s.Counterparts(ctx, "russia", nil, nil, domain.CounterpartsByEvents, nil, 1)
	if err != nil || len(one) != 1 || one[0].ActorID != "united-states" {
		t.Errorf("first 1 without a window: %+v, %v; want united-states", one, err)
	}
	if _, err := s.Counterparts(ctx, "russia", nil, nil, domain.CounterpartsByEvents, nil, store.MaxDyadPeriods); domain.ErrorCode(err) != domain.ELIMIT {
		t.Errorf("first %d: %v, want %s", store.MaxDyadPeriods, err, domain.ELIMIT)
	}
}

func TestCodedEventsDecode(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	eventfixture.Write(t)
	ctx := context.Background()
	e := eventfixture.Events[0]
	found, err := s.Entities(ctx, []string{e.ID()})
	if err != nil {
		t.Fatal(err)
	}
	event, ok := found[e.ID()].(*domain.Event)
	if !ok || event.Coded == nil {
		t.Fatalf("%s: %#v, want a coded event", e.ID(), found[e.ID()])
	}
	c := event.Coded
	if c.Dataset != "icews" || c.RecordID != e.RecordID || c.Code != e.Code || c.QuadClass != e.Quad || c.Score == nil || *c.Score != *e.Score ||
		c.Publisher != e.Publisher || c.StoryID != e.StoryID || c.SentenceNumber == nil || *c.SentenceNumber != e.SentenceNumber {
		t.Errorf("coded record %+v, want that of %+v", c, e)
	}
	if event.Kind != domain.EventCoded || len(event.Attributes) != 0 {
		t.Errorf("kind %s, attributes %v: want CODED and none (coded fields are not attributes)", event.Kind, event.Attributes)
	}
	rel, err := s.Relation(ctx, e.Source+":PARTICIPATED_IN:"+e.ID())
	if err != nil {
		t.Fatal(err)
	}
	if len(rel.Evidence) != 1 || rel.Evidence[0].Record != e.RecordID || rel.Evidence[0].SourceID != "icews" || len(rel.Attributes) != 0 {
		t.Errorf("evidence %+v, attributes %v: want one claim citing record %s", rel.Evidence, rel.Attributes, e.RecordID)
	}
}
