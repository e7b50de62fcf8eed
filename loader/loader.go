package loader

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// DefaultBatchSize is the rows per write transaction. Measured on 1M
// generated relations (BENCHMARKS.md): 1000 rows took 124 s, 5000 took
// 107 s; larger batches mostly cost memory in Neo4j.
const DefaultBatchSize = 5000

// Options tune a load.
type Options struct {
	BatchSize int
	// DryRun validates only; nothing is written.
	DryRun bool
	// Strict makes the lint's warnings (an ASSERTED claim whose quote
	// hedges) errors: nothing is written when there is one.
	Strict bool
	// Progress, when set, receives a line every ProgressEvery while writing.
	Progress      io.Writer
	ProgressEvery time.Duration
	// OnWrite, when set, is told what each batch did once it is committed:
	// kind is "sources", "actors", "policies", "events" or "relations".
	// It runs on one goroutine at a time, in the order of the commits, and
	// no batch is written while it runs (metrics count rows with it; tests
	// stop a load at a known batch).
	OnWrite func(kind string, result store.WriteResult)
}

// Loader validates data sets and writes them to the graph.
type Loader struct {
	store *store.Store
	vocab *domain.Vocabulary
	opts  Options

	schemaOnce sync.Mutex
	schemaDone bool
}

// New returns a loader writing to s.
func New(s *store.Store, opts Options) *Loader {
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.ProgressEvery <= 0 {
		opts.ProgressEvery = 2 * time.Second
	}
	return &Loader{store: s, vocab: domain.DefaultVocabulary, opts: opts}
}

// Report says what a load did.
type Report struct {
	Sources, Actors, Policies, Events, Relations store.WriteResult
	// Pruned is what became of the records that lost the claims of a
	// source the input includes but no longer gives them.
	Pruned store.PruneResult
	// Warnings are the lint's findings (see Options.Strict).
	Warnings []Issue
	DryRun   bool
	Elapsed  time.Duration
	// Timings divide Elapsed between parsing, validation and writes.
	Timings Timings
	// Created is set when the relations were created outright: the
	// database had no relationships when the load began (see Load).
	Created bool
}

func (r Report) String() string {
	warnings := ""
	if n := len(r.Warnings); n > 0 {
		warnings = fmt.Sprintf("%d warning(s)\n", n)
	}
	if r.DryRun {
		return warnings + fmt.Sprintf("dry run: input is valid (%d sources, %d actors, %d policies, %d events, %d relations); nothing written",
			r.Sources.Unchanged, r.Actors.Unchanged, r.Policies.Unchanged, r.Events.Unchanged, r.Relations.Unchanged)
	}
	line := func(name string, w store.WriteResult) string {
		return fmt.Sprintf("%-9s %6d created %6d updated %6d unchanged\n", name, w.Created, w.Updated, w.Unchanged)
	}
	pruned := ""
	if p := r.Pruned; p != (store.PruneResult{}) {
		pruned = fmt.Sprintf("pruned    %6d relations lost claims (%d of them deleted, left without any), %d nodes lost claims\n", p.Relations, p.Deleted, p.Nodes)
	}
	return line("sources", r.Sources) + line("actors", r.Actors) + line("policies", r.Policies) +
		line("events", r.Events) + line("relations", r.Relations) + pruned + warnings +
		fmt.Sprintf("in %s (%s)\n", r.Elapsed.Round(time.Millisecond), r.Timings)
}

// Load reads paths and applies them as one data set, as Apply does, but
// without holding the relations of CSV files in memory: they are read
// twice, a row at a time, to validate and then to write.
//
// A load into a database without relationships creates its relations
// outright, without MERGE: each identity is written once per load, so
// none can be there already unless another writer adds it meanwhile
// (nothing else may write while a first load runs). A load that stops
// half-way leaves relationships behind, so loading again merges.
func (l *Loader) Load(ctx context.Context, paths []string) (Report, error) {
	start := time.Now()
	in := readInput(paths)
	return l.apply(ctx, in, start)
}

// Apply validates ds as a whole and, only if all of it is valid, writes it:
// sources, then nodes, then relations, in batches of UNWIND ... MERGE. A
// load that stops half-way leaves whole batches behind; applying the same
// data again completes it, since every write is an idempotent MERGE.
//
// Claims: each record written replaces, on that record, the claims of the
// sources it brings claims of; other sources' claims stay. The claims of a
// source that ds includes (defines) become exactly those of ds: they are
// removed from the records ds no longer gives them on, and a relation left
// without claims is deleted (see store.BeginClaims).
//
// Errors: EINVALID (an *InputError listing every problem) when the data is
// wrong, or when an earlier actorgraph wrote the database; EUNAVAILABLE or
// ETIMEOUT when Neo4j fails.
func (l *Loader) Apply(ctx context.Context, ds *Dataset) (Report, error) {
	nodes := *ds
	nodes.Relations = nil
	return l.apply(ctx, &input{nodes: &nodes, relations: []*relationSource{{records: ds.Relations}}}, time.Now())
}

func (l *Loader) apply(ctx context.Context, in *input, start time.Time) (Report, error) {
	if err := l.store.CheckClaimsLayout(ctx); err != nil {
		return Report{}, err
	}
	validating, waited := time.Now(), in.times.Waited
	c, err := l.validate(ctx, in)
	if err != nil {
		return Report{}, err
	}
	ds, relations := in.nodes, len(c.seen)
	ledgers := ledgersOf(ds, c.claimedRelations())
	rep := Report{Warnings: c.warnings}
	rep.Timings.Validate = time.Since(validating) - (in.times.Waited - waited)
	c.release()
	if l.opts.DryRun {
		rep.DryRun, rep.Elapsed, rep.Timings.Parse = true, time.Since(start), in.times.Parse
		rep.Sources, rep.Actors = store.WriteResult{Unchanged: len(ds.Sources)}, store.WriteResult{Unchanged: len(ds.Actors)}
		rep.Policies, rep.Events = store.WriteResult{Unchanged: len(ds.Policies)}, store.WriteResult{Unchanged: len(ds.Events)}
		rep.Relations = store.WriteResult{Unchanged: relations}
		return rep, nil
	}
	if err := l.ensureSchema(ctx); err != nil {
		return Report{}, err
	}
	counts, err := l.store.Counts(ctx)
	if err != nil {
		return Report{}, err
	}
	rep.Created = counts.Relationships == 0
	p := &progress{w: l.opts.Progress, every: l.opts.ProgressEvery, total: ds.Size() + relations, start: start, last: start}
	err = l.write(ctx, &rep, p, in, c, ledgers)
	rep.Elapsed, rep.Timings.Parse, rep.Timings.Write = time.Since(start), in.times.Parse, p.writing
	return rep, err
}

// write writes a validated input: sources, the sources' ledgers, nodes,
// relations, then the pruning of what the included sources no longer
// claim and their final ledgers (see store.BeginClaims).
func (l *Loader) write(ctx context.Context, rep *Report, p *progress, in *input, c *relationCheck, ledgers []store.Ledger) error {
	ds := in.nodes
	var err error
	sourceSize := func(s *domain.Source) int { return len(s.Text) }
	if rep.Sources, err = writeSizedBatches(ctx, l, p, "sources", ds.Sources, l.store.WriteSources, sourceSize, maxSourceBatchBytes); err != nil {
		return fmt.Errorf("writing sources: %w", err)
	}
	if in.ownsNodes {
		// Written: the texts are not needed any more (relations were
		// checked against them) and are the largest thing a load holds.
		for _, s := range ds.Sources {
			s.Value.Text = ""
		}
	}
	began := time.Now()
	states, err := l.beginClaims(ctx, ledgers)
	since(&p.writing, began)
	if err != nil {
		return fmt.Errorf("recording where the sources' claims are: %w", err)
	}
	published := store.Published{}
	for id, st := range states {
		published[id] = st.Published
	}
	if rep.Actors, err = writeBatches(ctx, l, p, "actors", ds.Actors, withPublished(l.store.WriteActors, published)); err != nil {
		return fmt.Errorf("writing actors: %w", err)
	}
	if rep.Policies, err = writeBatches(ctx, l, p, "policies", ds.Policies, withPublished(l.store.WritePolicies, published)); err != nil {
		return fmt.Errorf("writing policies: %w", err)
	}
	if rep.Events, err = writeBatches(ctx, l, p, "events", ds.Events, withPublished(l.store.WriteEvents, published)); err != nil {
		return fmt.Errorf("writing events: %w", err)
	}
	if rep.Relations, err = l.writeRelations(ctx, p, in, c, published, rep.Created); err != nil {
		return fmt.Errorf("writing relations: %w", err)
	}
	defer since(&p.writing, time.Now())
	if rep.Pruned, err = l.prune(ctx, states); err != nil {
		return fmt.Errorf("removing the claims the input no longer gives: %w", err)
	}
	if err := l.endClaims(ctx, ledgers); err != nil {
		return fmt.Errorf("recording where the sources' claims are: %w", err)
	}
	return nil
}

// withPublished binds a node write to the sources' publication dates.
func withPublished[T any](write func(context.Context, []T, store.Published) (store.WriteResult, error), published store.Published) func(context.Context, []T) (store.WriteResult, error) {
	return func(ctx context.Context, batch []T) (store.WriteResult, error) { return write(ctx, batch, published) }
}

// ensureSchema creates constraints and indexes once per loader.
func (l *Loader) ensureSchema(ctx context.Context) error {
	l.schemaOnce.Lock()
	defer l.schemaOnce.Unlock()
	if l.schemaDone {
		return nil
	}
	if err := l.store.EnsureSchema(ctx); err != nil {
		return err
	}
	l.schemaDone = true
	return nil
}
