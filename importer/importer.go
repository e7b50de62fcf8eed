// Package importer imports coded event data (package eventdata) into the
// graph: it resolves the records' actors against the actors already there,
// maps their codes through domain/eventcodes.yaml, and writes events,
// participations and dyad aggregates in batches (store.WriteCodedBatch),
// reporting what it resolved, created and skipped.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/eventdata"
	"github.com/actorgraph/actorgraph/store"
)

// DefaultBatchSize is the number of events per write transaction.
const DefaultBatchSize = 5000

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
	DryRun    bool
	// Progress, when set, gets a line every ProgressEvery (default 2s).
	Progress      io.Writer
	ProgressEvery time.Duration
	// AfterBatch, when set, is called after each batch is committed; an
	// error it returns stops the import (tests interrupt one with it).
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
		if bad, err := im.check(ctx, paths); err != nil || len(bad) > 0 {
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
	run := &run{ctx: ctx, im: im, rep: rep, res: newResolver(ds.ID, directory, im.codes, im.countries), seen: map[string]bool{},
		start: start, lastProgress: start}
	err = eventdata.Read(ctx, im.opts.Format, paths, run.record)
	if err == nil {
		err = run.flush()
	}
	rep.Resolution = outcomes(run.res.outcomes)
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

// run is the state of one import.
type run struct {
	ctx          context.Context
	im           *Importer
	rep          *Report
	res          *resolver
	seen         map[string]bool // event ids met in this import
	batch        store.CodedBatch
	actors       map[string]bool // ids of the actors to create in batch
	start        time.Time
	lastProgress time.Time
}

func (r *run) record(rec *eventdata.Record, rowErr *eventdata.RowError) error {
	r.rep.Read++
	if rowErr == nil && rec.Documentation {
		r.rep.skip(ReasonDocumentation, rec.Pos.String())
		return nil
	}
	var c coding
	if rowErr == nil {
		c, rowErr = codeOf(r.im.codes, rec)
	}
	if rowErr != nil {
		if r.im.opts.OnError == OnErrorStop { // check let it through: the input changed since
			return &InputError{Rows: []*eventdata.RowError{rowErr}}
		}
		r.rep.skip(rowErr.Reason, rowErr.Pos.String()+": "+rowErr.Detail)
		return nil
	}
	sources, targets := r.resolveAll(rec.Sources), r.resolveAll(rec.Targets)
	e := eventOf(rec, c, sources, targets)
	if r.seen[e.ID] {
		r.rep.skip(ReasonRepeated, rec.Pos.String()+": "+rec.RecordID)
		return nil
	}
	r.seen[e.ID] = true
	for _, a := range append(sources, targets...) {
		r.need(a.create)
	}
	if e.SourceCountry != "" && e.TargetCountry != "" {
		a, b := r.res.state(e.SourceCountry), r.res.state(e.TargetCountry)
		r.need(a.create)
		r.need(b.create)
		e.DyadA, e.DyadB = a.id, b.id
	} else {
		r.rep.NotAggregated++
	}
	r.batch.Events = append(r.batch.Events, e)
	if len(r.batch.Events) >= r.im.opts.BatchSize {
		return r.flush()
	}
	return nil
}

func (r *run) resolveAll(actors []eventdata.Actor) []resolved {
	out := make([]resolved, len(actors))
	for i, a := range actors {
		out[i] = r.res.actor(a)
	}
	return out
}

// need adds an actor to create to the batch, once.
func (r *run) need(a *store.ImportedActor) {
	if a == nil {
		return
	}
	if r.actors == nil {
		r.actors = map[string]bool{}
	}
	if !r.actors[a.ID] {
		r.actors[a.ID] = true
		r.batch.Actors = append(r.batch.Actors, *a)
	}
}

// flush writes the batch (unless this is a dry run) and starts the next.
func (r *run) flush() error {
	if len(r.batch.Events) == 0 {
		return nil
	}
	batch := r.batch
	r.batch, r.actors = store.CodedBatch{}, nil
	r.rep.Events += len(batch.Events)
	r.rep.Batches++
	if r.im.opts.DryRun {
		return nil
	}
	res, err := r.im.store.WriteCodedBatch(r.ctx, batch)
	if err != nil {
		return fmt.Errorf("batch %d: %w", r.rep.Batches, err)
	}
	r.rep.Created += res.EventsCreated
	r.rep.Existing += res.EventsExisting
	r.rep.ActorsCreated += res.ActorsCreated
	r.rep.DyadDays += res.DyadDays
	r.progress()
	if hook := r.im.opts.AfterBatch; hook != nil {
		if err := hook(r.rep.Batches, res); err != nil {
			return errors.Join(fmt.Errorf("stopped after batch %d", r.rep.Batches), err)
		}
	}
	return nil
}

func (r *run) progress() {
	now := time.Now()
	if r.im.opts.Progress == nil || now.Sub(r.lastProgress) < r.im.opts.ProgressEvery {
		return
	}
	r.lastProgress = now
	elapsed := now.Sub(r.start)
	fmt.Fprintf(r.im.opts.Progress, "import: %d records read, %d events written (%d new) in %s, %.0f events/s\n",
		r.rep.Read, r.rep.Events, r.rep.Created, elapsed.Round(time.Second), float64(r.rep.Events)/elapsed.Seconds())
}
