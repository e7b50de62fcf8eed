package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// The LOAD CSV equivalent of `actorgraph import --format icews`: per row,
// the coded event keyed by 'icews-<Event ID>-<yyyymmdd>' with its
// properties, the states of both countries, both actors (an actor named
// as its country is the state), a PARTICIPATED_IN per (actor, event) with
// one claim citing the record (claimRecords), and, for a new event whose
// countries are both known, the increments of its DyadDay. What it does
// not do, and the import does: resolve names to curated actors and
// aliases, map country names to ISO codes (here the name is the country),
// infer actor kinds from sectors (here ORGANIZATION), report. Codes map
// through domain/eventcodes.yaml by their root, as the import's do.
// It is the yardstick of the import's rate (bench/EVENTS.md).

// eventsSchema is what the reads and writes of coded events rely on.
var eventsSchema = []string{
	"CREATE CONSTRAINT dyadday_id IF NOT EXISTS FOR (d:DyadDay) REQUIRE d.id IS UNIQUE",
	"CREATE INDEX dyadday_a_b_day IF NOT EXISTS FOR (d:DyadDay) ON (d.a, d.b, d.day)",
	"CREATE INDEX dyadday_a_day IF NOT EXISTS FOR (d:DyadDay) ON (d.a, d.day)",
	"CREATE INDEX dyadday_b_day IF NOT EXISTS FOR (d:DyadDay) ON (d.b, d.day)",
	"CALL db.awaitIndexes(300)",
}

// stateOf is the Cypher of the id of the state of country c (or null).
func stateOf(c string) string {
	return "CASE WHEN " + c + " IS NULL THEN null ELSE 'state-' + toLower(replace(" + c + ", ' ', '-')) END"
}

const icewsStatement = `WITH row, row.` + "`Event ID`" + ` + '-' + replace(row.` + "`Event Date`" + `, '-', '') AS rid,
     left(row.` + "`CAMEO Code`" + `, 2) AS root,
     CASE row.Intensity WHEN 'NA' THEN null ELSE toFloat(row.Intensity) END AS score,
     nullIf(row.` + "`Source Country`" + `, 'NA') AS sc, nullIf(row.` + "`Target Country`" + `, 'NA') AS tc
WITH *, 'icews-' + rid AS id, date(row.` + "`Event Date`" + `) AS day,
     %QUAD% AS quad, %RELATION% AS relationType
WITH *, %SA% AS sa, %TA% AS ta
MERGE (e:Entity {id: id})
WITH *, e.recordId IS NULL AS fresh
SET e:Event:CodedEvent, e.name = row.` + "`Source Name`" + ` + ' ' + toLower(row.` + "`Event Text`" + `) + ' ' + row.` + "`Target Name`" + `,
    e.kind = 'CODED', e.date = row.` + "`Event Date`" + `, e.dateStart = day, e.dateEnd = day, e.dataset = 'icews',
    e.recordId = rid, e.code = row.` + "`CAMEO Code`" + `, e.rootCode = root, e.quadClass = quad, e.relationType = relationType,
    e.score = score, e.publisher = row.Publisher, e.storyId = row.` + "`Story ID`" + `,
    e.sentenceNumber = toInteger(row.` + "`Sentence Number`" + `), e.sourceCountry = sc, e.targetCountry = tc
FOREACH (s IN [x IN [[sa, sc], [ta, tc]] WHERE x[0] IS NOT NULL] |
  MERGE (st:Entity {id: s[0]}) ON CREATE SET st:Actor:State, st.name = s[1], st.kind = 'STATE', st.country = s[1])
WITH *, [[row.` + "`Source Name`" + `, sc, 'source'], [row.` + "`Target Name`" + `, tc, 'target']] AS ends
WITH *, CASE WHEN ends[0][0] = ends[1][0] THEN [[ends[0][0], ends[0][1], 'both']] ELSE ends END AS ends
UNWIND ends AS end
WITH *, CASE WHEN end[0] = end[1] THEN ` + "%STATE%" + ` ELSE 'icews-' + toLower(replace(replace(end[0], ' ', '-'), '(', '')) END AS aid
MERGE (x:Entity {id: replace(aid, ')', '')})
ON CREATE SET x:Actor:Organization, x.name = end[0], x.kind = 'ORGANIZATION', x.country = end[1], x.dataset = 'icews'
MERGE (x)-[r:PARTICIPATED_IN {id: x.id + ':PARTICIPATED_IN:' + id}]->(e)
SET r.role = end[2], r.stance = quad, r.confidence = 1.0, r.claimSources = ['icews'], r.claimQuotes = [''],
    r.claimModalities = ['REPORTED'], r.claimStatedOn = [row.` + "`Event Date`" + `],
    r.claimStatedFrom = [day], r.claimRecords = [rid], r.modality = 'REPORTED', r.modalities = ['REPORTED'], r.contested = false
WITH DISTINCT e, fresh, sa, ta, day, quad, score
FOREACH (_ IN CASE WHEN fresh AND sa IS NOT NULL AND ta IS NOT NULL THEN [1] ELSE [] END |
  MERGE (d:DyadDay {id: sa + '|' + ta + '|' + toString(day)})
  ON CREATE SET d.a = sa, d.b = ta, d.day = day, d.events = 0, d.verbalCooperation = 0, d.materialCooperation = 0,
                d.verbalConflict = 0, d.materialConflict = 0, d.scoreSum = 0.0, d.scoreCount = 0
  SET d.events = d.events + 1,
      d.verbalCooperation = d.verbalCooperation + CASE quad WHEN 'VERBAL_COOPERATION' THEN 1 ELSE 0 END,
      d.materialCooperation = d.materialCooperation + CASE quad WHEN 'MATERIAL_COOPERATION' THEN 1 ELSE 0 END,
      d.verbalConflict = d.verbalConflict + CASE quad WHEN 'VERBAL_CONFLICT' THEN 1 ELSE 0 END,
      d.materialConflict = d.materialConflict + CASE quad WHEN 'MATERIAL_CONFLICT' THEN 1 ELSE 0 END,
      d.scoreSum = round(d.scoreSum + coalesce(score, 0.0), 3), d.scoreCount = d.scoreCount + CASE WHEN score IS NULL THEN 0 ELSE 1 END)`

// byRoot is the Cypher of what domain/eventcodes.yaml gives a CAMEO root
// (the string root): field picks the quad class or the relation type.
func byRoot(field func(c domain.EventCode) string) string {
	var b strings.Builder
	b.WriteString("CASE root")
	for _, c := range domain.DefaultEventCodes.Cameo {
		b.WriteString(" WHEN '" + c.Root + "' THEN '" + field(c) + "'")
	}
	b.WriteString(" END")
	return b.String()
}

// icewsCypher is icewsStatement with the state ids and the code table
// filled in.
var icewsCypher = strings.NewReplacer("%SA%", stateOf("sc"), "%TA%", stateOf("tc"), "%STATE%", stateOf("end[1]"),
	"%QUAD%", byRoot(func(c domain.EventCode) string { return string(c.QuadClass) }),
	"%RELATION%", byRoot(func(c domain.EventCode) string { return c.RelationType })).Replace(icewsStatement)

// loadEvents writes an ICEWS file served at url, batch rows per
// transaction, and returns the rows read.
func loadEvents(ctx context.Context, driver neo4j.DriverWithContext, url string, batch int) (int, error) {
	for _, stmt := range eventsSchema {
		if _, err := neo4j.ExecuteQuery(ctx, driver, stmt, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j")); err != nil {
			return 0, fmt.Errorf("%s: %w", stmt, err)
		}
	}
	cypher := fmt.Sprintf("LOAD CSV WITH HEADERS FROM $url AS row FIELDTERMINATOR '\\t' CALL (row) {\n%s\n} IN TRANSACTIONS OF %d ROWS RETURN count(*) AS rows", icewsCypher, batch)
	return countRows(ctx, driver, cypher, map[string]any{"url": url})
}
