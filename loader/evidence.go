package loader

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/actorgraph/actorgraph/domain"
)

// unionEvidence adds to a the claims of b it does not hold yet.
func unionEvidence(a, b []domain.Evidence) []domain.Evidence {
	for _, e := range b {
		if !slices.ContainsFunc(a, func(x domain.Evidence) bool { return sameClaim(x, e) }) {
			a = append(a, e)
		}
	}
	return a
}

// sameClaim reports whether a and b are the same claim: every field equal,
// dates by value.
func sameClaim(a, b domain.Evidence) bool {
	da, db := a.StatedOn, b.StatedOn
	a.StatedOn, b.StatedOn = nil, nil
	return a == b && (da == db || (da != nil && db != nil && *da == *db))
}

// nodeClaims checks the claims of every node (see checkClaims).
func nodeClaims(c *relationCheck, ds *Dataset) issues {
	var problems issues
	eachNode(ds, func(r nodeRecord) { checkClaims(c, &problems, r.record, r.evidence) })
	return problems
}

// nodeRecord is a record of any kind of node, with its claims.
type nodeRecord struct {
	record   *Record[struct{}] // the record's position and field lines only
	id       string
	evidence []domain.Evidence
}

// eachNode hands fn every actor, policy and event record, in that order.
func eachNode(ds *Dataset, fn func(nodeRecord)) {
	eachNodeOf(ds.Actors, func(a *domain.Actor) *domain.Profile { return &a.Profile }, fn)
	eachNodeOf(ds.Policies, func(p *domain.Policy) *domain.Profile { return &p.Profile }, fn)
	eachNodeOf(ds.Events, func(e *domain.Event) *domain.Profile { return &e.Profile }, fn)
}

func eachNodeOf[T any](records []*Record[T], profile func(T) *domain.Profile, fn func(nodeRecord)) {
	for _, r := range records {
		p := profile(r.Value)
		fn(nodeRecord{record: &Record[struct{}]{Pos: r.Pos, fieldLines: r.fieldLines}, id: p.ID, evidence: p.Evidence})
	}
}

// checkClaims checks the claims of r against the data set and the graph:
// every quote is verbatim text of its source, attributedTo names an actor
// and statement an event, in the input or the graph.
func checkClaims[T any](c *relationCheck, problems *issues, r *Record[T], evidence []domain.Evidence) {
	for i, e := range evidence {
		field := fmt.Sprintf("evidence[%d]", i)
		text, ok := c.texts[e.SourceID]
		switch {
		case !ok:
			problems.add(r.at(field+".source"), field+".source", "no source with id %q in the input or the graph", e.SourceID)
		case !containsNormalized(text, normalizeSpace(e.Quote)):
			problems.add(r.at(field+".quote"), field+".quote", "quote is not verbatim text of source %q: %q", e.SourceID, abbreviate(e.Quote, 80))
		}
		for _, ref := range []struct {
			name, id string
			kind     domain.EntityKind
		}{{"attributedTo", e.AttributedTo, domain.KindActor}, {"statement", e.Statement, domain.KindEvent}} {
			if ref.id == "" {
				continue
			}
			name, noun := field+"."+ref.name, strings.ToLower(string(ref.kind))
			if got, ok := c.entity(ref.id); !ok {
				problems.add(r.at(name), name, "no %s with id %q in the input or the graph", noun, ref.id)
			} else if got.Kind != ref.kind {
				problems.add(r.at(name), name, "%q is not an %s but %s", ref.id, noun, withArticle(strings.ToLower(string(got.Kind))))
			}
		}
	}
}

// withArticle puts "a" or "an" before a noun.
func withArticle(noun string) string {
	if noun != "" && strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

// lintClaims warns of every ASSERTED claim of r whose quote hedges (see
// domain.Modalities.HedgeMarkers): such a claim is most likely reported,
// predicted, conditional or the like. Modalities must be filled in
// (Validate does it).
func lintClaims[T any](warnings *issues, r *Record[T], evidence []domain.Evidence) {
	for i, e := range evidence {
		if e.Modality != domain.ModalityAsserted {
			continue
		}
		markers := domain.DefaultModalities.HedgeMarkers(e.Quote)
		if len(markers) == 0 {
			continue
		}
		field := fmt.Sprintf("evidence[%d].quote", i)
		quoted := make([]string, len(markers))
		for j, m := range markers {
			quoted[j] = strconv.Quote(m)
		}
		plural := ""
		if len(markers) > 1 {
			plural = "s"
		}
		warnings.add(r.at(field), field, "hedge marker%s %s in an ASSERTED claim: give the claim the modality the source gives it (REPORTED, PREDICTED, CONDITIONAL, ...; see domain/modalities.yaml)",
			plural, strings.Join(quoted, ", "))
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
