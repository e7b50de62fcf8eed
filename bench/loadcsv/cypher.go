package main

import (
	"maps"
	"slices"
	"strings"

	"github.com/actorgraph/actorgraph/domain"
)

// The statements write what actorgraph's loader writes (store/write.go,
// store/claims.go, store/props.go), with its keys and labels: nodes keyed
// by id with their kind labels, relationships keyed by the relation id
// from the end whose id sorts first for a symmetric type, and claims as
// the parallel lists claimSources, claimQuotes, claimModalities,
// claimAttributedTo, claimStatements, claimStatedOn and claimStatedFrom,
// sorted by source and then by input order (the three lists of strings
// that may be "" kept only when one claim has a value, as the loader
// does), with each relationship's
// modality, modalities and contested derived from its claims and each
// source's ledger (claimRelations, claimNodes).

// labelOf turns a kind column into the actor's kind label, from the
// domain's table, as the loader does.
var labelOf = func() string {
	var b strings.Builder
	b.WriteString("CASE row.kind")
	for _, k := range slices.Sorted(maps.Keys(domain.ActorKinds)) {
		b.WriteString(" WHEN '" + string(k) + "' THEN '" + k.Label() + "'")
	}
	b.WriteString(" END")
	return b.String()
}()

// dateEnd is the Cypher of the last day of the partial date d (a string).
func dateEnd(d string) string {
	return "CASE size(" + d + ") WHEN 4 THEN date(" + d + " + '-12-31') WHEN 7 THEN date(" + d + " + '-01') + duration('P1M') - duration('P1D') ELSE date(" + d + ") END"
}

// claimLists maps the keys of a claim map to the lists they are kept in.
var claimLists = [][2]string{
	{"source", "claimSources"}, {"quote", "claimQuotes"}, {"modality", "claimModalities"},
	{"attributedTo", "claimAttributedTo"}, {"statement", "claimStatements"},
	{"statedOn", "claimStatedOn"}, {"statedFrom", "claimStatedFrom"},
}

// optionalList says whether a claim list is kept only when one of its
// entries is not "" (a missing one reads as "" for every claim).
func optionalList(key string) bool {
	return key == "attributedTo" || key == "statement" || key == "statedOn"
}

// claims adds the row's claim, if it has one the record lacks, to the
// record x's lists, kept sorted by source and then by position; derive
// adds what the claims make of a relationship. A claim without statedOn is
// dated by its source's publication date, else never.
func claims(derive bool) string {
	had := make([]string, 0, len(claimLists)+1)
	set := make([]string, 0, len(claimLists)+3)
	for _, l := range claimLists {
		item, list := "x."+l[1]+"[i]", "[c IN claims | c."+l[0]+"]"
		if optionalList(l[0]) {
			item = "coalesce(" + item + ", '')"
			list = "CASE WHEN any(c IN claims WHERE c." + l[0] + " <> '') THEN " + list + " END"
		}
		had = append(had, l[0]+": "+item)
		set = append(set, "x."+l[1]+" = "+list)
	}
	had = append(had, "pos: i")
	if derive {
		set = append(set, "x.modalities = ms", "x.modality = ms[0]",
			"x.contested = ($denied IN ms AND any(m IN ms WHERE m IN $defaults))")
	}
	withModalities := ""
	if derive {
		withModalities = "\n  WITH x, claims, [m IN $modalities WHERE any(c IN claims WHERE c.modality = m)] AS ms"
	}
	return `
  WITH x, row WHERE row.quote IS NOT NULL
    AND NOT any(i IN range(0, size(coalesce(x.claimSources, [])) - 1) WHERE x.claimSources[i] = row.source AND x.claimQuotes[i] = row.quote)
  OPTIONAL MATCH (src:Source {id: row.source})
  WITH x, [i IN range(0, size(coalesce(x.claimSources, [])) - 1) | {` + strings.Join(had, ", ") + `}] AS had,
    {source: row.source, quote: row.quote, modality: coalesce(row.modality, 'ASSERTED'),
     attributedTo: coalesce(row.attributedTo, ''), statement: coalesce(row.statement, ''), statedOn: coalesce(row.statedOn, ''),
     statedFrom: CASE WHEN row.statedOn IS NOT NULL THEN date(row.statedOn) WHEN src.published IS NOT NULL THEN date(src.published)
                 ELSE date('9999-12-31') END} AS claim
  WITH x, COLLECT { UNWIND had + [claim {.*, pos: size(had)}] AS c RETURN c ORDER BY c.source, c.pos } AS claims` + withModalities + `
  SET ` + strings.Join(set, ", ")
}

// claimParams are the parameters of claims(true): the modality
// vocabulary's order and defaults.
func claimParams() map[string]any {
	return map[string]any{
		"modalities": domain.StringsOf(domain.DefaultModalities.Names()),
		"defaults":   domain.StringsOf(domain.DefaultModalities.Defaults()),
		"denied":     string(domain.ModalityDenied),
	}
}

// aliases is the SET items of a node's aliases, a list and, for the
// full-text index, one string.
const aliases = `,
      x.aliases = CASE WHEN row.aliases IS NULL THEN null ELSE split(row.aliases, ';') END,
      x.aliasText = CASE WHEN row.aliases IS NULL THEN null ELSE replace(row.aliases, ';', '\n') END`

var statements = map[string]string{
	"sources": `MERGE (x:Source {id: row.id}) SET x.title = row.title, x.publisher = row.publisher, x.url = row.url, x.published = row.published,
      x.claimRelations = coalesce(x.claimRelations, []), x.claimNodes = coalesce(x.claimNodes, [])`,
	"actors": `MERGE (x:Entity {id: row.id})
  SET x:Actor, x:$(` + labelOf + `), x.name = row.name, x.kind = row.kind, x.country = row.country, x.description = row.description` +
		aliases + claims(false),
	"policies": `MERGE (x:Entity {id: row.id})
  SET x:Policy, x.name = row.name, x.kind = row.kind, x.description = row.description, x.adopted = row.adopted` + aliases + `,
      x.adoptedStart = CASE WHEN row.adopted IS NULL THEN null ELSE date(row.adopted) END` + claims(false),
	"events": `MERGE (x:Entity {id: row.id})
  SET x:Event, x.name = row.name, x.kind = row.kind, x.date = row.date, x.dateStart = date(row.date),
      x.endDate = row.endDate, x.dateEnd = ` + dateEnd("coalesce(row.endDate, row.date)") + `,
      x.location = row.location, x.description = row.description` + aliases + claims(false),
	// One pass per relationship type, each with the type static: a
	// dynamic type ($(row.type)) is not planned as an expand between the
	// two endpoints and made this 30x slower. A symmetric type's relation
	// runs from the end whose id sorts first.
	"relations": `WITH row WHERE row.type = $type
  WITH row, CASE WHEN $symmetric AND row.to < row.from THEN [row.to, row.from] ELSE [row.from, row.to] END AS ends
  MATCH (a:Entity {id: ends[0]})
  MATCH (b:Entity {id: ends[1]})
  MERGE (a)-[x:%TYPE% {id: ends[0] + ':' + row.type + ':' + ends[1] + coalesce(':' + row.since, '')}]->(b)
  SET x.stance = coalesce(row.stance, $stance), x.confidence = coalesce(toFloat(row.confidence), 1.0), x.role = row.role,
      x.since = row.since, x.until = row.until,
      x.validFrom = CASE WHEN row.since IS NULL THEN null ELSE date(row.since) END,
      x.validTo = CASE WHEN row.until IS NULL THEN null ELSE ` + dateEnd("row.until") + ` END` + claims(true),
}

// ledgers sets each source's ledger, sorted, from the claims written: the
// loader computes it from its input, LOAD CSV from the graph.
var ledgers = []string{`
MATCH ()-[r]->() WHERE r.claimSources IS NOT NULL
UNWIND r.claimSources AS source
WITH source, r.id AS id ORDER BY source, id
WITH source, collect(DISTINCT id) AS ids
MATCH (s:Source {id: source})
SET s.claimRelations = ids
RETURN count(*) AS rows`, `
MATCH (n:Entity) WHERE n.claimSources IS NOT NULL
UNWIND n.claimSources AS source
WITH source, n.id AS id ORDER BY source, id
WITH source, collect(DISTINCT id) AS ids
MATCH (s:Source {id: source})
SET s.claimNodes = ids
RETURN count(*) AS rows`}
