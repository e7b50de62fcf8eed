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
	for _, prop := range claimProperties {
		list := make([]any, len(claims))
		for i, c := range claims {
			list[i] = c[prop[0]]
		}
		p[prop[1]] = list
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

// claimProperties maps the keys of a claim map to the lists they are kept in.
var claimProperties = [][2]string{
	{"source", "claimSources"}, {"quote", "claimQuotes"}, {"modality", "claimModalities"},
	{"attributedTo", "claimAttributedTo"}, {"statement", "claimStatements"},
	{"statedOn", "claimStatedOn"}, {"statedFrom", "claimStatedFrom"}, {"record", "claimRecords"},
}

// claimAt is the Cypher map of claim i of v's lists. A record written
// before claimRecords existed has no such list: its claims cite no record
// ("": a list property cannot hold null).
func claimAt(v, i string) string {
	parts := make([]string, 0, len(claimProperties)+1)
	for _, p := range claimProperties {
		item := v + "." + p[1] + "[" + i + "]"
		if p[1] == "claimRecords" {
			item = "coalesce(" + item + ", '')"
		}
		parts = append(parts, p[0]+": "+item)
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
// or null for none, which removes the lists) on v.
func setClaims(v, claims string) string {
	items := make([]string, len(claimProperties))
	for i, p := range claimProperties {
		items[i] = v + "." + p[1] + " = [c IN " + claims + " | c." + p[0] + "]"
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
