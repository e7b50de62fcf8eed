// Package importer imports coded event data (package eventdata) into the
// graph: it resolves the records' actors against the actors already there,
// maps their codes through domain/eventcodes.yaml, and writes events,
// participations and dyad aggregates in batches (store.WriteCodedBatch),
// reporting what it resolved, created and skipped.
package importer

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/eventdata"
	"github.com/actorgraph/actorgraph/store"
)

// DefaultBatchSize is the number of events per write transaction.
const DefaultBatchSize = 5000

// DefaultWriters is the number of batches written at once, each in its
// own transaction. One: on two cores, with events in date order as data
// sets ship them, consecutive batches add to the same dyad days, and a
// second writer mostly waits for the first's locks (bench/EVENTS.md:
// 100k events in 67 s with two writers, 49 s with one). More writers
// pay off on more cores and on files not in date order.
const DefaultWriters = 1

// What to do with a malformed row.
const (
	// OnErrorStop reads everything first and writes nothing if any row is
	// malformed, reporting every one as file:line: reason.
	OnErrorStop = "stop"
	// OnErrorSkip skips malformed rows, imports the rest and reports
	// what was skipped, by reason.
	OnErrorSkip = "skip"
)

// Options configure an import.
type Options struct {
	Format    eventdata.Format
	OnError   string // OnErrorStop (default) or OnErrorSkip
	BatchSize int
	// Writers is the number of batches written at once (default
	// DefaultWriters), each in its own transaction.
	Writers int
	DryRun  bool
	// Progress, when set, gets a line every ProgressEvery (default 2s).
	Progress      io.Writer
	ProgressEvery time.Duration
	// AfterBatch, when set, is called after each batch is committed, by
	// the writer that committed it, before that writer takes another
	// batch; calls do not overlap. An error it returns stops the import
	// (tests interrupt one with it): no batch is started after it, but
	// batches that other writers are writing may still commit.
	AfterBatch func(batch int, result store.CodedResult) error
}

// InputError lists the malformed rows of an import stopped by them.
type InputError struct{ Rows []*eventdata.RowError }

func (e *InputError) Error() string {
	return fmt.Sprintf("%d malformed row(s); nothing was written (use --on-error skip to import the rest)", len(e.Rows))
}

// DataSets are the :Source nodes of the data sets.
var DataSets = map[eventdata.Format]store.DataSet{
	eventdata.ICEWS: {ID: "icews", Title: "ICEWS Coded Event Data", Publisher: "Harvard Dataverse (Boschee et al.)",
		URL: "https://doi.org/10.7910/DVN/28075"},
	eventdata.GDELT:  {ID: "gdelt", Title: "GDELT 2.0 Event Database", Publisher: "The GDELT Project", URL: "https://www.gdeltproject.org/"},
	eventdata.PLOVER: {ID: "plover", Title: "PLOVER coded events", Publisher: "Open Event Data Alliance", URL: "https://github.com/openeventdata/PLOVER"},
}

// Importer imports event data into a store.
type Importer struct {
	store     *store.Store
	codes     *domain.EventCodes
	countries *domain.Countries
	opts      Options
}

// New returns an importer with the shipped code and country tables.
func New(s *store.Store, opts Options) *Importer {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Writers <= 0 {
		opts.Writers = DefaultWriters
	}
	if opts.OnError == "" {
		opts.OnError = OnErrorStop
	}
	if opts.ProgressEvery <= 0 {
		opts.ProgressEvery = 2 * time.Second
	}
	return &Importer{store: s, codes: domain.DefaultEventCodes, countries: domain.DefaultCountries, opts: opts}
}

// Import reads the files and writes their events. With OnErrorStop, a
// malformed row anywhere means nothing is written and an *InputError.
func (im *Importer) Import(ctx context.Context, paths []string) (*Report, error) {
	start := time.Now()
	rep := &Report{Format: im.opts.Format, DryRun: im.opts.DryRun}
	if im.opts.OnError != OnErrorStop && im.opts.OnError != OnErrorSkip {
		return rep, fmt.Errorf("on-error %q: want stop or skip", im.opts.OnError)
	}
	ds, ok := DataSets[im.opts.Format]
	if !ok {
		return rep, fmt.Errorf("unknown format %q", im.opts.Format)
	}
	if im.opts.OnError == OnErrorStop {
		checkStart := time.Now()
		bad, err := im.check(ctx, paths)
		rep.Timing.Check = time.Since(checkStart)
		if err != nil || len(bad) > 0 {
			if err == nil {
				err = &InputError{Rows: bad}
			}
			return rep, err
		}
	}
	directory, err := im.store.ActorDirectory(ctx)
	if err != nil {
		return rep, err
	}
	if !im.opts.DryRun {
		if err := im.store.EnsureSchema(ctx); err != nil {
			return rep, err
		}
		if err := im.store.EnsureDataSet(ctx, ds); err != nil {
			return rep, err
		}
	}
	err = im.run(ctx, paths, newResolver(ds.ID, directory, im.codes, im.countries), rep, start)
	rep.Elapsed = time.Since(start)
	return rep, err
}

// check reads everything and returns the malformed rows.
func (im *Importer) check(ctx context.Context, paths []string) ([]*eventdata.RowError, error) {
	var bad []*eventdata.RowError
	err := eventdata.Read(ctx, im.opts.Format, paths, func(rec *eventdata.Record, rowErr *eventdata.RowError) error {
		if rowErr == nil && !rec.Documentation {
			_, rowErr = codeOf(im.codes, rec)
		}
		if rowErr != nil {
			bad = append(bad, rowErr)
		}
		return nil
	})
	return bad, err
}
