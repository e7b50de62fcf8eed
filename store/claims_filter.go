package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/actorgraph/actorgraph/domain"
)

// Relations are selected by their claims (see domain.ClaimFilter): the
// claim lists and the derived modalities written with every relationship
// are tested in place, so the filter adds no hop to a read.

// claimPredicates checks f and returns the predicates on the relationship
// variable rel that keep what f selects: relations valid at some time of
// f's window (asOf or during) that have a claim of one of f's modalities,
// stated by f.KnownAt when it is given.
//
// Errors: EINVALID for an unknown modality or a bad date.
func claimPredicates(rel string, f domain.ClaimFilter, params map[string]any) (where, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var w where
	from, to := f.ValidWindow()
	addWindow(&w, params, "validWindow", rel+".validFrom", rel+".validTo", from, to, true)
	params["modalities"] = domain.StringsOf(f.EffectiveModalities())
	if f.KnownAt == nil {
		w.add("any(m IN " + rel + ".modalities WHERE m IN $modalities)")
		return w, nil
	}
	params["knownAt"] = neoDate(f.KnownAt.End())
	// A relationship written before claims has no lists, and no claim.
	w.add(fmt.Sprintf("any(i IN range(0, coalesce(size(%[1]s.claimModalities), 0) - 1) WHERE %[1]s.claimModalities[i] IN $modalities AND %[1]s.claimStatedFrom[i] <= $knownAt)", rel))
	return w, nil
}

// directedPatterns renders, as patterns to be matched one after the other
// (UNION ALL), the relations r of the type pattern typePat (for the
// requested types; none means any) that run out of node n (out) or into
// it. Relations of a symmetric type are stored once per pair, from either
// end, so they also count the other way round: a second pattern matches
// them, and only them, in the reverse direction. Each relation matches
// one pattern at most, so counts and pages need no DISTINCT.
func directedPatterns(n, m string, out bool, typePat string, requested []string) ([]string, error) {
	symmetric := domain.DefaultVocabulary.Symmetric()
	if len(requested) > 0 {
		symmetric = slices.DeleteFunc(slices.Clone(requested), func(t string) bool { return !slices.Contains(symmetric, t) })
	}
	forward, reverse := n+"-[r"+typePat+"]->"+m, n+"<-[r%s]-"+m
	if !out {
		forward, reverse = n+"<-[r"+typePat+"]-"+m, n+"-[r%s]->"+m
	}
	if len(symmetric) == 0 {
		return []string{forward}, nil
	}
	symPat, err := typePattern(symmetric)
	if err != nil {
		return nil, err
	}
	return []string{forward, fmt.Sprintf(reverse, symPat)}, nil
}

// unionMatch matches each of patterns with the predicates where and
// returns what ret names, one pattern after the other (UNION ALL): the
// body of a subquery over the patterns of directedPatterns.
func unionMatch(patterns []string, where, ret string) string {
	parts := make([]string, len(patterns))
	for i, p := range patterns {
		parts[i] = "MATCH " + p + where + " RETURN " + ret
	}
	return strings.Join(parts, "\n  UNION ALL\n  ")
}
