package importer

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/actorgraph/actorgraph/eventdata"
	"github.com/actorgraph/actorgraph/store"
)

// ReasonDocumentation counts PLOVER records that document the file.
const ReasonDocumentation = "not an event (a PLOVER DOCUMENT record)"

// ReasonRepeated counts a record met again in the same import.
const ReasonRepeated = "repeated record id (kept the first)"

// Skipped is one reason rows were skipped for.
type Skipped struct {
	Reason string
	Count  int
	// First are the first rows skipped for it, as file:line: detail.
	First []string
}

// NameCount is a name and how often it was met.
type NameCount struct {
	Name  string
	Count int
}

// Outcome is how many distinct names had one resolution outcome, how
// often they were met, and the most frequent.
type Outcome struct {
	Names, Mentions int
	Top             []NameCount
}

// Report says what an import did.
type Report struct {
	Format  eventdata.Format
	DryRun  bool
	Read    int // records read, good or not
	Events  int // events given to the store (new or already there)
	Created int // events that were new
	// Existing events were already stored: a re-import counts nothing twice.
	Existing      int
	ActorsCreated int
	DyadDays      int // DyadDay rows written
	// NotAggregated events lack the country of their source or target.
	NotAggregated int
	Batches       int
	Skipped       map[string]*Skipped
	// Resolution holds, per outcome (resolved, created, ambiguous,
	// unresolved), the names of actors (and unknown countries).
	Resolution map[string]Outcome
	Elapsed    time.Duration
	Timing     Timing
}

// Timing is where an import's time went. The writers work at the same
// time as the reader and as each other, so the parts add up to more than
// the elapsed time.
type Timing struct {
	// Check is the first reading of every row, with OnErrorStop.
	Check time.Duration
	// Read is reading, checking, resolving and batching the records,
	// besides waiting for a writer to take a batch.
	Read time.Duration
	// Write is the writers' time, summed over batches.
	Write store.CodedTiming
}

func (t Timing) String() string {
	w := t.Write
	return fmt.Sprintf("check %s, read and resolve %s; writes, summed over batches: actors %s, events and participations %s, dyad days %s, commit %s",
		round(t.Check), round(t.Read), round(w.Actors), round(w.Events), round(w.Dyads), round(w.Commit))
}

func round(d time.Duration) time.Duration { return d.Round(time.Millisecond) }

// SkippedRows is the number of rows skipped for any reason.
func (r *Report) SkippedRows() int {
	n := 0
	for _, s := range r.Skipped {
		n += s.Count
	}
	return n
}

func (r *Report) skip(reason, detail string) {
	if r.Skipped == nil {
		r.Skipped = map[string]*Skipped{}
	}
	s := r.Skipped[reason]
	if s == nil {
		s = &Skipped{Reason: reason}
		r.Skipped[reason] = s
	}
	s.Count++
	if len(s.First) < 3 {
		s.First = append(s.First, detail)
	}
}

func outcomes(counts map[string]map[string]int) map[string]Outcome {
	out := map[string]Outcome{}
	for outcome, names := range counts {
		o := Outcome{Names: len(names)}
		for name, n := range names {
			o.Mentions += n
			o.Top = append(o.Top, NameCount{name, n})
		}
		slices.SortFunc(o.Top, func(a, b NameCount) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name))
		})
		o.Top = o.Top[:min(len(o.Top), 5)]
		out[outcome] = o
	}
	return out
}

func (r *Report) String() string {
	var b strings.Builder
	verb := "imported"
	if r.DryRun {
		verb = "checked (dry run: nothing written)"
	}
	fmt.Fprintf(&b, "%s: %d records read, %d events %s in %d batches (%d new, %d already there), %d actors created, %d dyad-day rows written, in %s\n",
		r.Format, r.Read, r.Events, verb, r.Batches, r.Created, r.Existing, r.ActorsCreated, r.DyadDays, r.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(&b, "time: %s\n", r.Timing)
	if r.NotAggregated > 0 {
		fmt.Fprintf(&b, "not in dyad aggregates (source or target country unknown): %d events\n", r.NotAggregated)
	}
	b.WriteString("actor resolution:\n")
	for _, outcome := range []string{outcomeResolved, outcomeCreated, outcomeAmbiguous, outcomeUnresolved} {
		o := r.Resolution[outcome]
		top := make([]string, len(o.Top))
		for i, t := range o.Top {
			top[i] = fmt.Sprintf("%s (%d)", t.Name, t.Count)
		}
		fmt.Fprintf(&b, "  %-10s %d names, %d mentions; top: %s\n", outcome, o.Names, o.Mentions, strings.Join(top, ", "))
	}
	fmt.Fprintf(&b, "skipped: %d rows\n", r.SkippedRows())
	for _, reason := range slices.Sorted(maps.Keys(r.Skipped)) {
		s := r.Skipped[reason]
		fmt.Fprintf(&b, "  %d × %s, e.g. %s\n", s.Count, reason, strings.Join(s.First, "; "))
	}
	return b.String()
}
