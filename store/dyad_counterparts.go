package store

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// quadProperties maps each quad class to the count a :DyadDay keeps of it.
var quadProperties = map[domain.Stance]string{
	"VERBAL_COOPERATION":   "verbalCooperation",
	"MATERIAL_COOPERATION": "materialCooperation",
	"VERBAL_CONFLICT":      "verbalConflict",
	"MATERIAL_CONFLICT":    "materialConflict",
}

// counterpartOrders are the ORDER BY of each order, over the columns the
// counterparts query computes: ranked (the events counted for ranking),
// mean and scoreCount (the mean score and how many events have one). Ties go
// by id; a counterpart without a score comes last in a score order.
var counterpartOrders = map[domain.CounterpartOrder]string{
	domain.CounterpartsByEvents:       "ranked DESC, other",
	domain.CounterpartsByScoreMean:    "scoreCount = 0, mean DESC, other",
	domain.CounterpartsByScoreMeanAsc: "scoreCount = 0, mean, other",
}

// Counterparts ranks the states that actor's state (see Dyad) had events
// with, in either direction, between from's first day and to's last (a
// missing end: the first or last day with events of the state), by the
// order given, at most first of them. With quad, only events of that quad
// class are ranked and counterparts without any are left out; the counts
// returned are all of them. Events of the state with itself are not
// counted.
//
// Errors: as Dyad; ELIMIT for first, or a window of more than
// MaxDyadPeriods days.
func (s *Store) Counterparts(ctx context.Context, actor string, from, to *domain.PartialDate, by domain.CounterpartOrder, quad *domain.Stance, first int) ([]domain.Counterpart, error) {
	if _, err := PageSize(&first); err != nil {
		return nil, err
	}
	if by == "" {
		by = domain.CounterpartsByEvents
	}
	order, ok := counterpartOrders[by]
	if !ok {
		return nil, domain.Errorf(domain.EINVALID, "unknown counterpart order %q; one of EVENTS, SCORE_MEAN, SCORE_MEAN_ASC", by)
	}
	ranked := "events"
	if quad != nil {
		if ranked, ok = quadProperties[*quad]; !ok {
			return nil, domain.Errorf(domain.EINVALID, "%s is not a quad class; one of VERBAL_COOPERATION, MATERIAL_COOPERATION, VERBAL_CONFLICT, MATERIAL_CONFLICT", *quad)
		}
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]domain.Counterpart, error) {
		states, err := s.statesOf(ctx, tx, actor)
		if err != nil {
			return nil, err
		}
		params := map[string]any{"state": states[0], "limit": first}
		start, end, ok, err := s.window(ctx, tx, from, to, counterpartExtent, params)
		if err != nil || !ok {
			return nil, err
		}
		if days := int(end.Sub(start).Hours()/24) + 1; days > MaxDyadPeriods {
			return nil, domain.Errorf(domain.ELIMIT, "a counterparts window has at most %d days; from %s to %s has %d: narrow from and to",
				MaxDyadPeriods, start.Format(time.DateOnly), end.Format(time.DateOnly), days)
		}
		params["from"], params["to"] = neoDate(start), neoDate(end)
		records, err := s.run(ctx, tx, `CALL () {
  MATCH (d:DyadDay) WHERE d.a = $state AND d.day >= $from AND d.day <= $to AND d.b <> $state
  RETURN d.b AS other, d
  UNION ALL
  MATCH (d:DyadDay) WHERE d.b = $state AND d.day >= $from AND d.day <= $to AND d.a <> $state
  RETURN d.a AS other, d
}
WITH other, sum(d.`+ranked+`) AS ranked, `+quadSums+`
WHERE ranked > 0
WITH *, CASE WHEN scoreCount > 0 THEN scoreSum / scoreCount END AS mean
RETURN other, `+quadColumns+` ORDER BY `+order+` LIMIT $limit`, params)
		if err != nil {
			return nil, err
		}
		out := make([]domain.Counterpart, len(records))
		for i, r := range records {
			out[i] = domain.Counterpart{ActorID: r.Values[0].(string), QuadCounts: quadCountsOf(r.Values[1:])}
		}
		return out, nil
	})
}

// counterpartExtent is the first and last days with events of $state.
const counterpartExtent = `CALL () {
  MATCH (d:DyadDay) WHERE d.a = $state AND d.day IS NOT NULL RETURN d.day AS day
  UNION ALL
  MATCH (d:DyadDay) WHERE d.b = $state AND d.day IS NOT NULL RETURN d.day AS day
}
RETURN min(day), max(day)`
