package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vikstrous/dataloadgen"

	"github.com/actorgraph/actorgraph/internal/gqltest"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// shownRelation selects a relation's ends and its evidence's sources, the
// title in a fragment (so it is only read if fragments are).
const shownRelation = `id type from { ... on Actor { name } ... on Policy { name } ... on Event { name } }
  to { ... on Actor { name } ... on Policy { name } ... on Event { name } } evidence { quote source { id ... on Source { title } } }`

// lookaheadShapes are queries that show lists of objects with nested
// pages, ends or sources below them; $n is the outer page size. statements
// is what each costs with the look-ahead, whatever $n.
var lookaheadShapes = []struct {
	name, query string
	statements  int64
}{
	// count and page; relations with their ends; sources
	{"actors' relations", `query($n: Int) { actors(first: $n) { edges { node { relations(first: 20) { edges { node { ` + shownRelation + ` } } } } } } }`, 4},
	// count and page; relations; the actor ends' relations; sources
	{"relations of relations' ends", `query($n: Int) { actors(first: $n) { edges { node { relations(first: 5) { edges { node {
	  to { ... on Actor { relations(first: 3, direction: OUT) { totalCount edges { node { ` + shownRelation + ` } } } } } } } } } } } }`, 5},
	// count and page; events; their relations; sources (of actors and relations alike)
	{"actors' events' relations", `query($n: Int) { actors(first: $n) { edges { node { evidence { source { title } }
	  events(first: 3) { edges { node { name relations(first: 2) { edges { node { evidence { source { title } } } } } } } } } } } }`, 5},
	// count and page; relations; policies of the actors among their ends
	{"policies' actors' policies", `query($n: Int) { policies(first: $n) { edges { node { relations { edges { node {
	  from { ... on Actor { policies(first: 2) { edges { node { name } } } } } } } } } } } }`, 4},
	// count and page; ends; sources
	{"relations", `query($n: Int) { relations(first: $n) { edges { node { ` + shownRelation + ` } } } }`, 4},
	// count and page; the relations' ends; the events' relations; sources
	{"timeline", `query($n: Int) { timeline(first: $n) { edges { node {
	  ... on Relation { ` + shownRelation + ` } ... on Event { relations(first: 2) { totalCount } } } } } }`, 5},
	// start with its ring, and edges; the actors' relations; sources
	{"neighbourhood", `query($n: Int) { neighbourhood(id: "russia", limit: $n) {
	  nodes { ... on Actor { relations(first: 2) { edges { node { to { ... on Actor { name } } } } } } } edges { ` + shownRelation + ` } } }`, 4},
	// the search (the ends; 3 levels, 2 of them after a count of the
	// frontier; the paths' nodes and relations); the actors' relations; sources
	{"paths", `query($n: Int) { shortestPaths(from: "russia", to: "israel", limit: 20) { paths {
	  nodes { ... on Actor { relations(first: $n) { totalCount edges { node { to { ... on Actor { name } } } } } } } relations { ` + shownRelation + ` } } } }`, 9},
	// the hits; the actors' relations with their ends; the events' relations; sources
	{"search", `query($n: Int) { search(text: "Ukraine", first: $n) { node {
	  ... on Actor { relations(first: 2) { edges { node { ` + shownRelation + ` } } } } ... on Event { relations(first: 2) { totalCount } } } } }`, 4},
	// the actor; its relations with their ends; the actor ends' relations; sources
	{"one actor's relations' ends", `query($n: Int) { actor(id: "russia") { relations(first: $n) { edges { node {
	  ` + shownRelation + ` to { ... on Actor { relations(first: 2) { totalCount } } } } } } } }`, 4},
	// op (a) of the benchmarks: the actor found by name and its relations
	// with their ends, in one statement (ActorWithRelations)
	{"actor by name with relations", `query($n: Int) { actor(name: "The Kremlin") { id name relations(direction: OUT, first: $n) { edges { node {
	  id type to { ... on Actor { id name } ... on Policy { id name } ... on Event { id name } } evidence { quote source { id } } } } } } }`, 1},
	// the actor and its relations with their ends; the actor ends'
	// relations; sources
	{"actor by name with relations' ends", `query($n: Int) { actor(name: "russia") { relations(first: $n) { totalCount edges { node {
	  ` + shownRelation + ` to { ... on Actor { relations(first: 2) { totalCount } } } } } } } }`, 3},
	// count and page; relations with their ends; the other ends' relations
	{"actors' counterparts", `query($n: Int) { actors(first: $n) { edges { node { relations(first: 5) { edges {
	  other { ... on Actor { name relations(first: 3, modalities: [ASSERTED]) { totalCount } } ... on Event { name } } } } } } } }`, 4},
	// the actor; its relations with their ends; the actors and events its
	// claims refer to; the attributed actors' relations; sources (titles
	// and publication dates)
	{"claims' attribution, statement and date", `query($n: Int) { actor(id: "donald-trump") {
	  relations(first: $n, modalities: [ASSERTED, REPORTED, INTENDED, PREDICTED, CONDITIONAL, NORMATIVE, COUNTERFACTUAL, DENIED]) { edges { node {
	  evidence { modality statedOn source { title } attributedTo { name relations(first: 2) { totalCount } } statement { name date } } } } } } }`, 5},
}

// TestLookaheadCoversEveryShape runs each shape against dataloaders that
// batch nothing (every key is a statement of its own), so anything the
// look-ahead misses costs a statement per item: each shape must cost
// exactly its statements for a page of 5 and of 50, and answer exactly
// what the dataloaders alone answer.
func TestLookaheadCoversEveryShape(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	with, without := unbatchedHandler(s, true), unbatchedHandler(s, false)
	for _, shape := range lookaheadShapes {
		t.Run(shape.name, func(t *testing.T) {
			for _, n := range []int{5, 50} {
				before := s.QueryCount()
				got := post(t, with, shape.query, n)
				statements := s.QueryCount() - before
				want := post(t, without, shape.query, n)
				unbatched := s.QueryCount() - before - statements
				t.Logf("first %d: %d statements; %d without the look-ahead", n, statements, unbatched)
				if statements != shape.statements {
					t.Errorf("first %d: %d statements, want %d", n, statements, shape.statements)
				}
				if n == 50 && unbatched <= statements {
					t.Errorf("without the look-ahead the query costs %d statements, with it %d: the shape tests nothing", unbatched, statements)
				}
				if bytes.Contains(got, []byte(`"title":""`)) {
					t.Errorf("first %d: a source without its title: %s", n, got)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("first %d: the look-ahead changed the answer:\n%s\nwithout it:\n%s", n, got, want)
				}
			}
		})
	}
}

// unbatchedHandler serves GraphQL with dataloaders of one key per batch,
// with or without the look-ahead.
func unbatchedHandler(s *store.Store, lookahead bool) http.Handler {
	srv := handler.New(NewExecutableSchema(Config{Resolvers: &Resolver{Store: s}}))
	srv.AddTransport(transport.POST{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := newLoaders(s, lookahead, dataloadgen.WithBatchCapacity(1))
		srv.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), loadersKey{}, l)))
	})
}

// post runs query with $n = n and returns its data; errors fail the test.
func post(t *testing.T, h http.Handler, query string, n int) json.RawMessage {
	t.Helper()
	rec := gqltest.Serve(t, h, query, map[string]any{"n": n})
	var resp struct {
		Data   json.RawMessage
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil || len(resp.Errors) > 0 || len(resp.Data) < 3 {
		t.Fatalf("status %d, %v: %s", rec.Code, err, rec.Body)
	}
	return resp.Data
}

// TestActorByNameReportsRelationsErrorsOnRelations: when the relations
// asked for with an actor by name cannot be read (a malformed cursor), the
// error is the relations field's, as without the one-statement read (the
// field is non-null, so the actor is null); no actor with the name is
// null, and no error.
func TestActorByNameReportsRelationsErrorsOnRelations(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	h := unbatchedHandler(s, true)
	for query, want := range map[string]string{
		`{ actor(name: "Russia") { name relations(after: "not a cursor") { totalCount } } }`: `{"actor":null} [actor relations]`,
		`{ actor(name: "nobody at all") { name relations { totalCount } } }`:                 `{"actor":null} []`,
	} {
		rec := gqltest.Serve(t, h, query, nil)
		var resp struct {
			Data   json.RawMessage
			Errors []struct{ Path []any }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
			t.Fatal(err)
		}
		var path []any
		if len(resp.Errors) > 0 {
			path = resp.Errors[0].Path
		}
		if got := fmt.Sprintf("%s %v", resp.Data, path); got != want || len(resp.Errors) > 1 {
			t.Errorf("%s:\n%s\nwant %s (%d errors)", query, got, want, len(resp.Errors))
		}
	}
}
