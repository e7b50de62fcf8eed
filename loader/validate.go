package loader

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/actorgraph/actorgraph/domain"
)

// validate checks ds as a whole and merges records that are the same fact.
// It returns every problem at once, each at the line that caused it.
func (l *Loader) validate(ctx context.Context, ds *Dataset) error {
	var problems issues
	checkRecords(&problems, ds.Sources, func(s *domain.Source) error { return s.Validate() })
	checkRecords(&problems, ds.Actors, func(a *domain.Actor) error { return a.Validate() })
	checkRecords(&problems, ds.Policies, func(p *domain.Policy) error { return p.Validate() })
	checkRecords(&problems, ds.Events, func(e *domain.Event) error { return e.Validate() })
	checkRecords(&problems, ds.Relations, func(r *domain.Relation) error { return r.Validate(l.vocab) })
	if len(problems) > 0 {
		// Cross-record checks would only repeat these problems.
		return problems.err()
	}

	// Ids are unique across every kind; a node or relation given twice is
	// one fact when only its evidence differs and repeating is allowed.
	defined := map[string]defined{}
	ds.Sources = mergeNodes(&problems, defined, ds.Sources, domain.Endpoint{Kind: domain.KindSource}, func(s *domain.Source) string { return s.ID }, nil)
	ds.Actors = mergeNodes(&problems, defined, ds.Actors, domain.Endpoint{Kind: domain.KindActor}, func(a *domain.Actor) string { return a.ID }, func(a *domain.Actor) *[]domain.Evidence { return &a.Evidence })
	for _, a := range ds.Actors {
		d := defined[a.Value.ID]
		d.ref.ActorKind = a.Value.Kind
		defined[a.Value.ID] = d
	}
	ds.Policies = mergeNodes(&problems, defined, ds.Policies, domain.Endpoint{Kind: domain.KindPolicy}, func(p *domain.Policy) string { return p.ID }, func(p *domain.Policy) *[]domain.Evidence { return &p.Evidence })
	ds.Events = mergeNodes(&problems, defined, ds.Events, domain.Endpoint{Kind: domain.KindEvent}, func(e *domain.Event) string { return e.ID }, func(e *domain.Event) *[]domain.Evidence { return &e.Evidence })
	ds.Relations = mergeRelations(&problems, ds.Relations)

	// What the data set refers to but does not define must be in the graph
	// already; what it defines must not be in the graph as another kind.
	existing, texts, err := l.lookupReferences(ctx, ds, defined)
	if err != nil {
		return err
	}
	for id, d := range defined {
		if ref, ok := existing[id]; ok && ref.Kind != d.ref.Kind {
			problems.add(d.pos, "id", "%q is already used by an existing %s node; ids are unique across actors, policies, events and sources", id, ref.Kind)
		}
	}
	resolve := func(id string) (domain.Endpoint, bool) {
		if d, ok := defined[id]; ok {
			return d.ref, true
		}
		ref, ok := existing[id]
		return ref, ok
	}
	for _, r := range ds.Relations {
		rel := r.Value
		from, fromOK := resolve(rel.From)
		to, toOK := resolve(rel.To)
		if !fromOK || from.Kind == domain.KindSource {
			problems.add(r.at("from"), "from", "no actor, policy or event with id %q in the input or the graph", rel.From)
		}
		if !toOK || to.Kind == domain.KindSource {
			problems.add(r.at("to"), "to", "no actor, policy or event with id %q in the input or the graph", rel.To)
		}
		if fromOK && toOK && from.Kind != domain.KindSource && to.Kind != domain.KindSource {
			rt, _ := l.vocab.Lookup(rel.Type)
			if msg := rt.CheckEndpoints(from, to); msg != "" {
				problems.add(r.at("type"), "type", "%s (%s -> %s)", msg, rel.From, rel.To)
			}
		}
	}

	// Every quote must be verbatim text of its source.
	for _, s := range ds.Sources {
		texts[s.Value.ID] = normalizeSpace(s.Value.Text)
	}
	checkEvidence(&problems, texts, ds.Actors, func(a *domain.Actor) []domain.Evidence { return a.Evidence })
	checkEvidence(&problems, texts, ds.Policies, func(p *domain.Policy) []domain.Evidence { return p.Evidence })
	checkEvidence(&problems, texts, ds.Events, func(e *domain.Event) []domain.Evidence { return e.Evidence })
	checkEvidence(&problems, texts, ds.Relations, func(r *domain.Relation) []domain.Evidence { return r.Evidence })
	return problems.err()
}

type defined struct {
	ref domain.Endpoint
	pos Position
}

func checkRecords[T any](problems *issues, records []*Record[T], validate func(T) error) {
	for _, r := range records {
		err := validate(r.Value)
		for _, p := range domain.ProblemsOf(err) {
			problems.add(r.at(p.Field), p.Field, "%s", p.Message)
		}
		if err != nil && domain.ProblemsOf(err) == nil {
			problems.add(r.Pos, "", "%s", domain.ErrorMessage(err))
		}
	}
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

// mergeRelations makes records with the same identity one relation with
// the union of their evidence; records that disagree on anything else are
// an error, since it is unclear which is right.
func mergeRelations(problems *issues, records []*Record[*domain.Relation]) []*Record[*domain.Relation] {
	first := map[string]*Record[*domain.Relation]{}
	kept := records[:0]
	evidence := func(r *domain.Relation) *[]domain.Evidence { return &r.Evidence }
	for _, r := range records {
		id := r.Value.ID()
		f, ok := first[id]
		if !ok {
			first[id] = r
			kept = append(kept, r)
			continue
		}
		if !sameApartFromEvidence(f.Value, r.Value, evidence) {
			problems.add(r.Pos, "", "relation %s is given twice with different fields (first at %s); give each period its own since", id, f.Pos)
			continue
		}
		f.Value.Evidence = unionEvidence(f.Value.Evidence, r.Value.Evidence)
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

func unionEvidence(a, b []domain.Evidence) []domain.Evidence {
	for _, e := range b {
		dup := false
		for _, x := range a {
			if x == e {
				dup = true
				break
			}
		}
		if !dup {
			a = append(a, e)
		}
	}
	return a
}

func (l *Loader) lookupReferences(ctx context.Context, ds *Dataset, defined map[string]defined) (map[string]domain.Endpoint, map[string]string, error) {
	ids := make([]string, 0, len(defined))
	for id := range defined {
		ids = append(ids, id)
	}
	var sourceIDs []string
	wantSource := map[string]bool{}
	addSources := func(evidence []domain.Evidence) {
		for _, e := range evidence {
			if _, ok := defined[e.SourceID]; !ok && !wantSource[e.SourceID] {
				wantSource[e.SourceID] = true
				sourceIDs = append(sourceIDs, e.SourceID)
			}
		}
	}
	for _, r := range ds.Relations {
		for _, id := range []string{r.Value.From, r.Value.To} {
			if _, ok := defined[id]; !ok {
				ids = append(ids, id)
			}
		}
		addSources(r.Value.Evidence)
	}
	for _, a := range ds.Actors {
		addSources(a.Value.Evidence)
	}
	for _, p := range ds.Policies {
		addSources(p.Value.Evidence)
	}
	for _, e := range ds.Events {
		addSources(e.Value.Evidence)
	}
	existing, err := l.store.LookupNodes(ctx, dedupe(ids))
	if err != nil {
		return nil, nil, fmt.Errorf("looking up referenced ids: %w", err)
	}
	texts, err := l.store.SourceTexts(ctx, sourceIDs)
	if err != nil {
		return nil, nil, fmt.Errorf("looking up sources: %w", err)
	}
	for id, t := range texts {
		texts[id] = normalizeSpace(t)
	}
	return existing, texts, nil
}

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

func checkEvidence[T any](problems *issues, texts map[string]string, records []*Record[T], evidence func(T) []domain.Evidence) {
	for _, r := range records {
		for i, e := range evidence(r.Value) {
			field := fmt.Sprintf("evidence[%d]", i)
			text, ok := texts[e.SourceID]
			switch {
			case !ok:
				problems.add(r.at(field+".source"), field+".source", "no source with id %q in the input or the graph", e.SourceID)
			case !strings.Contains(text, normalizeSpace(e.Quote)):
				problems.add(r.at(field+".quote"), field+".quote", "quote is not verbatim text of source %q: %q", e.SourceID, abbreviate(e.Quote, 80))
			}
		}
	}
}

// normalizeSpace folds every run of white space to one space, so that a
// quote matches across the source's line breaks.
func normalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

func abbreviate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
