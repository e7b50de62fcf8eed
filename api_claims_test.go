package main

import (
	"slices"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// These tests read the seed's claims through GraphQL: what each modality,
// asOf, during and knownAt select on every read of relations, symmetric
// relations from either end, and the claims' own fields. The facts are
// those of data/seed (the article is published 2024-05-31):
//   - donald-trump THREATENS china is only COUNTERFACTUAL (he "would have"
//     attacked Beijing), stated in 2024 at trump-fundraiser-bomb-remarks-2024;
//   - iran PARTNERS_WITH russia, symmetric, stored from iran;
//   - donald-trump LEADS united-states 2017-01-20 to 2021-01-20, then
//     joe-biden from 2021-01-20;
//   - russia THREATENS united-states is REPORTED (of both parties) and
//     DENIED (by Trump), all stated in 2016;
//   - russia OPPOSES american-led-international-order (since 2007-02-10)
//     has a claim stated 2007-02-10 and one of the article's own date; it
//     is the only relation with a claim stated before 2011.

// claim is an Evidence as the tests select it (claimFields).
type claim struct {
	Quote        string
	Modality     string
	StatedOn     *string
	Source       struct{ ID, Published string }
	AttributedTo *struct{ ID, Name string }
	Statement    *struct{ ID, Kind, Date string }
}

const claimFields = `quote modality statedOn source { id published } attributedTo { id name } statement { id kind date }`

// claimedRelation is a Relation with its claims and derived modality.
type claimedRelation struct {
	ID         string
	Modality   string
	Modalities []string
	Contested  bool
	From, To   struct{ ID string }
	Evidence   []claim
}

const claimedRelationFields = `id modality modalities contested
  from { ... on Actor { id } ... on Policy { id } ... on Event { id } }
  to { ... on Actor { id } ... on Policy { id } ... on Event { id } }
  evidence { ` + claimFields + ` }`

const threatensChina = "donald-trump:THREATENS:china"

// TestDefaultModalitiesHidePredictions: a read that names no modality
// serves what sources give as fact; a counterfactual appears only when
// asked for, marked as such, on every read of relations.
func TestDefaultModalitiesHidePredictions(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	conn := `edges { node { ` + claimedRelationFields + ` } }`
	for _, read := range []struct{ name, query, id, modality string }{
		{"relations", `query($m: [Modality!]) { r: relations(filter: {from: "donald-trump", types: ["THREATENS"], modalities: $m}) { ` + conn + ` } }`,
			threatensChina, "COUNTERFACTUAL"},
		{"Actor.relations", `query($m: [Modality!]) { n: actor(id: "donald-trump") { r: relations(direction: OUT, types: ["THREATENS"], modalities: $m) { ` + conn + ` } } }`,
			threatensChina, "COUNTERFACTUAL"},
		{"Policy.relations", `query($m: [Modality!]) { n: policy(id: "trump-china-tariff-proposal-2024") { r: relations(modalities: $m) { ` + conn + ` } } }`,
			"trump-china-tariff-proposal-2024:TARGETS:china", "INTENDED"},
		{"Event.relations", `query($m: [Modality!]) { n: event(id: "russian-invasion-of-ukraine-2022") { r: relations(types: ["MEDIATES_IN"], modalities: $m) { ` + conn + ` } } }`,
			"donald-trump:MEDIATES_IN:russian-invasion-of-ukraine-2022", "INTENDED"},
	} {
		t.Run(read.name, func(t *testing.T) {
			if got := relationsRead(t, base, read.query, nil); hasRelation(got, read.id) {
				t.Errorf("by default, %s (only %s) is served: %v", read.id, read.modality, ids(got))
			}
			got := relationsRead(t, base, read.query, map[string]any{"m": []string{read.modality}})
			i := slices.IndexFunc(got, func(r claimedRelation) bool { return r.ID == read.id })
			if i < 0 {
				t.Fatalf("asked for %s, got %v", read.modality, ids(got))
			}
			if r := got[i]; r.Modality != read.modality || !slices.Equal(r.Modalities, []string{read.modality}) || r.Contested ||
				len(r.Evidence) == 0 || r.Evidence[0].Modality != read.modality {
				t.Errorf("not marked %s: %+v", read.modality, r)
			}
			for _, r := range got {
				if !slices.Contains(r.Modalities, read.modality) {
					t.Errorf("asked for %s, got %s of modalities %v", read.modality, r.ID, r.Modalities)
				}
			}
		})
	}

	t.Run("neighbourhood, paths and timeline", func(t *testing.T) {
		const q = `query($m: [Modality!]) {
		  neighbourhood(id: "china", types: ["THREATENS"], modalities: $m) { edges { id modality } }
		  paths(from: "donald-trump", to: "china", maxHops: 1, types: ["THREATENS"], modalities: $m) { relations { id modality } }
		  timeline(modalities: $m, first: 100) { edges { node { __typename } } } }`
		type read struct {
			Neighbourhood struct {
				Edges []struct{ ID, Modality string }
			}
			Paths []struct {
				Relations []struct{ ID, Modality string }
			}
			Timeline struct {
				Edges []struct {
					Node struct {
						Typename string `json:"__typename"`
					}
				}
			}
		}
		var byDefault, asked read
		mustQuery(t, base, q, nil, &byDefault)
		mustQuery(t, base, q, map[string]any{"m": []string{"COUNTERFACTUAL"}}, &asked)
		// By default only what sources assert or report is walked: the
		// tariff threat of 2024-02, not the counterfactual.
		if slices.ContainsFunc(byDefault.Neighbourhood.Edges, func(e struct{ ID, Modality string }) bool { return e.ID == threatensChina }) || len(byDefault.Paths) == 0 {
			t.Errorf("by default: neighbourhood %v, paths %v", byDefault.Neighbourhood.Edges, byDefault.Paths)
		}
		for _, p := range byDefault.Paths {
			for _, r := range p.Relations {
				if r.ID == threatensChina || (r.Modality != "ASSERTED" && r.Modality != "REPORTED") {
					t.Errorf("by default, a path walks %s (%s)", r.ID, r.Modality)
				}
			}
		}
		if !slices.Contains(asked.Neighbourhood.Edges, struct{ ID, Modality string }{threatensChina, "COUNTERFACTUAL"}) ||
			len(asked.Paths) != 1 || asked.Paths[0].Relations[0].ID != threatensChina {
			t.Errorf("asked for COUNTERFACTUAL: neighbourhood %v, paths %v", asked.Neighbourhood.Edges, asked.Paths)
		}
		// The seed's dated relations are all given as fact: a timeline of
		// counterfactuals holds events only.
		kinds := func(r read) (relations, events int) {
			for _, e := range r.Timeline.Edges {
				if e.Node.Typename == "Relation" {
					relations++
				} else {
					events++
				}
			}
			return
		}
		if rels, _ := kinds(byDefault); rels == 0 {
			t.Error("the default timeline has no relation")
		}
		if rels, events := kinds(asked); rels != 0 || events == 0 {
			t.Errorf("a timeline of counterfactuals has %d relations and %d events, want events only", rels, events)
		}
	})

	t.Run("the vocabulary", func(t *testing.T) {
		var out struct {
			Modalities []struct {
				Name, Meaning string
				Default       bool
			}
		}
		mustQuery(t, base, `{ modalities { name meaning default } }`, nil, &out)
		var names, defaults []string
		for _, m := range out.Modalities {
			names = append(names, m.Name)
			if m.Default {
				defaults = append(defaults, m.Name)
			}
		}
		if !slices.Equal(names, domain.StringsOf(domain.DefaultModalities.Names())) || !slices.Equal(defaults, []string{"ASSERTED", "REPORTED"}) {
			t.Errorf("modalities %v, defaults %v", names, defaults)
		}
	})
}

// TestContestedRelationsShowTheirDenial: a default read of a relation that
// sources report also serves the claim that denies it, marked.
func TestContestedRelationsShowTheirDenial(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	got := relationsRead(t, base, `{ r: relations(filter: {from: "russia", to: "united-states", types: ["THREATENS"]}) { edges { node { `+
		claimedRelationFields+` } } } }`, nil)
	if len(got) != 1 {
		t.Fatalf("russia THREATENS united-states: %v", ids(got))
	}
	r := got[0]
	var denied []claim
	for _, c := range r.Evidence {
		if c.Modality == "DENIED" {
			denied = append(denied, c)
		}
	}
	if r.Modality != "REPORTED" || !slices.Equal(r.Modalities, []string{"REPORTED", "DENIED"}) || !r.Contested || len(r.Evidence) != 3 ||
		len(denied) != 1 || denied[0].AttributedTo == nil || denied[0].AttributedTo.ID != "donald-trump" {
		t.Errorf("%+v", r)
	}
}

// TestSymmetricRelationsFromEitherEnd: iran PARTNERS_WITH russia is stored
// once, from iran, and read from either end, in any direction, with
// `other` the counterpart.
func TestSymmetricRelationsFromEitherEnd(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	const stored = "iran:PARTNERS_WITH:russia"
	for _, c := range []struct{ actor, direction, other string }{
		{"russia", "BOTH", "iran"}, {"russia", "OUT", "iran"}, {"russia", "IN", "iran"},
		{"iran", "BOTH", "russia"}, {"iran", "OUT", "russia"}, {"iran", "IN", "russia"},
	} {
		t.Run(c.actor+" "+c.direction, func(t *testing.T) {
			var out struct {
				Actor struct {
					Relations struct {
						Edges []struct {
							Other *struct{ ID string }
							Node  struct {
								ID       string
								From, To struct{ ID string }
							}
						}
					}
				}
			}
			mustQuery(t, base, `query($id: ID!, $dir: Direction) { actor(id: $id) { relations(direction: $dir, types: ["PARTNERS_WITH"], first: 100) {
			  edges { other { ... on Actor { id } } node { id from { ... on Actor { id } } to { ... on Actor { id } } } } } } }`,
				map[string]any{"id": c.actor, "dir": c.direction}, &out)
			found := 0
			for _, e := range out.Actor.Relations.Edges {
				if e.Other == nil || (e.Other.ID != e.Node.From.ID && e.Other.ID != e.Node.To.ID) || (e.Other.ID == c.actor && e.Node.From.ID != e.Node.To.ID) {
					t.Errorf("%s: other %+v", e.Node.ID, e.Other)
				}
				if e.Node.ID == stored {
					found++
					if e.Other.ID != c.other || e.Node.From.ID != "iran" || e.Node.To.ID != "russia" {
						t.Errorf("%+v", e)
					}
				}
			}
			if found != 1 {
				t.Errorf("%s appears %d times", stored, found)
			}
		})
	}

	t.Run("filtered by ends in either order", func(t *testing.T) {
		for _, ends := range [][2]string{{"russia", "iran"}, {"iran", "russia"}} {
			var out struct {
				Relations struct {
					Edges []struct {
						Other *struct{ ID string }
						Node  struct{ ID string }
					}
				}
				RelationTypes []struct {
					Type      string
					Symmetric bool
				}
			}
			mustQuery(t, base, `query($from: ID, $to: ID) { relations(filter: {from: $from, to: $to, types: ["PARTNERS_WITH"]}) { edges { other { __typename } node { id } } }
			  relationTypes { type symmetric } }`, map[string]any{"from": ends[0], "to": ends[1]}, &out)
			if len(out.Relations.Edges) != 1 || out.Relations.Edges[0].Node.ID != stored || out.Relations.Edges[0].Other != nil {
				t.Errorf("from %s to %s: %+v", ends[0], ends[1], out.Relations.Edges)
			}
			symmetric := map[string]bool{}
			for _, rt := range out.RelationTypes {
				symmetric[rt.Type] = rt.Symmetric
			}
			if !symmetric["PARTNERS_WITH"] || symmetric["SANCTIONS"] || len(symmetric) != len(domain.DefaultVocabulary.Types()) {
				t.Errorf("relation types' symmetry: %v", symmetric)
			}
		}
	})
}

// TestEvidenceFields: a claim's modality, who it is attributed to, the
// statement it was made in, and when: as the source dates it, or else the
// source's publication date.
func TestEvidenceFields(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	var out struct {
		Counterfactual *struct{ Evidence []claim }
		Partners       *struct{ Evidence []claim }
	}
	mustQuery(t, base, `{ counterfactual: relation(id: "`+threatensChina+`") { evidence { `+claimFields+` } }
	  partners: relation(id: "iran:PARTNERS_WITH:russia") { evidence { `+claimFields+` } } }`, nil, &out)
	if out.Counterfactual == nil || out.Partners == nil {
		t.Fatalf("relations not found: %+v", out)
	}
	c := out.Counterfactual.Evidence
	if len(c) != 1 || c[0].Modality != "COUNTERFACTUAL" || c[0].AttributedTo == nil || c[0].AttributedTo.ID != "donald-trump" || c[0].AttributedTo.Name == "" ||
		c[0].Statement == nil || c[0].Statement.ID != "trump-fundraiser-bomb-remarks-2024" || c[0].Statement.Kind == "" || c[0].Statement.Date == "" ||
		c[0].StatedOn == nil || *c[0].StatedOn != "2024" {
		t.Errorf("the counterfactual's claim: %+v", c)
	}
	for _, p := range out.Partners.Evidence {
		if p.Modality != "ASSERTED" || p.AttributedTo != nil || p.Statement != nil || p.StatedOn == nil || *p.StatedOn != p.Source.Published || p.Source.Published != "2024-05-31" {
			t.Errorf("an asserted claim of the article's own date: %+v", p)
		}
	}
	if len(out.Partners.Evidence) != 2 {
		t.Errorf("iran PARTNERS_WITH russia has %d claims, want 2", len(out.Partners.Evidence))
	}
}

// relationsRead runs a query whose relations are at r, at the root or
// under a node aliased n, and returns them.
func relationsRead(t *testing.T, base, q string, vars map[string]any) []claimedRelation {
	t.Helper()
	type conn struct {
		Edges []struct{ Node claimedRelation }
	}
	var out struct {
		R *conn
		N *struct{ R conn }
	}
	mustQuery(t, base, q, vars, &out)
	c := out.R
	if c == nil && out.N != nil {
		c = &out.N.R
	}
	if c == nil {
		t.Fatalf("no relations in the answer to %s", q)
	}
	rels := make([]claimedRelation, len(c.Edges))
	for i, e := range c.Edges {
		rels[i] = e.Node
	}
	return rels
}

func hasRelation(rels []claimedRelation, id string) bool {
	return slices.ContainsFunc(rels, func(r claimedRelation) bool { return r.ID == id })
}

func ids(rels []claimedRelation) []string {
	out := make([]string, len(rels))
	for i, r := range rels {
		out[i] = r.ID
	}
	return out
}
