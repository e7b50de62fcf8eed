package main

import (
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/eventfixture"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// TestRawAndAggregateAgree: the two queries the benchmark times return the
// same months, and those are the fixture's events counted in Go; a person
// stands for its state in both.
func TestRawAndAggregateAgree(t *testing.T) {
	neo4jtest.Open(t)
	neo4jtest.Reset(t)
	eventfixture.Write(t)
	from, to := time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2018, 12, 31, 0, 0, 0, 0, time.UTC)
	for _, pair := range [][2]string{{"united-states", "russia"}, {"icews-vladimir-putin", "china"}} {
		params := map[string]any{"a": pair[0], "b": pair[1], "from": neo4j.DateOf(from), "to": neo4j.DateOf(to)}
		raw := months(t, RawMonthly, params)
		agg := months(t, AggregateMonthly, params)
		a, b := eventfixture.StateOf(pair[0]), eventfixture.StateOf(pair[1])
		want := map[time.Time]domain.QuadCounts{}
		for m := from; m.Before(to); m = m.AddDate(0, 1, 0) {
			if q := eventfixture.Counts(a, b, true, m, m.AddDate(0, 1, -1)); q.Events > 0 {
				want[m] = q
			}
		}
		if len(want) < 2 || len(raw) != len(want) || len(agg) != len(want) {
			t.Fatalf("%v: %d raw months, %d aggregate, want %d (at least 2)", pair, len(raw), len(agg), len(want))
		}
		for m, q := range want {
			if raw[m] != q || agg[m] != q {
				t.Errorf("%v %s: raw %+v, aggregate %+v, want %+v", pair, m.Format("2006-01"), raw[m], agg[m], q)
			}
		}
	}
}

func months(t *testing.T, cypher string, params map[string]any) map[time.Time]domain.QuadCounts {
	t.Helper()
	out := map[time.Time]domain.QuadCounts{}
	for _, r := range neo4jtest.Exec(t, cypher, params) {
		v := r.Values
		n := func(i int) int { x, _ := v[i].(int64); return int(x) }
		sum, _ := v[6].(float64)
		out[v[0].(neo4j.Date).Time()] = domain.QuadCounts{Events: n(1), VerbalCooperation: n(2), MaterialCooperation: n(3),
			VerbalConflict: n(4), MaterialConflict: n(5), ScoreSum: sum, ScoreCount: n(7)}
	}
	return out
}
