package loader

import (
	"context"
	"fmt"
	"slices"

	"github.com/actorgraph/actorgraph/domain"
)

// lookupChunk is how many relations needing the graph (an endpoint or a
// source not in the input) wait for one lookup of what they need.
const lookupChunk = 5000

// firstSeen is where an identity was first seen, its fingerprint, and
// whether its ends were given the other way round (symmetric types).
type firstSeen struct {
	fp      uint64
	pos     uint64 // file index << 40 | line
	swapped bool
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
	// claimed lists, per source, the ids of the relations that carry one of
	// its claims (with repeats; see claimedRelations): the sources' ledgers.
	claimed   map[string][]string
	files     []string
	fileIndex map[string]uint64
	// The run of adjacent records of one identity being read.
	run        relKey
	inRun      bool
	runRepeats bool // the run's identity was seen before the run
	pending    []pendingRelation
	// Problems, by kind, to report in the order validate always has.
	dups, endpoints, evidence issues
	// warnings are the lint's findings (see lintClaims) when they are not
	// errors.
	warnings issues
}

func newRelationCheck(l *Loader) *relationCheck {
	return &relationCheck{l: l, defined: map[string]defined{}, texts: map[string]string{}, inGraph: map[string]graphNode{},
		sourcesLooked: map[string]bool{}, seen: map[relKey]firstSeen{}, extra: map[relKey]*extraEvidence{},
		claimed: map[string][]string{}, fileIndex: map[string]uint64{}}
}

// release lets go of what only validation needs; the write pass needs
// seen and extra.
func (c *relationCheck) release() {
	c.defined, c.texts, c.inGraph, c.sourcesLooked, c.pending, c.claimed = nil, nil, nil, nil, nil, nil
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
		c.seen[key] = firstSeen{fp: fp, pos: c.pack(r.Pos), swapped: r.swapped}
		c.noteClaims(r.Value)
		return c.check(ctx, r, true)
	}
	if first.swapped != r.swapped {
		rel := r.Value
		here, there := [2]string{rel.From, rel.To}, [2]string{rel.To, rel.From}
		if r.swapped {
			here, there = there, here
		}
		c.dups.add(r.Pos, "", "%s is symmetric and relation %s is given in both directions, %s -> %s here and %s -> %s at %s: give each pair once",
			rel.Type, rel.ID(), here[0], here[1], there[0], there[1], c.unpack(first.pos))
		return nil
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
	c.noteClaims(r.Value)
	return c.check(ctx, r, false) // its endpoints are those of the first
}

// noteClaims adds the relation to the ledger of each source it has a
// claim of.
func (c *relationCheck) noteClaims(rel *domain.Relation) {
	id := ""
	for i, e := range rel.Evidence {
		if slices.ContainsFunc(rel.Evidence[:i], func(p domain.Evidence) bool { return p.SourceID == e.SourceID }) {
			continue
		}
		if id == "" {
			id = rel.ID()
		}
		c.claimed[e.SourceID] = append(c.claimed[e.SourceID], id)
	}
}

// claimedRelations returns the ledger of relations of each source, sorted
// and without repeats.
func (c *relationCheck) claimedRelations() map[string][]string {
	for src, ids := range c.claimed {
		slices.Sort(ids)
		c.claimed[src] = slices.Compact(ids)
	}
	return c.claimed
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
	ids := claimRefs(nil, r.Value.Evidence)
	if endpoints {
		ids = append(ids, r.Value.From, r.Value.To)
	}
	for _, id := range ids {
		if _, ok := c.defined[id]; !ok {
			if _, ok := c.inGraph[id]; !ok {
				return true
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

// claimRefs appends to ids the actors and events that claims refer to.
func claimRefs(ids []string, evidence []domain.Evidence) []string {
	for _, e := range evidence {
		for _, id := range []string{e.AttributedTo, e.Statement} {
			if id != "" {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// flush looks up what the pending relations need and checks them.
func (c *relationCheck) flush(ctx context.Context) error {
	var ids, sourceIDs []string
	for _, p := range c.pending {
		if p.endpoints {
			ids = append(ids, p.r.Value.From, p.r.Value.To)
		}
		ids = claimRefs(ids, p.r.Value.Evidence)
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

// entity returns what an endpoint id is: an actor, policy or event of the
// input or the graph; false for anything else.
func (c *relationCheck) entity(id string) (domain.Endpoint, bool) {
	d, ok := c.defined[id]
	ref := d.ref
	if !ok {
		g := c.inGraph[id]
		ref, ok = g.ref, g.found
	}
	return ref, ok && ref.Kind != domain.KindSource
}

// checkNow checks a relation whose endpoints and sources are known.
func (c *relationCheck) checkNow(r *Record[*domain.Relation], endpoints bool) {
	rel := r.Value
	if endpoints {
		from, fromOK := c.entity(rel.From)
		to, toOK := c.entity(rel.To)
		for _, end := range []struct {
			id, field string
			ok        bool
		}{{rel.From, r.endField("from"), fromOK}, {rel.To, r.endField("to"), toOK}} {
			if !end.ok {
				c.endpoints.add(r.at(end.field), end.field, "no actor, policy or event with id %q in the input or the graph", end.id)
			}
		}
		if fromOK && toOK {
			rt, _ := c.l.vocab.Lookup(rel.Type)
			if msg := rt.CheckEndpoints(from, to); msg != "" {
				c.endpoints.add(r.at("type"), "type", "%s (%s -> %s)", msg, rel.From, rel.To)
			}
		}
	}
	checkClaims(c, &c.evidence, r, rel.Evidence)
}

// dedupe drops repeated ids, in place, keeping the first of each.
func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
