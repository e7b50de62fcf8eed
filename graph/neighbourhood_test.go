package graph

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// relationKey selects every field a relation's keys answer, and
// relationHead every field its head answers.
const (
	relationKey = `id type since __typename
  from { ... on Actor { id } ... on Policy { id } ... on Event { id } } to { ... on Actor { id } ... on Policy { id } ... on Event { id } }`
	relationHead = relationKey + ` until stance confidence role`
)

// relationKey and relationKeyFields list the same fields, and so do
// relationHead and relationHeadFields, so that the tests below compare
// every field keys and heads answer.
func TestRelationHeadSelectsEveryHeadField(t *testing.T) {
	for _, c := range []struct {
		sel    string
		fields map[string]bool
	}{{relationKey, relationKeyFields}, {relationHead, relationHeadFields}} {
		selected := map[string]bool{}
		for _, f := range strings.Fields(c.sel) {
			selected[f] = true
		}
		for f := range c.fields {
			if !selected[f] {
				t.Errorf("%q does not select %s", c.sel, f)
			}
		}
	}
}

// TestNeighbourhoodReadsRelationHeadsWhenEnough reads the keys of the
// relations (store.EdgeKeys) when the query asks only for them, their
// heads (store.EdgeHeads) when it asks nothing of their claims or
// attributes, and in full when it does, however it asks (fragments,
// @skip, @include).
func TestNeighbourhoodReadsRelationHeadsWhenEnough(t *testing.T) {
	var mu sync.Mutex
	var edges []string
	cfg := neo4jtest.Config(t)
	cfg.Observe = func(st store.Statement) {
		if strings.Contains(st.Cypher, "UNWIND $found") {
			mu.Lock()
			edges = append(edges, st.Cypher)
			mu.Unlock()
		}
	}
	s, err := store.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(t.Context()) })
	neo4jtest.LoadSeed(t, s)
	h := unbatchedHandler(s, true)
	const keys, heads, full = "props: r {.since}", "props: r {.since, .until", "{r: r,"
	for sel, want := range map[string]string{
		`id type`:                                      keys,
		relationKey:                                    keys,
		`id evidence @skip(if: true) { quote }`:        keys,
		`... on Relation { since }`:                    keys,
		relationHead:                                   heads,
		`id stance`:                                    heads,
		`id role @include(if: true)`:                   heads,
		`id ... on Relation { until }`:                 heads,
		`id evidence { quote }`:                        full,
		`... on Relation { modality }`:                 full,
		`id contested @include(if: true)`:              full,
		`modalities`:                                   full,
		`attributes`:                                   full,
		`stance evidence @include(if: true) { quote }`: full,
	} {
		edges = nil
		post(t, h, `query($n: Int) { neighbourhood(id: "russia", depth: 2, limit: $n) { nodes { __typename } edges { `+sel+` } } }`, 30)
		if len(edges) != 1 {
			t.Fatalf("%s: %d statements read the relations, want 1", sel, len(edges))
		}
		for _, read := range []string{keys, heads, full} {
			if got := strings.Contains(edges[0], read); got != (read == want) {
				t.Errorf("edges { %s }: read %q %v, want the read %q", sel, read, got, want)
			}
		}
	}
}

// TestNeighbourhoodHeadsAnswerAsInFull: an answer whose relations are
// read as heads, or as keys, shows them as the full read does, under
// claim arguments too.
func TestNeighbourhoodHeadsAnswerAsInFull(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	h := unbatchedHandler(s, true)
	for _, args := range []string{`depth: 2`, `depth: 2, modalities: [ASSERTED, INTENDED, PREDICTED], knownAt: "2024-06"`, `depth: 1, asOf: "2022"`} {
		query := func(edges string) string {
			return `query($n: Int) { neighbourhood(id: "russia", ` + args + `, limit: $n) { truncated
			  nodes { ... on Actor { id } ... on Policy { id } ... on Event { id } } edges { ` + edges + ` } } }`
		}
		var keys, heads, full struct {
			Neighbourhood struct {
				Truncated bool
				Nodes     []map[string]any
				Edges     []map[string]any
			}
		}
		for _, read := range []struct {
			edges string
			into  any
		}{
			{relationKey, &keys},
			{relationHead, &heads},
			{relationHead + ` evidence { quote } modality modalities contested attributes`, &full},
		} {
			if err := json.Unmarshal(post(t, h, query(read.edges), 60), read.into); err != nil {
				t.Fatal(err)
			}
		}
		if len(full.Neighbourhood.Edges) < 5 {
			t.Fatalf("%s: %d relations: the case tests little", args, len(full.Neighbourhood.Edges))
		}
		for _, e := range full.Neighbourhood.Edges {
			if len(e["evidence"].([]any)) == 0 {
				t.Errorf("%s: %v in full has no claims", args, e["id"])
			}
			for _, f := range []string{"evidence", "modality", "modalities", "contested", "attributes"} {
				delete(e, f)
			}
		}
		if !reflect.DeepEqual(heads, full) {
			t.Errorf("%s: heads\n%+v\nin full\n%+v", args, heads, full)
		}
		for _, e := range full.Neighbourhood.Edges {
			for f := range e {
				if !relationKeyFields[f] {
					delete(e, f)
				}
			}
		}
		if !reflect.DeepEqual(keys, full) {
			t.Errorf("%s: keys\n%+v\nin full\n%+v", args, keys, full)
		}
	}
}
