package loader

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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
	var records issues
	checkRecords(&records, ds.Sources, func(s *domain.Source) error { return s.Validate() })
	checkRecords(&records, ds.Actors, func(a *domain.Actor) error { return a.Validate() })
	checkRecords(&records, ds.Policies, func(p *domain.Policy) error { return p.Validate() })
	checkRecords(&records, ds.Events, func(e *domain.Event) error { return e.Validate() })

	c := newRelationCheck(l)
	cross := len(in.parseProblems) == 0 && len(records) == 0
	if cross {
		// Ids are unique across every kind; a node given twice is one fact
		// when only its evidence differs and repeating is allowed.
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

	// Relations: one pass, keeping no record. Once a problem of an earlier
	// stage is found, only problems of that stage are looked for.
	var graphErr error
	streamProblems, err := in.eachRelation(func(r *Record[*domain.Relation]) error {
		if !checkRecord(&records, r, func(rel *domain.Relation) error { return rel.Validate(l.vocab) }) {
			cross = false
		}
		if !cross {
			return nil
		}
		if err := c.add(ctx, r); err != nil {
			graphErr, cross = err, false
		}
		return nil
	})
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

	// What the input defines must not be in the graph as another kind; the
	// sources nodes cite and the input does not define must be in it.
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
	if err := c.lookup(ctx, slices.Clone(ids), sourceIDs); err != nil {
		return nil, err
	}
	var conflicts issues
	for i, id := range ids {
		if g := c.inGraph[id]; g.found && g.ref.Kind != c.defined[id].ref.Kind {
			conflicts.add(positions[i], "id", "%q is already used by an existing %s node; ids are unique across actors, policies, events and sources", id, g.ref.Kind)
		}
	}

	// Every quote must be verbatim text of its source.
	var nodeEvidence issues
	checkEvidence(&nodeEvidence, c.texts, ds.Actors, func(a *domain.Actor) []domain.Evidence { return a.Evidence })
	checkEvidence(&nodeEvidence, c.texts, ds.Policies, func(p *domain.Policy) []domain.Evidence { return p.Evidence })
	checkEvidence(&nodeEvidence, c.texts, ds.Events, func(e *domain.Event) []domain.Evidence { return e.Evidence })

	problems := slices.Concat(c.dups, conflicts, c.endpoints, nodeEvidence, c.evidence)
	if len(problems) > 0 {
		return nil, problems.err()
	}
	return c, nil
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
		checkRecordEvidence(problems, texts, r, evidence(r.Value))
	}
}

// checkRecordEvidence checks that every quote of r is verbatim text of its
// source, texts holding the known sources' texts.
func checkRecordEvidence[T any](problems *issues, texts map[string]string, r *Record[T], evidence []domain.Evidence) {
	for i, e := range evidence {
		field := fmt.Sprintf("evidence[%d]", i)
		text, ok := texts[e.SourceID]
		switch {
		case !ok:
			problems.add(r.at(field+".source"), field+".source", "no source with id %q in the input or the graph", e.SourceID)
		case !containsNormalized(text, normalizeSpace(e.Quote)):
			problems.add(r.at(field+".quote"), field+".quote", "quote is not verbatim text of source %q: %q", e.SourceID, abbreviate(e.Quote, 80))
		}
	}
}

// normalizeSpace folds every run of white space to one space, so that a
// quote matches across the source's line breaks.
func normalizeSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// containsNormalized reports whether normalizeSpace(text) contains q, a
// normalized quote, without making that copy of text: a space of q matches
// a run of white space of text. Source texts are the largest thing a load
// holds; a normalized copy of each would double them.
func containsNormalized(text, q string) bool {
	if q == "" {
		return true
	}
	if !utf8.ValidString(q) { // its bytes might match inside white space
		return strings.Contains(normalizeSpace(text), q)
	}
	first := q
	if i := strings.IndexByte(q, ' '); i >= 0 {
		first = q[:i]
	}
	for from := 0; ; {
		i := strings.Index(text[from:], first)
		if i < 0 {
			return false
		}
		if matchesSpaced(text[from+i:], q) {
			return true
		}
		from += i + 1
	}
}

// matchesSpaced reports whether text starts with q, a space of q matching
// one or more white space characters.
func matchesSpaced(text, q string) bool {
	j := 0
	for i := 0; i < len(q); i++ {
		if q[i] != ' ' {
			if j >= len(text) || text[j] != q[i] {
				return false
			}
			j++
			continue
		}
		run := j
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsSpace(r) {
				break
			}
			j += size
		}
		if j == run {
			return false
		}
	}
	return true
}

func abbreviate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
