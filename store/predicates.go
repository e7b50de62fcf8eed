package store

import (
	"slices"
	"strings"

	"github.com/actorgraph/actorgraph/domain"
)

// The WHERE clauses of the list queries are built from these: every value
// goes in as a parameter; only property names and relation types, which
// never come from a client verbatim, are written into the Cypher.

// where joins the predicates that apply; an empty list matches everything.
type where []string

func (w *where) add(predicate string) { *w = append(*w, predicate) }

func (w where) String() string {
	if len(w) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w, " AND ")
}

// typePattern renders validated relation types as a Cypher type pattern
// (":A|B"); types come from the vocabulary, never verbatim from a client,
// and repeats are dropped so a long list cannot make planning slow.
func typePattern(types []string) (string, error) {
	if len(types) == 0 {
		return "", nil
	}
	if err := domain.CheckTypes(types, domain.DefaultVocabulary); err != nil {
		return "", err
	}
	unique := slices.Compact(slices.Sorted(slices.Values(types)))
	return ":" + strings.Join(unique, "|"), nil
}

// addWindow keeps what overlaps [from, to]: it starts by the window's end
// and ends after the window's start. A missing end is open; a missing start
// is open too when openStart (undated relations), else never matches. The
// window's dates go in as parameters $<name>From and $<name>To, so that
// two windows can apply to one query.
func addWindow(w *where, params map[string]any, name, startProp, endProp string, from, to *domain.PartialDate, openStart bool) {
	if to != nil {
		params[name+"To"] = neoDate(to.End())
		if openStart {
			w.add("(" + startProp + " IS NULL OR " + startProp + " <= $" + name + "To)")
		} else {
			w.add(startProp + " <= $" + name + "To")
		}
	}
	if from != nil {
		params[name+"From"] = neoDate(from.Start())
		w.add("(" + endProp + " IS NULL OR " + endProp + " >= $" + name + "From)")
	}
}

// addKinds keeps the nodes n of one of kinds, when any are given.
func addKinds[T ~string](w *where, params map[string]any, kinds []T) {
	if len(kinds) > 0 {
		params["kinds"] = domain.StringsOf(kinds)
		w.add("n.kind IN $kinds")
	}
}

// addNameContains keeps the nodes n whose name contains part, ignoring
// case, when it is given.
func addNameContains(w *where, params map[string]any, part *string) {
	if part != nil {
		params["name"] = strings.ToLower(*part)
		w.add("toLower(n.name) CONTAINS $name")
	}
}

// seekPast adds the predicate that keeps what sorts after the cursor, when
// there is one: the cursor is the sort key, of n parts, that predicate
// reads as $after[0] ... $after[n-1]. It reports whether there was one.
func seekPast(w *where, params map[string]any, after *string, n int, predicate string) (bool, error) {
	key, err := decodeCursor(after, n)
	if err != nil || key == nil {
		return false, err
	}
	params["after"] = key
	w.add(predicate)
	return true, nil
}
