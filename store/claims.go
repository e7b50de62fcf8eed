package store

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Claims are stored on the relationship (or node) they are about, as
// parallel lists: index i of every list is claim i.
//
//	claimSources      [STRING] source id
//	claimQuotes       [STRING] verbatim quote
//	claimModalities   [STRING] modality name
//	claimAttributedTo [STRING] actor id, or "" for the source's own voice
//	claimStatements   [STRING] event id, or ""
//	claimStatedOn     [STRING] the partial date as given, or ""
//	claimStatedFrom   [DATE]   start of the effective statement date:
//	                           statedOn, else the source's published date,
//	                           else date('9999-12-31')
//	claimRecords      [STRING] id of the event data record the claim cites
//	                           (its data set is the claim's source), or ""
//	                           for a claim that quotes a text
//
// The four lists whose entries may be "" (claimAttributedTo,
// claimStatements, claimStatedOn, claimRecords) are written only when one
// of the record's claims has a value: most claims are the source's own
// words, about no event, dated by the source and citing no record, and a
// list of "" would make every read of the relation bigger for nothing. A
// missing list reads as "" for every claim (claimAt, claimsOf), so records
// written when every list was kept read and merge the same.
//
// Claims are sorted by source id, then by their position in what their
// source's input gave, so that the same input writes the same lists.
// Relationships also carry what the claims make of the relation, derived
// on every write: modality (the strongest), modalities (those present, in
// order of precedence) and contested (denied and asserted or reported).
// Each :Source keeps a ledger of where its claims are (claimRelations,
// claimNodes): see BeginClaims.

// Published holds the publication date of each source that claims being
// written cite: a claim without statedOn is dated by it.
type Published map[string]*domain.PartialDate

// unknownStatementDate dates a claim whose source has no date: no
// knownAt reaches it.
var unknownStatementDate = neo4j.DateOf(time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))

// claimRows returns the claims of a record as the row fields that the
// write statements take: claims, a list of maps sorted by source and then
// by position, and sources, the distinct sources they come from (whose
// claims the record replaces).
func claimRows(evidence []domain.Evidence, published Published) (claims []map[string]any, sources []string) {
	sorted := slices.Clone(evidence)
	slices.SortStableFunc(sorted, func(a, b domain.Evidence) int { return cmp.Compare(a.SourceID, b.SourceID) })
	claims = make([]map[string]any, len(sorted))
	sources = []string{}
	for i, e := range sorted {
		if len(sources) == 0 || sources[len(sources)-1] != e.SourceID {
			sources = append(sources, e.SourceID)
		}
		statedOn, from := "", unknownStatementDate
		if e.StatedOn != nil {
			statedOn, from = string(*e.StatedOn), neo4j.DateOf(e.StatedOn.Start())
		} else if p := published[e.SourceID]; p != nil {
			from = neo4j.DateOf(p.Start())
		}
		modality := e.Modality
		if modality == "" {
			modality = domain.ModalityAsserted
		}
		claims[i] = map[string]any{"source": e.SourceID, "pos": i, "quote": e.Quote, "modality": string(modality),
			"attributedTo": e.AttributedTo, "statement": e.Statement, "statedOn": statedOn, "statedFrom": from, "record": e.Record}
	}
	return claims, sources
}

// claimProps returns the claim lists and the derived properties of a new
// relationship whose only claims are evidence, for writes that create
// relationships outright rather than merge claims (coded event data).
func claimProps(evidence []domain.Evidence, published Published) map[string]any {
	claims, _ := claimRows(evidence, published)
	p := map[string]any{}
	for _, l := range claimLists {
		list := make([]any, len(claims))
		kept := !l.optional
		for i, c := range claims {
			list[i] = c[l.key]
			kept = kept || c[l.key] != ""
		}
		if kept {
			p[l.prop] = list
		}
	}
	var ms []domain.Modality
	for _, m := range domain.DefaultModalities.Names() {
		if slices.ContainsFunc(claims, func(c map[string]any) bool { return c["modality"] == string(m) }) {
			ms = append(ms, m)
		}
	}
	p["modality"] = string(domain.DefaultModalities.Strongest(ms))
	p["modalities"] = domain.StringsOf(ms)
	p["contested"] = domain.DefaultModalities.Contested(ms)
	return p
}

// claimList is one of the claim lists: the key of a claim map (claimRows)
// it holds, and the property it is kept in. An optional list holds strings
// of which "" is none, and is kept only when one of them is not "".
type claimList struct {
	key, prop string
	optional  bool
}

// claimLists are the claim lists, in the order of the comment above.
var claimLists = []claimList{
	{key: "source", prop: "claimSources"}, {key: "quote", prop: "claimQuotes"}, {key: "modality", prop: "claimModalities"},
	{key: "attributedTo", prop: "claimAttributedTo", optional: true}, {key: "statement", prop: "claimStatements", optional: true},
	{key: "statedOn", prop: "claimStatedOn", optional: true}, {key: "statedFrom", prop: "claimStatedFrom"},
	{key: "record", prop: "claimRecords", optional: true},
}

// claimAt is the Cypher map of claim i of v's lists. An optional list
// that is missing (none of v's claims has a value, or v was written
// before the list existed) gives "": a list property cannot hold null.
func claimAt(v, i string) string {
	parts := make([]string, 0, len(claimLists)+1)
	for _, l := range claimLists {
		item := v + "." + l.prop + "[" + i + "]"
		if l.optional {
			item = "coalesce(" + item + ", '')"
		}
		parts = append(parts, l.key+": "+item)
	}
	return "{" + strings.Join(append(parts, "pos: "+i), ", ") + "}"
}

// keptClaims is the Cypher list of the claims of v's lists whose source is
// not in the list sources.
func keptClaims(v, sources string) string {
	return "[i IN range(0, size(coalesce(" + v + ".claimSources, [])) - 1) WHERE NOT " + v + ".claimSources[i] IN " + sources +
		" | " + claimAt(v, "i") + "]"
}

// mergedClaims is the Cypher of a record's claims after a write of row:
// the claims of before (its properties before the write) from sources the
// row brings no claims of, and the row's, in order. When before has no
// such claims (a new record, or one of the row's sources only: the common
// case) they are the row's, which come sorted, and nothing is sorted.
var mergedClaims = `CASE WHEN any(s IN coalesce(before.claimSources, []) WHERE NOT s IN row.sources) THEN COLLECT {
  UNWIND ` + keptClaims("before", "row.sources") + ` + row.claims AS c
  RETURN c ORDER BY c.source, c.pos
} ELSE row.claims END`

// setClaims is the SET items that write the list claims (of claim maps,
// or null for none, which removes the lists) on v. An optional list none
// of whose claims has a value is removed (CASE without ELSE: null).
func setClaims(v, claims string) string {
	items := make([]string, len(claimLists))
	for i, l := range claimLists {
		list := "[c IN " + claims + " | c." + l.key + "]"
		if l.optional {
			list = "CASE WHEN any(c IN " + claims + " WHERE c." + l.key + " <> '') THEN " + list + " END"
		}
		items[i] = v + "." + l.prop + " = " + list
	}
	return strings.Join(items, ", ")
}

// withModalities is the WITH item ms: the distinct modalities of the
// claims, in order of precedence. The names come from the domain's
// vocabulary file (upper-case words), not from input.
var withModalities = func() string {
	quoted := func(ms []domain.Modality) string {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = "'" + string(m) + "'"
		}
		return "[" + strings.Join(out, ", ") + "]"
	}
	return "[m IN " + quoted(domain.DefaultModalities.Names()) + " WHERE any(c IN claims WHERE c.modality = m)] AS ms"
}()

// setDerived is the SET items of what a relationship's claims, whose
// modalities are ms, make of it.
func setDerived(v string) string {
	defaults := make([]string, 0, 2)
	for _, m := range domain.DefaultModalities.Defaults() {
		defaults = append(defaults, "'"+string(m)+"'")
	}
	return v + ".modalities = ms, " + v + ".modality = ms[0], " +
		v + ".contested = ('" + string(domain.ModalityDenied) + "' IN ms AND any(m IN ms WHERE m IN [" + strings.Join(defaults, ", ") + "]))"
}
