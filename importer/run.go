package importer

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/actorgraph/actorgraph/eventdata"
	"github.com/actorgraph/actorgraph/store"
)

// An import reads, checks and resolves the records in one goroutine, which
// cuts them into batches, creates each batch's new actors in a small
// transaction of their own, and hands the batch to one of Options.Writers
// writers, each writing one batch at a time in its own transaction. A
// batch then needs nothing from a batch being written, so batches may
// commit in any order; what one import leaves, stopped at any point, is
// whole batches (and perhaps actors of the next), and importing again
// completes it.

// run is the state of one import.
type run struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	im     *Importer
	res    *resolver
	seen   map[string]bool // event ids met in this import
	batch  store.CodedBatch
	actors map[string]bool // ids of the actors to create in batch
	jobs   chan job
	writer *store.CodedWriter
	wg     sync.WaitGroup
	waited time.Duration // the reader's time waiting for a writer
	read   atomic.Int64  // records read, for progress lines

	mu           sync.Mutex // guards what follows: writers report to it
	rep          *Report
	err          error // the first error of a writer
	start        time.Time
	lastProgress time.Time
}

// job is one batch to write, numbered from 1 in the order read.
type job struct {
	n     int
	batch store.CodedBatch
}

// run reads the files and writes their events.
func (im *Importer) run(ctx context.Context, paths []string, res *resolver, rep *Report, start time.Time) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	r := &run{ctx: ctx, cancel: cancel, im: im, res: res, seen: map[string]bool{}, rep: rep, start: start, lastProgress: start,
		jobs: make(chan job)}
	if !im.opts.DryRun {
		r.writer = im.store.NewCodedWriter()
		for range im.opts.Writers {
			r.wg.Add(1)
			go r.write()
		}
	}
	readStart := time.Now()
	err := eventdata.Read(ctx, im.opts.Format, paths, r.record)
	if err == nil {
		err = r.flush()
	}
	rep.Timing.Read = time.Since(readStart) - r.waited
	close(r.jobs)
	r.wg.Wait()
	rep.Resolution = outcomes(res.outcomes)
	if r.err != nil { // reading stopped because a writer failed
		return r.err
	}
	return err
}

func (r *run) record(rec *eventdata.Record, rowErr *eventdata.RowError) error {
	r.rep.Read = int(r.read.Add(1))
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

// flush makes sure of the batch's new actors, in a transaction of their
// own, and hands the batch to a writer (unless this is a dry run); then
// it starts the next.
func (r *run) flush() error {
	if len(r.batch.Events) == 0 {
		return nil
	}
	batch := r.batch
	r.batch, r.actors = store.CodedBatch{}, nil
	r.mu.Lock()
	r.rep.Events += len(batch.Events)
	r.rep.Batches++
	n := r.rep.Batches
	r.mu.Unlock()
	if r.im.opts.DryRun {
		return nil
	}
	actorsStart := time.Now()
	created, err := r.writer.EnsureActors(r.ctx, batch)
	if err != nil {
		return fmt.Errorf("batch %d: %w", n, err)
	}
	r.mu.Lock()
	r.rep.ActorsCreated += created
	r.rep.Timing.Write.Actors += time.Since(actorsStart)
	r.mu.Unlock()
	wait := time.Now()
	defer func() { r.waited += time.Since(wait) }()
	select {
	case r.jobs <- job{n: n, batch: batch}:
		return nil
	case <-r.ctx.Done():
		return context.Cause(r.ctx)
	}
}

// write is one writer: it writes batches until there are none left, or
// the import stopped.
func (r *run) write() {
	defer r.wg.Done()
	for j := range r.jobs {
		if r.ctx.Err() != nil {
			continue
		}
		res, err := r.writer.Write(r.ctx, j.batch)
		if err != nil {
			err = fmt.Errorf("batch %d: %w", j.n, err)
		} else {
			err = r.committed(j.n, res)
		}
		if err != nil {
			r.mu.Lock()
			if r.err == nil {
				r.err = err
			}
			r.mu.Unlock()
			r.cancel(err)
		}
	}
}

// committed counts a committed batch and calls AfterBatch, unless the
// import already stopped.
func (r *run) committed(n int, res store.CodedResult) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rep.Created += res.EventsCreated
	r.rep.Existing += res.EventsExisting
	r.rep.ActorsCreated += res.ActorsCreated
	r.rep.DyadDays += res.DyadDays
	r.rep.Timing.Write.Add(res.Timing)
	r.progress()
	if hook := r.im.opts.AfterBatch; hook != nil && r.err == nil {
		if err := hook(n, res); err != nil {
			return errors.Join(fmt.Errorf("stopped after batch %d", n), err)
		}
	}
	return nil
}

// progress prints a progress line, at most every ProgressEvery; r.mu is
// held.
func (r *run) progress() {
	now := time.Now()
	if r.im.opts.Progress == nil || now.Sub(r.lastProgress) < r.im.opts.ProgressEvery {
		return
	}
	r.lastProgress = now
	elapsed := now.Sub(r.start)
	fmt.Fprintf(r.im.opts.Progress, "import: %d records read, %d events written (%d new) in %s, %.0f events/s\n",
		r.read.Load(), r.rep.Created+r.rep.Existing, r.rep.Created, elapsed.Round(time.Second), float64(r.rep.Created+r.rep.Existing)/elapsed.Seconds())
}
