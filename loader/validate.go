package loader

import (
	"context"
	"reflect"
	"slices"

	"github.com/actorgraph/actorgraph/domain"
)

// validate checks the input as a whole: nodes in memory, relations one
// record at a time (see relationCheck). It returns every problem at once,
// each at the line that caused it, and merges nodes that are the same fact;
// relations are merged by the write pass. Problems come in stages, as
// later stages would only repeat earlier ones: parse problems, then
// problems of records on their own, then those between records and with
// the graph.
func (l *Loader) validate(ctx context.Context, in *input) (*relationCheck, error) {
	ds := in.nodes
	records := checkNodeRecords(ds)
	c := newRelationCheck(l)
	eachNode(ds, func(r nodeRecord) { lintClaims(l.lintTo(c, &records), r.record, r.evidence) })
	cross := len(in.parseProblems) == 0 && len(records) == 0
	if cross {
		c.define(ds)
	}
	streamProblems, graphErr, err := l.checkRelations(ctx, in, c, &records, cross)
	if err != nil {
		return nil, err
	}
	if parse := append(in.parseProblems, streamProblems...); len(parse) > 0 {
		sortByFile(parse, in.files)
		return nil, parse.err()
	}
	if len(records) > 0 {
		return nil, records.err()
	}
	if graphErr != nil {
		return nil, graphErr
	}
	if err := c.flush(ctx); err != nil {
		return nil, err
	}
	conflicts, err := c.checkNodesInGraph(ctx, ds)
	if err != nil {
		return nil, err
	}
	problems := slices.Concat(c.dups, conflicts, c.endpoints, nodeClaims(c, ds), c.evidence)
	if len(problems) > 0 {
		return nil, problems.err()
	}
	return c, nil
}

// checkNodeRecords checks each node record on its own.
func checkNodeRecords(ds *Dataset) issues {
	var problems issues
	checkRecords(&problems, ds.Sources, func(s *domain.Source) error { return s.Validate() })
	checkRecords(&problems, ds.Actors, func(a *domain.Actor) error { return a.Validate() })
	checkRecords(&problems, ds.Policies, func(p *domain.Policy) error { return p.Validate() })
	checkRecords(&problems, ds.Events, func(e *domain.Event) error { return e.Validate() })
	return problems
}

// define merges the nodes given twice and records what the input defines
// (each node's kind, each source's text) for the checks of relations. Ids
// are unique across every kind; a node given twice is one fact when only
// its evidence differs and repeating is allowed.
func (c *relationCheck) define(ds *Dataset) {
	ds.Sources = mergeNodes(&c.dups, c.defined, ds.Sources, domain.Endpoint{Kind: domain.KindSource}, func(s *domain.Source) string { return s.ID }, nil)
	ds.Actors = mergeNodes(&c.dups, c.defined, ds.Actors, domain.Endpoint{Kind: domain.KindActor}, func(a *domain.Actor) string { return a.ID }, func(a *domain.Actor) *[]domain.Evidence { return &a.Evidence })
	for _, a := range ds.Actors {
		d := c.defined[a.Value.ID]
		d.ref.ActorKind = a.Value.Kind
		c.defined[a.Value.ID] = d
	}
	ds.Policies = mergeNodes(&c.dups, c.defined, ds.Policies, domain.Endpoint{Kind: domain.KindPolicy}, func(p *domain.Policy) string { return p.ID }, func(p *domain.Policy) *[]domain.Evidence { return &p.Evidence })
	ds.Events = mergeNodes(&c.dups, c.defined, ds.Events, domain.Endpoint{Kind: domain.KindEvent}, func(e *domain.Event) string { return e.ID }, func(e *domain.Event) *[]domain.Evidence { return &e.Evidence })
	for _, s := range ds.Sources {
		c.texts[s.Value.ID] = s.Value.Text
	}
}

// checkRelations is the one pass over the relations, keeping no record:
// each is checked on its own, into records, and, while cross (no problem
// of an earlier stage is known), against the rest and the graph. Once a
// problem of an earlier stage is found, only problems of that stage are
// looked for. It returns the parse problems of streamed files and the
// graph's error, which ends the cross checks; err is the pass's own.
func (l *Loader) checkRelations(ctx context.Context, in *input, c *relationCheck, records *issues, cross bool) (parse issues, graphErr, err error) {
	parse, err = in.eachRelation(func(r *Record[*domain.Relation]) error {
		if !checkRecord(records, r, l.prepare(r)) {
			cross = false
		}
		lintClaims(l.lintTo(c, records), r, r.Value.Evidence)
		if !cross {
			return nil
		}
		if err := c.add(ctx, r); err != nil {
			graphErr, cross = err, false
		}
		return nil
	})
	return parse, graphErr, err
}

// prepare returns the check of a relation record on its own: Validate,
// which fills in defaults, then Orient, so that a symmetric relation has
// its one identity before anything else looks at it.
func (l *Loader) prepare(r *Record[*domain.Relation]) func(*domain.Relation) error {
	return func(rel *domain.Relation) error {
		err := rel.Validate(l.vocab)
		if rel.Orient(l.vocab) {
			r.swapped = true
		}
		return err
	}
}

// lintTo is where the lint's findings go: with Strict, among the problems
// of records on their own; else among the warnings.
func (l *Loader) lintTo(c *relationCheck, records *issues) *issues {
	if l.opts.Strict {
		return records
	}
	return &c.warnings
}

// checkNodesInGraph looks up the ids the input defines, which must not be
// in the graph as another kind, the sources nodes cite that the input
// does not define, which must be in it (their quotes are checked later),
// and the actors and events their claims refer to.
func (c *relationCheck) checkNodesInGraph(ctx context.Context, ds *Dataset) (issues, error) {
	var ids, sourceIDs []string
	var positions []Position
	addNodes := func(id string, pos Position, evidence []domain.Evidence) {
		ids, positions = append(ids, id), append(positions, pos)
		for _, e := range evidence {
			sourceIDs = append(sourceIDs, e.SourceID)
		}
	}
	for _, s := range ds.Sources {
		addNodes(s.Value.ID, s.at("id"), nil)
	}
	for _, a := range ds.Actors {
		addNodes(a.Value.ID, a.at("id"), a.Value.Evidence)
	}
	for _, p := range ds.Policies {
		addNodes(p.Value.ID, p.at("id"), p.Value.Evidence)
	}
	for _, e := range ds.Events {
		addNodes(e.Value.ID, e.at("id"), e.Value.Evidence)
	}
	var refs []string
	eachNode(ds, func(r nodeRecord) { refs = claimRefs(refs, r.evidence) })
	if err := c.lookup(ctx, slices.Concat(ids, refs), sourceIDs); err != nil {
		return nil, err
	}
	var conflicts issues
	for i, id := range ids {
		if g := c.inGraph[id]; g.found && g.ref.Kind != c.defined[id].ref.Kind {
			conflicts.add(positions[i], "id", "%q is already used by an existing %s node; ids are unique across actors, policies, events and sources", id, g.ref.Kind)
		}
	}
	return conflicts, nil
}

// sortByFile orders problems by the files they are in, as given, keeping
// each file's in order.
func sortByFile(problems issues, files []string) {
	order := make(map[string]int, len(files))
	for i, f := range files {
		order[f] = i + 1
	}
	slices.SortStableFunc(problems, func(a, b Issue) int { return order[a.Pos.File] - order[b.Pos.File] })
}

type defined struct {
	ref domain.Endpoint
	pos Position
}

func checkRecords[T any](problems *issues, records []*Record[T], validate func(T) error) {
	for _, r := range records {
		checkRecord(problems, r, validate)
	}
}

// checkRecord validates one record on its own; false if it has problems.
func checkRecord[T any](problems *issues, r *Record[T], validate func(T) error) bool {
	err := validate(r.Value)
	for _, p := range domain.ProblemsOf(err) {
		problems.add(r.at(p.Field), p.Field, "%s", p.Message)
	}
	if err != nil && domain.ProblemsOf(err) == nil {
		problems.add(r.Pos, "", "%s", domain.ErrorMessage(err))
	}
	return err == nil
}

// mergeNodes keeps the first record of each id. A repeat is an error,
// except a CSV row identical to the first but for its evidence, which adds
// that evidence (CSV's way of writing several pieces).
func mergeNodes[T any](problems *issues, seen map[string]defined, records []*Record[T], ref domain.Endpoint, id func(T) string, evidence func(T) *[]domain.Evidence) []*Record[T] {
	first := map[string]*Record[T]{}
	kept := records[:0]
	for _, r := range records {
		key := id(r.Value)
		if prev, ok := seen[key]; ok {
			if f, same := first[key]; same && r.mergeable && f.mergeable && evidence != nil && sameApartFromEvidence(f.Value, r.Value, evidence) {
				*evidence(f.Value) = unionEvidence(*evidence(f.Value), *evidence(r.Value))
				continue
			}
			problems.add(r.at("id"), "id", "duplicate id %q (first defined at %s)", key, prev.pos)
			continue
		}
		seen[key] = defined{ref: ref, pos: r.at("id")}
		first[key] = r
		kept = append(kept, r)
	}
	return kept
}

func sameApartFromEvidence[T any](a, b T, evidence func(T) *[]domain.Evidence) bool {
	ea, eb := *evidence(a), *evidence(b)
	*evidence(a), *evidence(b) = nil, nil
	same := reflect.DeepEqual(a, b)
	*evidence(a), *evidence(b) = ea, eb
	return same
}
