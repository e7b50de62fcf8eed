package main

import (
	"slices"
	"testing"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// leadersReads are the reads of relations, each asking who leads the
// United States with the valid-time arguments $asOf and $during, and
// leaders, which picks the answer out of what each returns. The seed has
// donald-trump LEADS united-states from 2017-01-20 to 2021-01-20 and
// joe-biden from 2021-01-20.
var leadersReads = []struct {
	name, query string
	leaders     func(data map[string]any) []string
}{
	{"relations", `query($asOf: Date, $during: DateWindow) { relations(filter: {to: "united-states", types: ["LEADS"], asOf: $asOf, during: $during}) {
	  edges { node { from { ... on Actor { id } } } } } }`,
		func(d map[string]any) []string { return idsAt(d["relations"], "edges", "node", "from") }},
	{"Actor.relations", `query($asOf: Date, $during: DateWindow) { actor(id: "united-states") { relations(direction: IN, types: ["LEADS"], asOf: $asOf, during: $during) {
	  edges { other { ... on Actor { id } } } } } }`,
		func(d map[string]any) []string { return idsAt(d["actor"], "relations", "edges", "other") }},
	{"neighbourhood", `query($asOf: Date, $during: DateWindow) { neighbourhood(id: "united-states", types: ["LEADS"], asOf: $asOf, during: $during) {
	  nodes { ... on Actor { id } } } }`,
		func(d map[string]any) []string {
			return slices.DeleteFunc(idsAt(d["neighbourhood"], "nodes"), func(id string) bool { return id == "united-states" })
		}},
	{"paths", `query($asOf: Date, $during: DateWindow) {
	  trump: paths(from: "united-states", to: "donald-trump", maxHops: 1, types: ["LEADS"], asOf: $asOf, during: $during) { length }
	  biden: paths(from: "united-states", to: "joe-biden", maxHops: 1, types: ["LEADS"], asOf: $asOf, during: $during) { length } }`,
		func(d map[string]any) []string {
			var out []string
			for alias, id := range map[string]string{"trump": "donald-trump", "biden": "joe-biden"} {
				if paths, _ := d[alias].([]any); len(paths) > 0 {
					out = append(out, id)
				}
			}
			return out
		}},
	{"timeline", `query($asOf: Date, $during: DateWindow) { timeline(actor: "united-states", asOf: $asOf, during: $during, first: 100) {
	  edges { node { ... on Relation { type from { ... on Actor { id } } } } } } }`,
		func(d map[string]any) []string {
			var out []string
			for _, e := range list(at(d["timeline"], "edges")) {
				if at(e, "node", "type") == "LEADS" {
					out = append(out, idsAt(e, "node", "from")...)
				}
			}
			return out
		}},
}

// TestValidTimeOnEveryRead: asOf and during select the relations valid
// then, partial dates counting by their bounds, on every read of relations.
func TestValidTimeOnEveryRead(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	for _, read := range leadersReads {
		t.Run(read.name, func(t *testing.T) {
			for _, c := range []struct {
				name string
				vars map[string]any
				want []string
			}{
				{"asOf 2019", map[string]any{"asOf": "2019"}, []string{"donald-trump"}},
				{"asOf 2022", map[string]any{"asOf": "2022"}, []string{"joe-biden"}},
				{"asOf 2021, a year both led in", map[string]any{"asOf": "2021"}, []string{"donald-trump", "joe-biden"}},
				{"asOf 2017-01, the month Trump took office", map[string]any{"asOf": "2017-01"}, []string{"donald-trump"}},
				{"asOf 2017-01-19, the day before", map[string]any{"asOf": "2017-01-19"}, nil},
				{"during 2020", map[string]any{"during": map[string]any{"from": "2020", "to": "2020"}}, []string{"donald-trump"}},
				{"during up to 2018", map[string]any{"during": map[string]any{"to": "2018"}}, []string{"donald-trump"}},
				{"during from 2022", map[string]any{"during": map[string]any{"from": "2022"}}, []string{"joe-biden"}},
				{"at any time", nil, []string{"donald-trump", "joe-biden"}},
			} {
				var data map[string]any
				mustQuery(t, base, read.query, c.vars, &data)
				if got := slices.Sorted(slices.Values(read.leaders(data))); !slices.Equal(got, c.want) {
					t.Errorf("%s: leaders %v, want %v", c.name, got, c.want)
				}
			}
		})
	}
	t.Run("asOf and during together", func(t *testing.T) {
		r := query(t, base, `{ relations(filter: {asOf: "2019", during: {from: "2018"}}) { totalCount } }`, nil, nil)
		if r.code() != "BAD_USER_INPUT" {
			t.Errorf("%+v, want BAD_USER_INPUT", r.Errors)
		}
	})
}

// earlyClaim is the seed's only relation with a claim stated before 2011:
// one of its two claims is stated 2007-02-10, the other on the article's
// date.
const earlyClaim = "russia:OPPOSES:american-led-international-order:2007-02-10"

// TestKnowledgeTimeOnEveryRead: knownAt serves the claims stated by then
// and the relations that still have one, on every read of relations.
func TestKnowledgeTimeOnEveryRead(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	const shown = `id evidence { statedOn }`
	for _, read := range []struct {
		name, query string
		relations   func(data map[string]any) []any
	}{
		{"relations", `query($k: Date) { relations(filter: {from: "russia", knownAt: $k}, first: 100) { edges { node { ` + shown + ` } } } }`,
			func(d map[string]any) []any { return nodes(at(d["relations"], "edges")) }},
		{"Actor.relations", `query($k: Date) { actor(id: "russia") { relations(knownAt: $k, first: 100) { edges { node { ` + shown + ` } } } } }`,
			func(d map[string]any) []any { return nodes(at(d["actor"], "relations", "edges")) }},
		{"neighbourhood", `query($k: Date) { neighbourhood(id: "russia", knownAt: $k, limit: 500) { edges { ` + shown + ` } } }`,
			func(d map[string]any) []any { return list(at(d["neighbourhood"], "edges")) }},
		{"paths", `query($k: Date) { paths(from: "russia", to: "american-led-international-order", maxHops: 1, knownAt: $k) { relations { ` + shown + ` } } }`,
			func(d map[string]any) []any {
				var out []any
				for _, p := range list(d["paths"]) {
					out = append(out, list(at(p, "relations"))...)
				}
				return out
			}},
		{"timeline", `query($k: Date) { timeline(actor: "russia", knownAt: $k, first: 100) { edges { node { ... on Relation { ` + shown + ` } } } } }`,
			func(d map[string]any) []any {
				return slices.DeleteFunc(nodes(at(d["timeline"], "edges")), func(n any) bool { return at(n, "id") == nil }) // events stay; relations only
			}},
	} {
		t.Run(read.name, func(t *testing.T) {
			served := func(knownAt any) (ids []string, claims map[string][]string) {
				var data map[string]any
				mustQuery(t, base, read.query, map[string]any{"k": knownAt}, &data)
				claims = map[string][]string{}
				for _, r := range read.relations(data) {
					id, _ := at(r, "id").(string)
					ids = append(ids, id)
					for _, c := range list(at(r, "evidence")) {
						on, _ := at(c, "statedOn").(string)
						claims[id] = append(claims[id], on)
					}
				}
				return ids, claims
			}
			if ids, _ := served("2006"); len(ids) != 0 {
				t.Errorf("known in 2006: %v, want none", ids)
			}
			ids, claims := served("2010")
			if !slices.Equal(ids, []string{earlyClaim}) || !slices.Equal(claims[earlyClaim], []string{"2007-02-10"}) {
				t.Errorf("known in 2010: %v with claims stated %v; want %s with its claim of 2007-02-10", ids, claims, earlyClaim)
			}
			if all, claims := served(nil); !slices.Contains(all, earlyClaim) || len(claims[earlyClaim]) != 2 {
				t.Errorf("without knownAt: %v, %s with claims stated %v", all, earlyClaim, claims[earlyClaim])
			}
		})
	}
}

// at follows keys through decoded JSON objects; nil when one is missing.
func at(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// nodes returns the node of each edge.
func nodes(edges any) []any {
	var out []any
	for _, e := range list(edges) {
		out = append(out, at(e, "node"))
	}
	return out
}

// idsAt returns the ids found at keys below v, through lists on the way.
func idsAt(v any, keys ...string) []string {
	if l, ok := v.([]any); ok {
		var out []string
		for _, item := range l {
			out = append(out, idsAt(item, keys...)...)
		}
		return out
	}
	if len(keys) == 0 {
		if id, ok := at(v, "id").(string); ok {
			return []string{id}
		}
		return nil
	}
	return idsAt(at(v, keys[0]), keys[1:]...)
}
