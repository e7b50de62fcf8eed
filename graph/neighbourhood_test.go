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

// relationHead selects every field a relation's head answers.
const relationHead = `id type since until stance confidence role __typename
  from { ... on Actor { id } ... on Policy { id } ... on Event { id } } to { ... on Actor { id } ... on Policy { id } ... on Event { id } }`

// relationHead and relationHeadFields list the same fields, so that the
// tests below compare every field a head answers.
func TestRelationHeadSelectsEveryHeadField(t *testing.T) {
	selected := map[string]bool{}
	for _, f := range strings.Fields(relationHead) {
		selected[f] = true
	}
	for f := range relationHeadFields {
		if !selected[f] {
			t.Errorf("relationHead does not select %s", f)
		}
	}
}

// TestNeighbourhoodReadsRelationHeadsWhenEnough reads the heads of the
// relations (store.EdgeHeads) when the query asks nothing of their claims
// or attributes, and in full when it does, however it asks (fragments,
// @skip, @include).
func TestNeighbourhoodReadsRelationHeadsWhenEnough(t *testing.T) {
	var mu sync.Mutex
	var edges []string
	cfg := neo4jtest.Config(t)
	cfg.Observe = func(st store.Statement) {
		if strings.Contains(st.Cypher, "CALL (a)") {
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
	for sel, heads := range map[string]bool{
		`id type`:                               true,
		relationHead:                            true,
		`id evidence @skip(if: true) { quote }`: true,
		`id evidence { quote }`:                 false,
		`... on Relation { modality }`:          false,
		`id contested @include(if: true)`:       false,
		`modalities`:                            false,
		`attributes`:                            false,
	} {
		edges = nil
		post(t, h, `query($n: Int) { neighbourhood(id: "russia", depth: 2, limit: $n) { nodes { __typename } edges { `+sel+` } } }`, 30)
		if len(edges) != 1 {
			t.Fatalf("%s: %d statements read the relations, want 1", sel, len(edges))
		}
		if got := strings.Contains(edges[0], "props: r {"); got != heads {
			t.Errorf("edges { %s }: heads %v, want %v", sel, got, heads)
		}
	}
}

// TestNeighbourhoodHeadsAnswerAsInFull: an answer whose relations are
// read as heads shows them as the full read does, under claim arguments
// too.
func TestNeighbourhoodHeadsAnswerAsInFull(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	h := unbatchedHandler(s, true)
	for _, args := range []string{`depth: 2`, `depth: 2, modalities: [ASSERTED, INTENDED, PREDICTED], knownAt: "2024-06"`, `depth: 1, asOf: "2022"`} {
		query := func(more string) string {
			return `query($n: Int) { neighbourhood(id: "russia", ` + args + `, limit: $n) { truncated
			  nodes { ... on Actor { id } ... on Policy { id } ... on Event { id } } edges { ` + relationHead + more + ` } } }`
		}
		var heads, full struct {
			Neighbourhood struct {
				Truncated bool
				Nodes     []map[string]any
				Edges     []map[string]any
			}
		}
		if err := json.Unmarshal(post(t, h, query(""), 60), &heads); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(post(t, h, query(` evidence { quote } modality modalities contested attributes`), 60), &full); err != nil {
			t.Fatal(err)
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
	}
}
