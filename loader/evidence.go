package loader

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/actorgraph/actorgraph/domain"
)

// unionEvidence adds to a the pieces of b it does not hold yet.
func unionEvidence(a, b []domain.Evidence) []domain.Evidence {
	for _, e := range b {
		if !slices.Contains(a, e) {
			a = append(a, e)
		}
	}
	return a
}

// nodeEvidence checks that every quote of a node is verbatim text of its
// source.
func nodeEvidence(texts map[string]string, ds *Dataset) issues {
	var problems issues
	checkEvidence(&problems, texts, ds.Actors, func(a *domain.Actor) []domain.Evidence { return a.Evidence })
	checkEvidence(&problems, texts, ds.Policies, func(p *domain.Policy) []domain.Evidence { return p.Evidence })
	checkEvidence(&problems, texts, ds.Events, func(e *domain.Event) []domain.Evidence { return e.Evidence })
	return problems
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
