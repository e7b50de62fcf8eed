package graph

import (
	"context"
	"iter"
	"maps"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph/model"
	"github.com/actorgraph/actorgraph/store"
)

// The look-ahead: what a page costs must not depend on scheduling.
//
// gqlgen resolves the fields of a list's items concurrently, and a
// dataloader batches the keys that arrive within its wait; so how many
// statements a page cost depended on how the goroutines were scheduled (4
// on an idle machine, 9 on a busy one). A longer wait only makes a split
// less likely, and batching by sibling group when the first child asks
// would need to know that every parent of a level has finished, which
// gqlgen does not tell. So a resolver that returns objects from the store
// (a root field or a mutation) reads the query below them instead and,
// level by level, reads what their descendants will ask for: nested
// relations, events and policies, relation ends and the other end of a
// node's relations, evidence sources, the actors and events claims are
// attributed to or made in. Each
// costs one statement per field and set of arguments, whatever the number
// of items, and primes the request's loaders; the child resolvers then find
// everything in the cache. The statements a query costs thus follow from
// its text alone. The dataloaders stay as the fallback for what the
// look-ahead does not cover.

// part is where some of what the field being resolved returns appears:
// path names the fields that lead there from the field's own selection
// (e.g. "edges", "node"; none for the field itself).
type part struct {
	path      []string
	entities  []domain.Entity
	relations []*domain.Relation
}

func entitiesAt[T domain.Entity](items []T, path ...string) part {
	p := part{path: path, entities: make([]domain.Entity, len(items))}
	for i, e := range items {
		p.entities[i] = e
	}
	return p
}

func relationsAt(items []*domain.Relation, path ...string) part {
	return part{path: path, relations: items}
}

// lookahead is one run of the look-ahead, below one resolved field.
type lookahead struct {
	ctx context.Context
	op  *graphql.OperationContext
	l   *loaders
	// sources are the evidence sources the query shows, read last, at once.
	sources map[string]bool
	// err stops the run at the first failure. The look-ahead only saves
	// round trips, so it reports nothing: the resolvers that find nothing
	// primed ask the loaders, which report what fails.
	err error
}

// prefetch runs the look-ahead for what the field being resolved returns.
func prefetch(ctx context.Context, parts ...part) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) || !loadersFor(ctx).lookahead {
		return
	}
	p := &lookahead{ctx: ctx, op: graphql.GetOperationContext(ctx), l: loadersFor(ctx), sources: map[string]bool{}}
	for _, pt := range parts {
		for _, e := range pt.entities {
			p.l.primeEntity(e)
		}
	}
	for _, pt := range parts {
		for _, sel := range p.at(fc.Field.Selections, fc.Field.Definition.Type.Name(), pt.path...) {
			p.entities(pt.entities, sel)
			p.relations(pt.relations, sel)
		}
	}
	p.readSources()
}

func (p *lookahead) fields(sel ast.SelectionSet, typeName string) []graphql.CollectedField {
	return graphql.CollectFields(p.op, sel, satisfies(typeName))
}

// at follows names from sel, the selection on an object of typeName, and
// returns the selection sets found there (more than one when a field on
// the way is selected under several aliases).
func (p *lookahead) at(sel ast.SelectionSet, typeName string, names ...string) []ast.SelectionSet {
	if len(names) == 0 {
		return []ast.SelectionSet{sel}
	}
	var out []ast.SelectionSet
	for _, f := range p.fields(sel, typeName) {
		if f.Name == names[0] {
			out = append(out, p.at(f.Selections, f.Definition.Type.Name(), names[1:]...)...)
		}
	}
	return out
}

func (p *lookahead) failed(err error) bool {
	if p.err == nil {
		p.err = err
	}
	return p.err != nil
}

// entities looks ahead below entities shown with selection sel, one kind
// at a time (fragments select per kind). Most selections of entities show
// none of the fields it reads ahead for (a relation's other end by name):
// those cost it nothing but the look at the selection.
func (p *lookahead) entities(items []domain.Entity, sel ast.SelectionSet) {
	if len(items) == 0 {
		return
	}
	for _, kind := range []domain.EntityKind{domain.KindActor, domain.KindPolicy, domain.KindEvent} {
		// p.fields is gqlgen's cached slice: read, never changed.
		fields := p.fields(sel, string(kind))
		if !slices.ContainsFunc(fields, func(f graphql.CollectedField) bool { return p.reader(f) != nil }) {
			continue
		}
		var ids []string
		var evidence claimLists
		showsEvidence := selects(fields, "evidence")
		seen := map[string]bool{}
		for _, e := range items {
			if e.EntityKind() == kind && !seen[e.NodeID()] {
				seen[e.NodeID()] = true
				ids = append(ids, e.NodeID())
				if showsEvidence {
					evidence = append(evidence, e.Header().Evidence)
				}
			}
		}
		if len(ids) == 0 {
			continue
		}
		for _, f := range fields {
			if read := p.reader(f); read != nil {
				read(ids, evidence)
			}
		}
	}
}

// reader is how entities reads ahead for field f of entities (their ids,
// and their claim lists when f is their evidence), or nil for a field it
// does not read ahead for.
func (p *lookahead) reader(f graphql.CollectedField) func(ids []string, evidence claimLists) {
	switch f.Name {
	case "relations":
		return func(ids []string, _ claimLists) { p.relationsOf(ids, f) }
	case "events":
		return func(ids []string, _ claimLists) { p.entitiesOf(ids, domain.KindEvent, f) }
	case "policies":
		return func(ids []string, _ claimLists) { p.entitiesOf(ids, domain.KindPolicy, f) }
	case "evidence":
		return func(_ []string, evidence claimLists) { p.evidence(evidence, f) }
	}
	return nil
}

// relationsOf reads the page a relations field asks for, for all ids in
// one statement, primes the loader with it and looks ahead below it.
func (p *lookahead) relationsOf(ids []string, f graphql.CollectedField) {
	args, err := relationsArgs(f.ArgumentMap(p.op.Variables))
	if err != nil || p.err != nil {
		return // bad arguments are the resolver's to report
	}
	args.total = selects(p.fields(f.Selections, f.Definition.Type.Name()), "totalCount")
	pages, ok := p.l.knownRelations(args, ids)
	if !ok {
		var err error
		if pages, err = p.l.fetchRelations(p.ctx, args, ids); p.failed(err) {
			return
		}
	}
	var rels []*domain.Relation
	var others []domain.Entity
	for _, id := range ids {
		key := args
		key.id = id
		p.l.primeRelations(key, pages[id])
		rels = append(rels, pages[id].Items...)
		for _, r := range pages[id].Items {
			// The ends came with the relations (fetchRelations).
			edge := model.RelationEdge{Node: r, Of: id}
			if e, ok := p.l.knownEntity(edge.OtherID()); ok {
				others = append(others, e)
			}
		}
	}
	for _, sel := range p.at(f.Selections, f.Definition.Type.Name(), "edges", "node") {
		p.relations(rels, sel)
	}
	for _, sel := range p.at(f.Selections, f.Definition.Type.Name(), "edges", "other") {
		p.entities(others, sel)
	}
}

// entitiesOf does for an events or policies field what relationsOf does
// for relations.
func (p *lookahead) entitiesOf(ids []string, kind domain.EntityKind, f graphql.CollectedField) {
	args, err := entitiesArgs(kind, f.ArgumentMap(p.op.Variables))
	if err != nil || p.err != nil {
		return
	}
	pages, err := p.l.fetchEntitiesOf(p.ctx, args, ids)
	if p.failed(err) {
		return
	}
	var items []domain.Entity
	for _, id := range ids {
		key := args
		key.id = id
		p.l.entitiesOf.Prime(key, pages[id])
		items = append(items, pages[id].Items...)
	}
	for _, sel := range p.at(f.Selections, f.Definition.Type.Name(), "edges", "node") {
		p.entities(items, sel)
	}
}

// relations looks ahead below relations shown with selection sel.
func (p *lookahead) relations(rels []*domain.Relation, sel ast.SelectionSet) {
	if len(rels) == 0 {
		return
	}
	fields := p.fields(sel, "Relation")
	var ends []string
	for _, f := range fields {
		for _, r := range rels {
			if id, ok := end(r, f.Name); ok {
				ends = append(ends, id)
			}
		}
	}
	p.readEntities(ends)
	for _, f := range fields {
		switch f.Name {
		case "from", "to":
			shown := make([]domain.Entity, 0, len(rels))
			for _, r := range rels {
				id, _ := end(r, f.Name)
				if e, ok := p.l.knownEntity(id); ok {
					shown = append(shown, e)
				}
			}
			p.entities(shown, f.Selections)
		case "evidence":
			evidence := make(claimLists, len(rels))
			for i, r := range rels {
				evidence[i] = r.Evidence
			}
			p.evidence(evidence, f)
		}
	}
}

// end returns the id of the end of r that field (from or to) shows.
func end(r *domain.Relation, field string) (string, bool) {
	switch field {
	case "from":
		return r.From, true
	case "to":
		return r.To, true
	}
	return "", false
}

// readEntities reads, in one statement, the entities among ids that are
// not known yet, and primes them.
func (p *lookahead) readEntities(ids []string) {
	var missing map[string]bool
	for _, id := range ids {
		if _, ok := p.l.knownEntity(id); !ok {
			if missing == nil {
				missing = map[string]bool{}
			}
			missing[id] = true
		}
	}
	if len(missing) == 0 || p.err != nil {
		return
	}
	found, err := p.l.store.Entities(p.ctx, slices.Sorted(maps.Keys(missing)))
	if p.failed(err) {
		return
	}
	for _, e := range found {
		p.l.primeEntity(e)
	}
}

// evidence looks ahead below the claims shown with field f: it notes the
// sources whose titles or publication dates it shows (read last, at once),
// and reads the actors and events the claims refer to in one statement,
// unless f shows nothing of them but their ids.
func (p *lookahead) evidence(evidence claimLists, f graphql.CollectedField) {
	fields := p.fields(f.Selections, "Evidence")
	var refs []string
	for _, field := range fields {
		switch field.Name {
		case "source":
			if !selectsOnlyID(p.fields(field.Selections, "Source")) {
				for e := range evidence.all() {
					p.sources[e.SourceID] = true
				}
			}
		case "statedOn":
			for e := range evidence.all() {
				if e.StatedOn == nil {
					p.sources[e.SourceID] = true // the date is the source's
				}
			}
		case "attributedTo", "statement":
			if !selectsOnlyID(p.fields(field.Selections, field.Definition.Type.Name())) {
				refs = append(refs, claimRefs(evidence, field.Name)...)
			}
		}
	}
	p.readEntities(refs)
	for _, field := range fields {
		if field.Name == "attributedTo" || field.Name == "statement" {
			var shown []domain.Entity
			for _, id := range claimRefs(evidence, field.Name) {
				if e, ok := p.l.knownEntity(id); ok {
					shown = append(shown, e)
				}
			}
			p.entities(shown, field.Selections)
		}
	}
}

// claimRefs returns the ids that field (attributedTo or statement) of the
// claims refers to.
func claimRefs(evidence claimLists, field string) []string {
	var ids []string
	for e := range evidence.all() {
		id := e.AttributedTo
		if field == "statement" {
			id = e.Statement
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// claimLists are the claims of several relations or entities, each
// list as it is on its owner: the look-ahead reads them, never copies them.
type claimLists [][]domain.Evidence

// all yields every claim of the lists.
func (c claimLists) all() iter.Seq[*domain.Evidence] {
	return func(yield func(*domain.Evidence) bool) {
		for _, list := range c {
			for i := range list {
				if !yield(&list[i]) {
					return
				}
			}
		}
	}
}

// readSources reads the sources noted, in one statement, and primes them.
func (p *lookahead) readSources() {
	if len(p.sources) == 0 || p.err != nil {
		return
	}
	found, err := p.l.store.Sources(p.ctx, slices.Sorted(maps.Keys(p.sources)))
	if p.failed(err) {
		return
	}
	for id, src := range found {
		p.l.sources.Prime(id, src)
	}
}

// actorByName is the actor named name, or none, with the look-ahead run
// below it. When the query shows a page of the actor's relations (the
// first relations field selected on it), the look-up reads that page in
// the same statement, one round trip instead of two, and primes it and the
// entities at its ends; the look-ahead then finds the page read. If that
// read finds the arguments invalid, the actor is read alone, so that the
// error is reported where it would be without it (an empty name on the
// actor, a bad cursor on the relations field).
func actorByName(ctx context.Context, s *store.Store, name string) (*domain.Actor, error) {
	if key, ok := relationsShown(ctx); ok {
		actor, page, ends, err := s.ActorWithRelations(ctx, name, key.direction, key.filter(), key.first, optional(key.after), key.total)
		switch domain.ErrorCode(err) {
		case domain.ENOTFOUND:
			return nil, nil
		case domain.EINVALID: // read the actor alone, below
		default:
			if err != nil {
				return nil, err
			}
			l := loadersFor(ctx)
			for _, e := range ends {
				l.primeEntity(e)
			}
			key.id = actor.ID
			l.primeRelations(key, page)
			return prefetched(ctx, actor, nil)
		}
	}
	actor, err := orNil(s.ActorByName(ctx, name))
	return prefetched(ctx, actor, err)
}

// relationsShown returns the key, without a node id, of the first
// relations field the query selects on the actor being resolved, if it
// selects one and the look-ahead is on.
func relationsShown(ctx context.Context) (relationsKey, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) || !loadersFor(ctx).lookahead {
		return relationsKey{}, false
	}
	op := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFields(op, fc.Field.Selections, satisfies(string(domain.KindActor))) {
		if f.Name != "relations" {
			continue
		}
		key, err := relationsArgs(f.ArgumentMap(op.Variables))
		if err != nil {
			return relationsKey{}, false
		}
		key.total = selects(graphql.CollectFields(op, f.Selections, satisfies(f.Definition.Type.Name())), "totalCount")
		return key, true
	}
	return relationsKey{}, false
}

// prefetched runs the look-ahead below the entity a resolver returns, if
// it returns one.
func prefetched[T interface {
	comparable
	domain.Entity
}](ctx context.Context, e T, err error) (T, error) {
	var none T
	if err == nil && e != none {
		prefetch(ctx, part{entities: []domain.Entity{e}})
	}
	return e, err
}

// timelineParts splits a timeline page into its events and its relations.
func timelineParts(items []domain.Dated) []part {
	var events []domain.Entity
	var rels []*domain.Relation
	for _, item := range items {
		switch item := item.(type) {
		case *domain.Event:
			events = append(events, item)
		case *domain.Relation:
			rels = append(rels, item)
		}
	}
	return []part{entitiesAt(events, "edges", "node"), relationsAt(rels, "edges", "node")}
}
