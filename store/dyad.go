package store

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Dyads are read from the :DyadDay aggregates that an import keeps, one
// node per (source state, target state, day):
//
//	(:DyadDay {id: 'a|b|yyyy-mm-dd', a, b, day: DATE, events,
//	           verbalCooperation, materialCooperation, verbalConflict,
//	           materialConflict, scoreSum, scoreCount})
//
// found by the composite index on (a, b, day), and by the indexes on
// (a, day) and (b, day) for an actor's counterparts. A read touches one
// aggregate per day and direction, however many events the days hold.

// MaxDyadPeriods bounds a dyad series (periods of any granularity) and the
// days of a counterparts window: about ten years of days.
const MaxDyadPeriods = 3660

// Dyad returns the events between the states of actors a and b (an actor
// that is not a state counts toward the state of its country), period by
// period from the period holding from's first day to the one holding to's
// last, empty periods included. A missing end of the window is the first
// (or last) day with events of the dyad; with neither given and no events,
// the series has no periods.
//
// Errors: ENOTFOUND for an unknown actor or a country without a state,
// EINVALID for an actor without a country or a bad argument, ELIMIT past
// MaxDyadPeriods.
func (s *Store) Dyad(ctx context.Context, a, b string, from, to *domain.PartialDate, g domain.Granularity, dir domain.DyadDirection) (*domain.DyadSeries, error) {
	if !g.Valid() {
		return nil, domain.Errorf(domain.EINVALID, "unknown granularity %q; one of DAY, WEEK, MONTH, YEAR", g)
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (*domain.DyadSeries, error) {
		states, err := s.statesOf(ctx, tx, a, b)
		if err != nil {
			return nil, err
		}
		series := &domain.DyadSeries{A: states[0], B: states[1], Granularity: g, Direction: dir}
		pairs, err := dyadPairs(states[0], states[1], dir)
		if err != nil {
			return nil, err
		}
		params := map[string]any{"pairs": pairs}
		start, end, ok, err := s.window(ctx, tx, from, to, dyadExtent, params)
		if err != nil || !ok {
			return series, err
		}
		series.Periods, err = periods(g, start, end)
		if err != nil {
			return nil, err
		}
		params["from"], params["to"] = neoDate(series.Periods[0].First), neoDate(series.Periods[len(series.Periods)-1].Last)
		records, err := s.run(ctx, tx, `UNWIND $pairs AS p
MATCH (d:DyadDay) WHERE d.a = p[0] AND d.b = p[1] AND d.day >= $from AND d.day <= $to
WITH `+periodOf[g]+` AS start, d
RETURN start, `+quadSums, params)
		if err != nil {
			return nil, err
		}
		byStart := make(map[time.Time]domain.QuadCounts, len(records))
		for _, r := range records {
			byStart[r.Values[0].(neo4j.Date).Time()] = quadCountsOf(r.Values[1:])
		}
		for i := range series.Periods {
			series.Periods[i].QuadCounts = byStart[series.Periods[i].First]
		}
		return series, nil
	})
}

// periodOf is the Cypher of the first day of the period that holds d.day.
// Neo4j's weeks start on Monday, as ISO 8601's do.
var periodOf = map[domain.Granularity]string{
	domain.GranularityDay:   "d.day",
	domain.GranularityWeek:  "date.truncate('week', d.day)",
	domain.GranularityMonth: "date.truncate('month', d.day)",
	domain.GranularityYear:  "date.truncate('year', d.day)",
}

// quadSums is the Cypher of the sums of the aggregates d, named as
// quadColumns, which quadCountsOf reads in order.
const quadSums = `sum(d.events) AS events, sum(d.verbalCooperation) AS verbalCooperation,
       sum(d.materialCooperation) AS materialCooperation, sum(d.verbalConflict) AS verbalConflict,
       sum(d.materialConflict) AS materialConflict, sum(coalesce(d.scoreSum, 0.0)) AS scoreSum,
       sum(coalesce(d.scoreCount, 0)) AS scoreCount`

const quadColumns = "events, verbalCooperation, materialCooperation, verbalConflict, materialConflict, scoreSum, scoreCount"

func quadCountsOf(v []any) domain.QuadCounts {
	sum, _ := v[5].(float64)
	return domain.QuadCounts{Events: asInt(v[0]), VerbalCooperation: asInt(v[1]), MaterialCooperation: asInt(v[2]),
		VerbalConflict: asInt(v[3]), MaterialConflict: asInt(v[4]), ScoreSum: sum, ScoreCount: asInt(v[6])}
}

// dyadPairs are the (a, b) keys of the aggregates a direction reads; a
// state with itself is one pair whatever the direction.
func dyadPairs(a, b string, dir domain.DyadDirection) ([][]string, error) {
	switch dir {
	case domain.DyadAToB:
		return [][]string{{a, b}}, nil
	case domain.DyadBToA:
		return [][]string{{b, a}}, nil
	case domain.DyadBoth, "":
		if a == b {
			return [][]string{{a, b}}, nil
		}
		return [][]string{{a, b}, {b, a}}, nil
	}
	return nil, domain.Errorf(domain.EINVALID, "unknown dyad direction %q; one of A_TO_B, B_TO_A, BOTH", dir)
}

// dyadExtent is the first and last days with events of the pairs.
const dyadExtent = `UNWIND $pairs AS p
MATCH (d:DyadDay) WHERE d.a = p[0] AND d.b = p[1] AND d.day IS NOT NULL
RETURN min(d.day), max(d.day)`

// periods returns the periods of granularity g from the one holding start
// to the one holding end, without counts; ELIMIT past MaxDyadPeriods.
func periods(g domain.Granularity, start, end time.Time) ([]domain.DyadPeriod, error) {
	var out []domain.DyadPeriod
	for p := g.PeriodStart(start); !p.After(end); p = g.Next(p) {
		if len(out) == MaxDyadPeriods {
			return nil, domain.Errorf(domain.ELIMIT, "a dyad series has at most %d periods; from %s to %s by %s has more: narrow from and to, or take a coarser granularity",
				MaxDyadPeriods, start.Format(time.DateOnly), end.Format(time.DateOnly), g)
		}
		out = append(out, domain.DyadPeriod{First: p, Last: g.Next(p).AddDate(0, 0, -1)})
	}
	return out, nil
}

// window returns the first and last days of a read's window: from's first
// day and to's last, a missing one taken from what extent (a query
// returning the first and last days with events, given params) finds, or
// else from the given end. ok is false when no end is given and there are
// no events.
func (s *Store) window(ctx context.Context, tx neo4j.ManagedTransaction, from, to *domain.PartialDate, extent string, params map[string]any) (start, end time.Time, ok bool, err error) {
	if from != nil && to != nil {
		start, end = from.Start(), to.End()
	} else {
		rec, err := s.single(ctx, tx, extent, params)
		if err != nil {
			return start, end, false, err
		}
		first, hasFirst := rec.Values[0].(neo4j.Date)
		last, hasLast := rec.Values[1].(neo4j.Date)
		switch {
		case from == nil && to == nil && !hasFirst:
			return start, end, false, nil
		case from == nil && to == nil:
			start, end = first.Time(), last.Time()
		case from == nil:
			start, end = to.Start(), to.End()
			if hasFirst && first.Time().Before(start) {
				start = first.Time()
			}
		default:
			start, end = from.Start(), from.End()
			if hasLast && last.Time().After(end) {
				end = last.Time()
			}
		}
	}
	if end.Before(start) {
		return start, end, false, domain.Errorf(domain.EINVALID, "to (%s) is before from (%s)", end.Format(time.DateOnly), start.Format(time.DateOnly))
	}
	return start, end, true, nil
}

// statesOf returns the ids of the states that actors count toward in
// dyads: a state itself, any other actor the state of its country (the
// curated one, if an import created another).
func (s *Store) statesOf(ctx context.Context, tx neo4j.ManagedTransaction, ids ...string) ([]string, error) {
	records, err := s.run(ctx, tx, `UNWIND range(0, size($ids) - 1) AS i
OPTIONAL MATCH (x:Actor {id: $ids[i]})
CALL (x) {
  OPTIONAL MATCH (st:Actor {country: x.country}) WHERE x.kind <> 'STATE' AND st.kind = 'STATE'
  RETURN st.id AS state ORDER BY st.dataset IS NOT NULL, st.id LIMIT 1
}
RETURN i, x IS NOT NULL, x.kind, x.country, CASE x.kind WHEN 'STATE' THEN x.id ELSE state END ORDER BY i`, map[string]any{"ids": ids})
	if err != nil {
		return nil, err
	}
	out := make([]string, len(ids))
	for _, r := range records {
		i := asInt(r.Values[0])
		kind, _ := r.Values[2].(string)
		country, _ := r.Values[3].(string)
		state, _ := r.Values[4].(string)
		switch {
		case r.Values[1] != true:
			return nil, domain.Errorf(domain.ENOTFOUND, "no actor %q", ids[i])
		case state != "":
			out[i] = state
		case country == "":
			return nil, domain.Errorf(domain.EINVALID, "actor %q (%s) has no country, so it counts toward no state", ids[i], kind)
		default:
			return nil, domain.Errorf(domain.ENOTFOUND, "no state actor has country %q, the country of %q", country, ids[i])
		}
	}
	return out, nil
}
