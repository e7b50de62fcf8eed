package domain

import "time"

// Granularity is the length of a dyad series' periods.
type Granularity string

// The granularities; a week starts on Monday (ISO 8601).
const (
	GranularityDay   Granularity = "DAY"
	GranularityWeek  Granularity = "WEEK"
	GranularityMonth Granularity = "MONTH"
	GranularityYear  Granularity = "YEAR"
)

// PeriodStart returns the first day of the period of granularity g that
// holds day.
func (g Granularity) PeriodStart(day time.Time) time.Time {
	y, m, d := day.Date()
	switch g {
	case GranularityWeek:
		// time.Weekday counts from Sunday (0); ISO weeks start on Monday.
		back := (int(day.Weekday()) + 6) % 7
		return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
	case GranularityMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case GranularityYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Next returns the first day of the period after the one starting at start.
func (g Granularity) Next(start time.Time) time.Time {
	switch g {
	case GranularityWeek:
		return start.AddDate(0, 0, 7)
	case GranularityMonth:
		return start.AddDate(0, 1, 0)
	case GranularityYear:
		return start.AddDate(1, 0, 0)
	}
	return start.AddDate(0, 0, 1)
}

// Valid reports whether g is one of the granularities.
func (g Granularity) Valid() bool {
	switch g {
	case GranularityDay, GranularityWeek, GranularityMonth, GranularityYear:
		return true
	}
	return false
}

// DyadDirection selects which events between two actors a dyad counts.
type DyadDirection string

// The directions.
const (
	DyadAToB DyadDirection = "A_TO_B"
	DyadBToA DyadDirection = "B_TO_A"
	DyadBoth DyadDirection = "BOTH"
)

// CounterpartOrder is how counterparts are ranked.
type CounterpartOrder string

// The orders; ties go by actor id.
const (
	CounterpartsByEvents       CounterpartOrder = "EVENTS"
	CounterpartsByScoreMean    CounterpartOrder = "SCORE_MEAN"
	CounterpartsByScoreMeanAsc CounterpartOrder = "SCORE_MEAN_ASC"
)

// QuadCounts counts coded events by quad class, with their scores.
type QuadCounts struct {
	Events              int
	VerbalCooperation   int
	MaterialCooperation int
	VerbalConflict      int
	MaterialConflict    int
	ScoreSum            float64
	// ScoreCount is how many of the events have a score.
	ScoreCount int
}

// ScoreMean is the mean score of the events that have one; nil when none has.
func (q QuadCounts) ScoreMean() *float64 {
	if q.ScoreCount == 0 {
		return nil
	}
	m := q.ScoreSum / float64(q.ScoreCount)
	return &m
}

// Add adds other's counts to q.
func (q *QuadCounts) Add(other QuadCounts) {
	q.Events += other.Events
	q.VerbalCooperation += other.VerbalCooperation
	q.MaterialCooperation += other.MaterialCooperation
	q.VerbalConflict += other.VerbalConflict
	q.MaterialConflict += other.MaterialConflict
	q.ScoreSum += other.ScoreSum
	q.ScoreCount += other.ScoreCount
}

// DyadPeriod is one period of a dyad series: its first and last days and
// the events counted in it.
type DyadPeriod struct {
	First, Last time.Time
	QuadCounts
}

// Start is the period's first day.
func (p *DyadPeriod) Start() PartialDate { return PartialDate(p.First.Format(time.DateOnly)) }

// End is the period's last day.
func (p *DyadPeriod) End() PartialDate { return PartialDate(p.Last.Format(time.DateOnly)) }

// DyadSeries is the events between two states, period by period.
type DyadSeries struct {
	// A and B are the ids of the state actors counted (the actors asked
	// for, or the states of their countries).
	A, B        string
	Granularity Granularity
	Direction   DyadDirection
	Periods     []DyadPeriod
}

// Counterpart is a state an actor's state had events with, and their counts.
type Counterpart struct {
	ActorID string
	QuadCounts
}
