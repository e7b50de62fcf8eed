package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// The claims fixture is written straight in the storage layout of claims
// (parallel claim lists and derived modality properties), independent of
// the loader.

// fixtureClaim is one claim as the store keeps it.
type fixtureClaim struct {
	source, quote string
	modality      domain.Modality
	attributedTo  string
	statement     string
	statedOn      string // as given; "" when not given
	statedFrom    string // first day of the effective date; "" when unknown
}

// fixtureRelation is one relationship; since/until are partial dates.
type fixtureRelation struct {
	from, typ, to string
	since, until  string
	claims        []fixtureClaim
	// legacy writes evidence as an earlier version did, without claims.
	legacy bool
}

func (r fixtureRelation) id() string {
	var since *domain.PartialDate
	if r.since != "" {
		d := domain.PartialDate(r.since)
		since = &d
	}
	return domain.RelationID(r.from, r.typ, r.to, since)
}

// fixtureNode is one node: its labels (":Entity:Actor:State") and
// properties, and its claims.
type fixtureNode struct {
	labels string
	props  map[string]any
	claims []fixtureClaim
}

func fixtureDate(s string) neo4j.Date {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return neo4j.DateOf(t)
}

// claimLists returns the claim lists of claims, and the derived
// properties of a relationship that carries them.
func claimLists(claims []fixtureClaim) (lists, derived map[string]any) {
	var sources, quotes, modalities, attributed, statements, statedOn, statedFrom []any
	var ms []domain.Modality
	for _, c := range claims {
		sources, quotes = append(sources, c.source), append(quotes, c.quote)
		modalities, attributed = append(modalities, string(c.modality)), append(attributed, c.attributedTo)
		statements, statedOn = append(statements, c.statement), append(statedOn, c.statedOn)
		from := c.statedFrom
		if from == "" {
			from = "9999-12-31"
		}
		statedFrom = append(statedFrom, fixtureDate(from))
		ms = append(ms, c.modality)
	}
	lists = map[string]any{"claimSources": sources, "claimQuotes": quotes, "claimModalities": modalities,
		"claimAttributedTo": attributed, "claimStatements": statements, "claimStatedOn": statedOn, "claimStatedFrom": statedFrom}
	r := domain.Relation{}
	for _, m := range ms {
		r.Evidence = append(r.Evidence, domain.Evidence{Modality: m})
	}
	derived = map[string]any{"modality": string(r.Modality()), "modalities": domain.StringsOf(r.Modalities()),
		"contested": domain.DefaultModalities.Contested(r.Modalities())}
	return lists, derived
}

// writeFixture empties the database and writes nodes and relations.
func writeFixture(t *testing.T, nodes []fixtureNode, relations []fixtureRelation) {
	t.Helper()
	neo4jtest.Reset(t)
	for _, n := range nodes {
		props := map[string]any{}
		for k, v := range n.props {
			props[k] = v
		}
		if len(n.claims) > 0 {
			lists, _ := claimLists(n.claims)
			for k, v := range lists {
				props[k] = v
			}
		}
		neo4jtest.Exec(t, "CREATE (n"+n.labels+") SET n = $props", map[string]any{"props": props})
	}
	for _, r := range relations {
		props := map[string]any{"id": r.id(), "stance": "NEUTRAL", "confidence": 1.0}
		if r.since != "" {
			props["since"], props["validFrom"] = r.since, neo4j.DateOf(domain.PartialDate(r.since).Start())
		}
		if r.until != "" {
			props["until"], props["validTo"] = r.until, neo4j.DateOf(domain.PartialDate(r.until).End())
		}
		lists, derived := claimLists(r.claims)
		if r.legacy {
			lists = map[string]any{"evidenceSources": lists["claimSources"], "evidenceQuotes": lists["claimQuotes"]}
			derived = nil
		}
		for _, m := range []map[string]any{lists, derived} {
			for k, v := range m {
				props[k] = v
			}
		}
		// Types come from this file, never from input.
		neo4jtest.Exec(t, fmt.Sprintf("MATCH (a:Entity {id: $from}), (b:Entity {id: $to}) CREATE (a)-[r:%s]->(b) SET r = $props", r.typ),
			map[string]any{"from": r.from, "to": r.to, "props": props})
	}
}

// The claims graph. Sources: src-a (2020-06-01), src-b (2022-01-01),
// src-c (undated).
//
//	alpha  -SANCTIONS 2018..2019->  bravo     ASSERTED (2020-06-01)
//	bravo  -SANCTIONS 2021->        charlie   PREDICTED only (2020-06-01)
//	alpha  -PARTNERS_WITH 2015-     charlie   DENIED (stated 2019) + ASSERTED (2022): symmetric, contested
//	charlie -THREATENS 2020->       delta     ASSERTED (2020-06-01) + ASSERTED (no known date)
//	charlie -PARTICIPATED_IN 2020-01-01-> summit (event of 2020-01-01)  ASSERTED (2020-06-01)
//	echo   -SUPPORTS->              charlie   written by an earlier version: evidence, no claims
var (
	relSanctions = fixtureRelation{from: "alpha", typ: "SANCTIONS", to: "bravo", since: "2018", until: "2019", claims: []fixtureClaim{
		{source: "src-a", quote: "alpha sanctions bravo", modality: "ASSERTED", statedFrom: "2020-06-01"}}}
	relPredicted = fixtureRelation{from: "bravo", typ: "SANCTIONS", to: "charlie", since: "2021", claims: []fixtureClaim{
		{source: "src-a", quote: "bravo will sanction charlie", modality: "PREDICTED", attributedTo: "alpha", statedFrom: "2020-06-01"}}}
	relPartners = fixtureRelation{from: "alpha", typ: "PARTNERS_WITH", to: "charlie", since: "2015", claims: []fixtureClaim{
		{source: "src-a", quote: "alpha and charlie are no partners", modality: "DENIED", attributedTo: "charlie", statedOn: "2019", statedFrom: "2019-01-01"},
		{source: "src-b", quote: "alpha partners with charlie", modality: "ASSERTED", statedFrom: "2022-01-01"}}}
	relThreatens = fixtureRelation{from: "charlie", typ: "THREATENS", to: "delta", since: "2020", claims: []fixtureClaim{
		{source: "src-a", quote: "charlie threatens delta", modality: "ASSERTED", statedFrom: "2020-06-01"},
		{source: "src-c", quote: "charlie menaces delta", modality: "ASSERTED"}}}
	relSummit = fixtureRelation{from: "charlie", typ: "PARTICIPATED_IN", to: "summit", since: "2020-01-01", claims: []fixtureClaim{
		{source: "src-a", quote: "charlie attended the summit", modality: "ASSERTED", statedFrom: "2020-06-01"}}}
	relLegacy = fixtureRelation{from: "echo", typ: "SUPPORTS", to: "charlie", legacy: true, claims: []fixtureClaim{
		{source: "src-a", quote: "echo supports charlie", modality: "ASSERTED", statedFrom: "2020-06-01"}}}
	claimsRelations = []fixtureRelation{relSanctions, relPredicted, relPartners, relThreatens, relSummit, relLegacy}
)

func actorNode(id string, claims ...fixtureClaim) fixtureNode {
	return fixtureNode{labels: ":Entity:Actor:State", props: map[string]any{"id": id, "name": id, "kind": "STATE"}, claims: claims}
}

// claimsGraph writes the claims graph and returns a store on it.
func claimsGraph(t *testing.T) *store.Store {
	t.Helper()
	s := neo4jtest.Open(t)
	if err := s.EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	summit := domain.PartialDate("2020-01-01")
	nodes := []fixtureNode{
		actorNode("alpha", fixtureClaim{source: "src-a", quote: "alpha, said bravo", modality: "REPORTED",
			attributedTo: "bravo", statement: "summit", statedOn: "2020-01", statedFrom: "2020-01-01"}),
		actorNode("bravo"), actorNode("charlie"), actorNode("delta"), actorNode("echo"),
		{labels: ":Entity:Event", props: map[string]any{"id": "summit", "name": "Summit", "kind": "MEETING",
			"date": string(summit), "dateStart": neo4j.DateOf(summit.Start()), "dateEnd": neo4j.DateOf(summit.End())}},
		{labels: ":Source", props: map[string]any{"id": "src-a", "title": "A", "text": "a", "published": "2020-06-01"}},
		{labels: ":Source", props: map[string]any{"id": "src-b", "title": "B", "text": "b", "published": "2022-01-01"}},
		{labels: ":Source", props: map[string]any{"id": "src-c", "title": "C", "text": "c"}},
	}
	writeFixture(t, nodes, claimsRelations)
	return s
}
