package loader

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"strconv"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// Relations are the bulk of a large load, so they are never all held in
// memory: a relations CSV file is read twice, a row at a time, once to
// validate and once, if everything is valid, to write. The validation pass
// keeps per relation only a hash of its identity, one of its other fields
// and where it was first seen; and the evidence of an identity repeated
// apart from its first run of adjacent rows (CSV's way of giving several
// pieces of evidence is adjacent rows, so this is usually nothing).

// input is what one load validates and writes: nodes in memory, and
// relations from sources that each pass reads again.
type input struct {
	nodes         *Dataset // nodes only; relations are in relations
	relations     []*relationSource
	files         []string // as given, to report problems in file order
	parseProblems issues
	// ownsNodes is set when nodes were read for this load alone (not given
	// to Apply), so that what is written may be let go.
	ownsNodes bool
}

// relationSource is relation records in memory, or a relations CSV file
// streamed on each pass.
type relationSource struct {
	records []*Record[*domain.Relation]
	path    string
	// What the validation pass saw of the file; the write pass refuses a
	// file that changed since.
	opened  bool
	size    int64
	modTime time.Time
}

// eachRelation hands every relation record to fn, in input order. It
// returns the problems found parsing streamed files; an error from fn, or
// a file that changed since the first pass, stops it.
func (in *input) eachRelation(fn func(*Record[*domain.Relation]) error) (issues, error) {
	var problems issues
	for _, src := range in.relations {
		if src.path == "" {
			for _, r := range src.records {
				if err := fn(r); err != nil {
					return problems, err
				}
			}
			continue
		}
		fileProblems, err := src.stream(fn)
		problems = append(problems, fileProblems...)
		if err != nil {
			return problems, err
		}
	}
	return problems, nil
}

func (src *relationSource) stream(fn func(*Record[*domain.Relation]) error) (issues, error) {
	var problems issues
	f, err := os.Open(src.path)
	if err == nil {
		defer f.Close()
	}
	var info os.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	switch {
	case err != nil && src.opened:
		return nil, fmt.Errorf("reading %s again to write it: %w", src.path, err)
	case err != nil:
		problems.add(Position{File: src.path}, "", "cannot read: %v", err)
		return problems, nil
	case !src.opened:
		src.opened, src.size, src.modTime = true, info.Size(), info.ModTime()
	case info.Size() != src.size || !info.ModTime().Equal(src.modTime):
		return nil, fmt.Errorf("%s changed during the load: load again", src.path)
	}
	scratch := &Dataset{}
	return readCSV(src.path, f, kindRelations, func(node *yaml.Node) (issues, error) {
		scratch.Relations = scratch.Relations[:0]
		rowProblems := decodeRecord(scratch, src.path, kindRelations, node, true)
		for _, r := range scratch.Relations {
			if err := fn(r); err != nil {
				return rowProblems, err
			}
		}
		return rowProblems, nil
	})
}

// lookupChunk is how many relations needing the graph (an endpoint or a
// source not in the input) wait for one lookup of what they need.
const lookupChunk = 5000

// relKey is a relation's identity, hashed: 16 bytes instead of the string.
type relKey [16]byte

func identityOf(r *domain.Relation) relKey {
	sum := sha256.Sum256([]byte(r.ID()))
	return relKey(sum[:16])
}

// fingerprint hashes every field of r but its evidence: two records of one
// identity with different fingerprints disagree. Every field of
// domain.Relation must be here (TestFingerprintCoversRelation).
func fingerprint(r *domain.Relation) uint64 {
	h := sha256.New()
	put := func(s string) {
		var n [binary.MaxVarintLen64]byte
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	putDate := func(d *domain.PartialDate) {
		if d == nil {
			put("-")
			return
		}
		put("+" + string(*d))
	}
	put(r.From)
	put(r.Type)
	put(r.To)
	putDate(r.Since)
	putDate(r.Until)
	put(string(r.Stance))
	put(strconv.FormatFloat(r.Confidence, 'g', -1, 64))
	put(r.Role)
	putAttributes(put, r.Attributes)
	return binary.LittleEndian.Uint64(h.Sum(nil))
}

// putAttributes writes a map in key order, each value with its type, so
// that 1 and 1.0 differ as reflect.DeepEqual would have them.
func putAttributes(put func(string), attrs map[string]any) {
	put(strconv.Itoa(len(attrs)))
	for _, k := range sortedKeys(attrs) {
		put(k)
		put(fmt.Sprintf("%T", attrs[k]))
		put(fmt.Sprintf("%v", attrs[k]))
	}
}

// firstSeen is where an identity was first seen, and its fingerprint.
type firstSeen struct {
	fp  uint64
	pos uint64 // file index << 40 | line
}

type graphNode struct {
	ref   domain.Endpoint
	found bool
}

type pendingRelation struct {
	r         *Record[*domain.Relation]
	endpoints bool
}

// extraEvidence is the evidence of an identity's later runs, written with
// its first.
type extraEvidence struct {
	evidence []domain.Evidence
	written  bool
}

// relationCheck is what validating relations one at a time keeps, and
// what the write pass needs of it.
type relationCheck struct {
	l             *Loader
	defined       map[string]defined
	texts         map[string]string // source texts: the input's, and those looked up
	inGraph       map[string]graphNode
	sourcesLooked map[string]bool
	seen          map[relKey]firstSeen
	extra         map[relKey]*extraEvidence
	files         []string
	fileIndex     map[string]uint64
	// The run of adjacent records of one identity being read.
	run        relKey
	inRun      bool
	runRepeats bool // the run's identity was seen before the run
	pending    []pendingRelation
	// Problems, by kind, to report in the order validate always has.
	dups, endpoints, evidence issues
}

func newRelationCheck(l *Loader) *relationCheck {
	return &relationCheck{l: l, defined: map[string]defined{}, texts: map[string]string{}, inGraph: map[string]graphNode{},
		sourcesLooked: map[string]bool{}, seen: map[relKey]firstSeen{}, extra: map[relKey]*extraEvidence{},
		fileIndex: map[string]uint64{}}
}

// release lets go of what only validation needs; the write pass needs
// seen and extra.
func (c *relationCheck) release() {
	c.defined, c.texts, c.inGraph, c.sourcesLooked, c.pending = nil, nil, nil, nil, nil
}

func (c *relationCheck) pack(p Position) uint64 {
	i, ok := c.fileIndex[p.File]
	if !ok {
		i = uint64(len(c.files))
		c.files = append(c.files, p.File)
		c.fileIndex[p.File] = i
	}
	return i<<40 | uint64(min(p.Line, 1<<40-1))
}

func (c *relationCheck) unpack(p uint64) Position {
	return Position{File: c.files[p>>40], Line: int(p & (1<<40 - 1))}
}

// add checks one relation record that is valid on its own against the
// rest of the data set and the graph. The error is the graph's.
func (c *relationCheck) add(ctx context.Context, r *Record[*domain.Relation]) error {
	key, fp := identityOf(r.Value), fingerprint(r.Value)
	first, repeat := c.seen[key]
	if !c.inRun || key != c.run {
		c.run, c.inRun, c.runRepeats = key, true, repeat
	}
	if !repeat {
		c.seen[key] = firstSeen{fp: fp, pos: c.pack(r.Pos)}
		return c.check(ctx, r, true)
	}
	if first.fp != fp {
		c.dups.add(r.Pos, "", "relation %s is given twice with different fields (first at %s); give each period its own since", r.Value.ID(), c.unpack(first.pos))
		return nil
	}
	if c.runRepeats {
		x := c.extra[key]
		if x == nil {
			x = &extraEvidence{}
			c.extra[key] = x
		}
		x.evidence = unionEvidence(x.evidence, r.Value.Evidence)
	}
	return c.check(ctx, r, false) // its endpoints are those of the first
}

func (c *relationCheck) check(ctx context.Context, r *Record[*domain.Relation], endpoints bool) error {
	if !c.needsGraph(r, endpoints) {
		c.checkNow(r, endpoints)
		return nil
	}
	c.pending = append(c.pending, pendingRelation{r: r, endpoints: endpoints})
	if len(c.pending) >= lookupChunk {
		return c.flush(ctx)
	}
	return nil
}

func (c *relationCheck) needsGraph(r *Record[*domain.Relation], endpoints bool) bool {
	if endpoints {
		for _, id := range []string{r.Value.From, r.Value.To} {
			if _, ok := c.defined[id]; !ok {
				if _, ok := c.inGraph[id]; !ok {
					return true
				}
			}
		}
	}
	for _, e := range r.Value.Evidence {
		if _, ok := c.defined[e.SourceID]; !ok && !c.sourcesLooked[e.SourceID] {
			return true
		}
	}
	return false
}

// flush looks up what the pending relations need and checks them.
func (c *relationCheck) flush(ctx context.Context) error {
	var ids, sourceIDs []string
	for _, p := range c.pending {
		if p.endpoints {
			ids = append(ids, p.r.Value.From, p.r.Value.To)
		}
		for _, e := range p.r.Value.Evidence {
			sourceIDs = append(sourceIDs, e.SourceID)
		}
	}
	if err := c.lookup(ctx, ids, sourceIDs); err != nil {
		return err
	}
	for _, p := range c.pending {
		c.checkNow(p.r, p.endpoints)
	}
	clear(c.pending)
	c.pending = c.pending[:0]
	return nil
}

// lookup asks the graph for the ids and source texts not known yet. Node
// ids defined in the input are looked up too when given: they must not be
// in the graph as another kind.
func (c *relationCheck) lookup(ctx context.Context, ids, sourceIDs []string) error {
	ids = slices.DeleteFunc(dedupe(ids), func(id string) bool { _, ok := c.inGraph[id]; return ok })
	sourceIDs = slices.DeleteFunc(dedupe(sourceIDs), func(id string) bool {
		_, isDefined := c.defined[id]
		return isDefined || c.sourcesLooked[id]
	})
	if len(ids) > 0 {
		found, err := c.l.store.LookupNodes(ctx, ids)
		if err != nil {
			return fmt.Errorf("looking up referenced ids: %w", err)
		}
		for _, id := range ids {
			ref, ok := found[id]
			c.inGraph[id] = graphNode{ref: ref, found: ok}
		}
	}
	if len(sourceIDs) > 0 {
		texts, err := c.l.store.SourceTexts(ctx, sourceIDs)
		if err != nil {
			return fmt.Errorf("looking up sources: %w", err)
		}
		for _, id := range sourceIDs {
			c.sourcesLooked[id] = true
			if t, ok := texts[id]; ok {
				c.texts[id] = t
			}
		}
	}
	return nil
}

func (c *relationCheck) resolve(id string) (domain.Endpoint, bool) {
	if d, ok := c.defined[id]; ok {
		return d.ref, true
	}
	g := c.inGraph[id]
	return g.ref, g.found
}

// checkNow checks a relation whose endpoints and sources are known.
func (c *relationCheck) checkNow(r *Record[*domain.Relation], endpoints bool) {
	rel := r.Value
	if endpoints {
		from, fromOK := c.resolve(rel.From)
		to, toOK := c.resolve(rel.To)
		if !fromOK || from.Kind == domain.KindSource {
			c.endpoints.add(r.at("from"), "from", "no actor, policy or event with id %q in the input or the graph", rel.From)
		}
		if !toOK || to.Kind == domain.KindSource {
			c.endpoints.add(r.at("to"), "to", "no actor, policy or event with id %q in the input or the graph", rel.To)
		}
		if fromOK && toOK && from.Kind != domain.KindSource && to.Kind != domain.KindSource {
			rt, _ := c.l.vocab.Lookup(rel.Type)
			if msg := rt.CheckEndpoints(from, to); msg != "" {
				c.endpoints.add(r.at("type"), "type", "%s (%s -> %s)", msg, rel.From, rel.To)
			}
		}
	}
	checkRecordEvidence(&c.evidence, c.texts, r, rel.Evidence)
}

// writeRelations is the second pass: it reads the relations again and
// writes them in batches, each identity once, with all its evidence.
func (l *Loader) writeRelations(ctx context.Context, p *progress, in *input, c *relationCheck) (store.WriteResult, error) {
	var total store.WriteResult
	batch := make([]*domain.Relation, 0, l.opts.BatchSize)
	writeBatch := func() error {
		if len(batch) == 0 {
			return nil
		}
		res, err := l.store.WriteRelations(ctx, batch)
		if err != nil {
			return err
		}
		total.Add(res)
		l.wrote(p, "relations", len(batch), res)
		clear(batch)
		batch = batch[:0]
		return nil
	}
	var cur *domain.Relation // the relation of the current run, if it is written
	var run relKey
	inRun := false
	emit := func() error {
		if cur == nil {
			return nil
		}
		if x, ok := c.extra[run]; ok {
			cur.Evidence = unionEvidence(cur.Evidence, x.evidence)
		}
		batch = append(batch, cur)
		cur = nil
		if len(batch) >= l.opts.BatchSize {
			return writeBatch()
		}
		return nil
	}
	changed := func(r *Record[*domain.Relation]) error {
		return fmt.Errorf("%s: changed since it was validated: load again", r.Pos)
	}
	problems, err := in.eachRelation(func(r *Record[*domain.Relation]) error {
		if r.Value.Validate(l.vocab) != nil { // also sets the defaults again
			return changed(r)
		}
		key := identityOf(r.Value)
		if inRun && key == run {
			if cur != nil {
				cur.Evidence = unionEvidence(cur.Evidence, r.Value.Evidence)
			}
			return nil
		}
		if err := emit(); err != nil {
			return err
		}
		run, inRun = key, true
		if first, ok := c.seen[key]; !ok || first.fp != fingerprint(r.Value) {
			return changed(r)
		}
		if x, ok := c.extra[key]; ok {
			if x.written {
				return nil // a later run: its evidence went with the first
			}
			x.written = true
		}
		v := *r.Value
		v.Evidence = slices.Clone(v.Evidence)
		cur = &v
		return nil
	})
	if err == nil && len(problems) > 0 {
		err = fmt.Errorf("%s: changed since it was validated: load again", problems[0].Pos)
	}
	if err == nil {
		err = emit()
	}
	if err == nil {
		err = writeBatch()
	}
	return total, err
}
