package loader

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// maxSourceBatchBytes bounds the text in one batch of sources: a batch is
// copied a few times on its way to Neo4j, and texts are large.
const maxSourceBatchBytes = 8 << 20

func writeBatches[T any](ctx context.Context, l *Loader, p *progress, kind string, records []*Record[T], write func(context.Context, []T) (store.WriteResult, error)) (store.WriteResult, error) {
	return writeSizedBatches(ctx, l, p, kind, records, write, nil, 0)
}

// writeSizedBatches writes records in batches of at most BatchSize records
// and, when size is given, at most maxSize of their sizes (or one record).
func writeSizedBatches[T any](ctx context.Context, l *Loader, p *progress, kind string, records []*Record[T], write func(context.Context, []T) (store.WriteResult, error),
	size func(T) int, maxSize int) (store.WriteResult, error) {
	var total store.WriteResult
	batch := make([]T, 0, min(l.opts.BatchSize, len(records)))
	for start := 0; start < len(records); start += len(batch) {
		batch = batch[:0]
		bytes := 0
		for _, r := range records[start:min(start+l.opts.BatchSize, len(records))] {
			if size != nil {
				if bytes += size(r.Value); bytes > maxSize && len(batch) > 0 {
					break
				}
			}
			batch = append(batch, r.Value)
		}
		writing := time.Now()
		res, err := write(ctx, batch)
		since(&p.writing, writing)
		if err != nil {
			return total, err
		}
		total.Add(res)
		l.wrote(p, kind, len(batch), res)
	}
	return total, nil
}

// wrote accounts for a committed batch of n records.
func (l *Loader) wrote(p *progress, kind string, n int, res store.WriteResult) {
	p.advance(n)
	if l.opts.OnWrite != nil {
		l.opts.OnWrite(kind, res)
	}
}

// progress prints a line now and then on loads long enough to need one.
type progress struct {
	w           io.Writer
	every       time.Duration
	total, done int
	start, last time.Time
	// writing is the time spent in write transactions (Timings.Write).
	writing time.Duration
}

func (p *progress) advance(n int) {
	p.done += n
	if p.w == nil || time.Since(p.last) < p.every {
		return
	}
	p.last = time.Now()
	rate := float64(p.done) / time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "loaded %d/%d records (%.0f/s)\n", p.done, p.total, rate)
}

// writeRelations is the second pass: it reads the relations again and
// writes them in batches, each identity once, with all its evidence. The
// batches are written by another goroutine, one at a time and in order,
// while the next is read (see batchWriter). When create is set, the
// relations are known not to be in the graph, and are created outright.
func (l *Loader) writeRelations(ctx context.Context, p *progress, in *input, c *relationCheck, published store.Published, create bool) (store.WriteResult, error) {
	write := l.store.WriteRelations
	if create {
		write = l.store.CreateRelations
	}
	bw := startBatchWriter(func(batch []*domain.Relation) (store.WriteResult, error) {
		writing := time.Now()
		res, err := write(ctx, batch, published)
		since(&p.writing, writing)
		if err == nil {
			l.wrote(p, "relations", len(batch), res)
		}
		return res, err
	})
	w := &relationWriter{l: l, c: c, out: bw, batch: make([]*domain.Relation, 0, l.opts.BatchSize)}
	problems, err := in.eachRelation(func(r *Record[*domain.Relation]) error { return w.add(r) })
	if err == nil && len(problems) > 0 {
		err = changedSinceValidated(problems[0].Pos)
	}
	if err == nil {
		err = w.emit()
	}
	if err == nil {
		err = w.flush()
	}
	return bw.close(err)
}

// batchWriter writes batches on a goroutine of its own, one at a time, in
// the order they were given, holding at most one more: reading and
// checking the next batch overlaps Neo4j's work on the last. The first
// error stops it, and is what the next put and close return.
type batchWriter struct {
	batches chan []*domain.Relation
	done    chan struct{}
	err     error // set before done is closed
	total   store.WriteResult
}

func startBatchWriter(write func([]*domain.Relation) (store.WriteResult, error)) *batchWriter {
	bw := &batchWriter{batches: make(chan []*domain.Relation, 1), done: make(chan struct{})}
	go func() {
		defer close(bw.done)
		for batch := range bw.batches {
			res, err := write(batch)
			if err != nil {
				bw.err = err
				return
			}
			bw.total.Add(res)
		}
	}()
	return bw
}

// put hands a batch over; the caller must not touch it afterwards.
func (bw *batchWriter) put(batch []*domain.Relation) error {
	select {
	case bw.batches <- batch:
		return nil
	case <-bw.done:
		return bw.err
	}
}

// close waits for the batches given to be written, and returns the first
// error: the writer's, else err (the reader's, which stops the writer after
// the batch it is writing).
func (bw *batchWriter) close(err error) (store.WriteResult, error) {
	if err != nil {
		// Nothing more is written once the reader fails.
		for drained := false; !drained; {
			select {
			case <-bw.batches:
			default:
				drained = true
			}
		}
	}
	close(bw.batches)
	<-bw.done
	if bw.err != nil {
		return bw.total, bw.err
	}
	return bw.total, err
}

// relationWriter is what the write pass keeps: the batch being filled,
// and the run of adjacent records of one identity being read.
type relationWriter struct {
	l     *Loader
	c     *relationCheck
	out   *batchWriter
	batch []*domain.Relation
	// cur is the relation of the current run, gathering the run's
	// evidence; nil when the run is not written (a later run of an
	// identity, whose evidence went with its first).
	cur   *domain.Relation
	run   relKey
	inRun bool
}

// add takes the next relation record, which must be as validated.
func (w *relationWriter) add(r *Record[*domain.Relation]) error {
	if w.l.prepare(r)(r.Value) != nil { // also sets the defaults and orients again
		return changedSinceValidated(r.Pos)
	}
	key := identityOf(r.Value)
	if w.inRun && key == w.run {
		if w.cur != nil {
			w.cur.Evidence = unionEvidence(w.cur.Evidence, r.Value.Evidence)
		}
		return nil
	}
	if err := w.emit(); err != nil {
		return err
	}
	w.run, w.inRun = key, true
	if first, ok := w.c.seen[key]; !ok || first.fp != fingerprint(r.Value) {
		return changedSinceValidated(r.Pos)
	}
	if x, ok := w.c.extra[key]; ok {
		if x.written {
			return nil // a later run: its evidence went with the first
		}
		x.written = true
	}
	v := *r.Value
	v.Evidence = slices.Clone(v.Evidence)
	w.cur = &v
	return nil
}

// emit puts the current run's relation, with the evidence of the
// identity's later runs, into the batch, and hands a full batch over.
func (w *relationWriter) emit() error {
	if w.cur == nil {
		return nil
	}
	if x, ok := w.c.extra[w.run]; ok {
		w.cur.Evidence = unionEvidence(w.cur.Evidence, x.evidence)
	}
	w.batch = append(w.batch, w.cur)
	w.cur = nil
	if len(w.batch) >= w.l.opts.BatchSize {
		return w.flush()
	}
	return nil
}

// flush hands the batch over to be written in one transaction, and starts
// a new one.
func (w *relationWriter) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	batch := w.batch
	w.batch = make([]*domain.Relation, 0, w.l.opts.BatchSize)
	return w.out.put(batch)
}

func changedSinceValidated(pos Position) error {
	return fmt.Errorf("%s: changed since it was validated: load again", pos)
}
