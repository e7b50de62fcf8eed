package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

type relationOut struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Since    *string
	Modality string
	From, To struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	}
	Evidence []struct {
		Quote    string
		Modality string
		Source   struct{ ID, Title string }
	}
}

const relationFields = `id type since modality from { ... on Actor { id name } ... on Policy { id name } ... on Event { id name } }
  to { ... on Actor { id name } ... on Policy { id name } ... on Event { id name } }
  evidence { quote modality source { id title } }`

func TestServeAnswersFromNeo4j(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)

	var out struct {
		Actor struct{ ID, Name, Kind string }
	}
	mustQuery(t, base, `{ actor(name: "the kremlin") { id name kind } }`, nil, &out)
	if out.Actor.ID != "russia" || out.Actor.Kind != "STATE" {
		t.Fatalf("actor by alias: %+v", out.Actor)
	}
	for _, probe := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + probe)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", probe, resp.StatusCode)
		}
	}
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Query().Get("query") == "" {
		t.Errorf("GraphiQL: status %d at %s, want 200 with an example query", resp.StatusCode, resp.Request.URL)
	}
}

func TestSeedFactsAreReachable(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)

	t.Run("Russia partners with Iran, with its evidence", func(t *testing.T) {
		var out struct {
			Actor struct {
				Relations struct {
					Edges []struct {
						Other struct{ ID string }
						Node  relationOut
					}
				}
			}
		}
		// PARTNERS_WITH is symmetric: stored from iran, the end whose id
		// sorts first, and found from russia as its counterpart.
		mustQuery(t, base, `query($t: [String!]) { actor(id: "russia") { relations(direction: OUT, types: $t) {
		  edges { other { ... on Actor { id } } node { `+relationFields+` } } } } }`,
			map[string]any{"t": []string{"PARTNERS_WITH"}}, &out)
		var iran *relationOut
		for _, e := range out.Actor.Relations.Edges {
			if e.Other.ID == "iran" {
				iran = &e.Node
			}
		}
		if iran == nil {
			t.Fatalf("no PARTNERS_WITH with iran in %+v", out)
		}
		if iran.From.ID != "iran" || iran.To.ID != "russia" || iran.Modality != "ASSERTED" {
			t.Errorf("relation %+v, want iran:PARTNERS_WITH:russia, asserted", iran)
		}
		if len(iran.Evidence) == 0 || !strings.Contains(iran.Evidence[0].Quote, "Iran") || iran.Evidence[0].Source.Title == "" || iran.Evidence[0].Modality != "ASSERTED" {
			t.Errorf("evidence %+v", iran.Evidence)
		}
	})

	t.Run("the 2017 National Security Strategy targets Russia", func(t *testing.T) {
		var out struct {
			Relations struct {
				TotalCount int
				Edges      []struct{ Node relationOut }
			}
		}
		mustQuery(t, base, `{ relations(filter: {from: "us-national-security-strategy-2017", types: ["TARGETS"]}) { totalCount edges { node { `+relationFields+` } } } }`, nil, &out)
		if !slices.ContainsFunc(out.Relations.Edges, func(e struct{ Node relationOut }) bool { return e.Node.To.ID == "russia" }) {
			t.Errorf("NSS 2017 targets: %+v", out)
		}
	})

	t.Run("a path from Russia to Israel", func(t *testing.T) {
		type pathOut struct {
			Length int
			Nodes  []struct{ ID string }
		}
		var out struct {
			ShortestPaths struct {
				Paths                       []pathOut
				Complete                    bool
				SearchedHops, RelationsRead int
			}
			Paths []pathOut // deprecated: the same search
		}
		mustQuery(t, base, `{ shortestPaths(from: "russia", to: "israel", maxHops: 3, limit: 3) {
		  paths { ...P } complete searchedHops relationsRead }
		  paths(from: "russia", to: "israel", maxHops: 3, limit: 3) { ...P } }
		fragment P on Path { length nodes { ... on Actor { id } ... on Policy { id } ... on Event { id } } }`, nil, &out)
		found := out.ShortestPaths
		if len(found.Paths) == 0 || !found.Complete || found.RelationsRead == 0 || found.SearchedHops < found.Paths[0].Length {
			t.Fatalf("no path, or not complete: %+v", found)
		}
		for i, p := range found.Paths {
			if p.Nodes[0].ID != "russia" || p.Nodes[len(p.Nodes)-1].ID != "israel" || len(p.Nodes) != p.Length+1 {
				t.Errorf("path %d: %+v", i, p)
			}
			if i > 0 && p.Length < found.Paths[i-1].Length {
				t.Errorf("paths not shortest first: %+v", found.Paths)
			}
		}
		if !reflect.DeepEqual(out.Paths, found.Paths) {
			t.Errorf("paths %+v, shortestPaths %+v", out.Paths, found.Paths)
		}
	})

	t.Run("a path search out of budget", func(t *testing.T) {
		var out struct {
			ShortestPaths struct {
				Paths                       []struct{ Length int }
				Complete                    bool
				SearchedHops, RelationsRead int
			}
		}
		mustQuery(t, base, `{ shortestPaths(from: "russia", to: "israel", budget: 1) { paths { length } complete searchedHops relationsRead } }`, nil, &out)
		if found := out.ShortestPaths; found.Complete || found.RelationsRead != 1 {
			t.Errorf("budget 1: %+v, want incomplete after reading 1 relationship", found)
		}
	})

	t.Run("the events of 2015", func(t *testing.T) {
		var out struct {
			Events struct {
				Edges []struct{ Node struct{ ID, Date string } }
			}
		}
		mustQuery(t, base, `{ events(filter: {from: "2015", to: "2015"}) { edges { node { id date } } } }`, nil, &out)
		var ids []string
		for _, e := range out.Events.Edges {
			ids = append(ids, e.Node.ID)
		}
		if !slices.Contains(ids, "russian-intervention-in-syria-2015") {
			t.Errorf("events of 2015: %v", ids)
		}
		if slices.Contains(ids, "munich-security-conference-2007") {
			t.Errorf("2007 event in 2015 window: %v", ids)
		}
	})

	t.Run("node, search, neighbourhood, timeline, stats, vocabulary", func(t *testing.T) {
		var out struct {
			Node struct {
				Typename string `json:"__typename"`
				Title    string
			}
			Missing *struct{ ID string }
			Search  []struct {
				Score float64
				Node  struct{ ID string }
			}
			Neighbour struct {
				Nodes     []struct{ ID string }
				Edges     []struct{ ID string }
				Truncated bool
			}
			Timeline struct {
				TotalCount int
				Edges      []struct{ Date string }
			}
			Stats struct {
				Nodes, Relations int
				ByType           []struct {
					Type  string
					Count int
				}
			}
			RelationTypes []struct{ Type string }
		}
		mustQuery(t, base, `{
  node(id: "russia-us-relations-2024-05-31") { __typename ... on Source { title } }
  missing: actor(id: "atlantis") { id }
  search(text: "Munich", first: 3) { score node { ... on Event { id } ... on Actor { id } ... on Policy { id } } }
  neighbour: neighbourhood(id: "russia", depth: 2, limit: 40) { nodes { ... on Actor { id } ... on Policy { id } ... on Event { id } } edges { id } truncated }
  timeline(actor: "russia", first: 100) { totalCount edges { date } }
  stats { nodes relations byType { type count } }
  relationTypes { type }
}`, nil, &out)
		if out.Node.Typename != "Source" || out.Node.Title == "" {
			t.Errorf("node: %+v", out.Node)
		}
		if out.Missing != nil {
			t.Errorf("missing actor: %+v", out.Missing)
		}
		if len(out.Search) == 0 || out.Search[0].Node.ID != "munich-security-conference-2007" {
			t.Errorf("search Munich: %+v", out.Search)
		}
		if len(out.Neighbour.Nodes) != 40 || !out.Neighbour.Truncated || out.Neighbour.Nodes[0].ID != "russia" || len(out.Neighbour.Edges) == 0 {
			t.Errorf("neighbourhood: %d nodes, %d edges, truncated %v", len(out.Neighbour.Nodes), len(out.Neighbour.Edges), out.Neighbour.Truncated)
		}
		dates := make([]string, len(out.Timeline.Edges))
		for i, e := range out.Timeline.Edges {
			dates[i] = e.Date
		}
		if len(dates) < 10 || !slices.IsSortedFunc(dates, func(a, b string) int { return strings.Compare(a[:4], b[:4]) }) {
			t.Errorf("timeline not in time order: %v", dates)
		}
		if out.Stats.Relations < 100 || out.Stats.Nodes < 60 || len(out.RelationTypes) < 24 {
			t.Errorf("stats %+v, %d types", out.Stats, len(out.RelationTypes))
		}
	})
}

// TestPaginationVisitsEveryItemOnce walks every list page by page.
func TestPaginationVisitsEveryItemOnce(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	for _, tc := range []struct{ name, field, args string }{
		{"actors by name", "actors", `orderBy: {field: NAME, direction: ASC}`},
		{"actors by id, descending", "actors", `orderBy: {field: ID, direction: DESC}`},
		{"policies", "policies", ""},
		{"events", "events", ""},
		{"relations", "relations", ""},
		{"relations of one type", "relations", `filter: {types: ["SUPPORTS", "OPPOSES"]}`},
		{"timeline", "timeline", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]bool{}
			var after any
			total := -1
			for page := 0; ; page++ {
				var out map[string]struct {
					TotalCount int
					PageInfo   struct {
						HasNextPage bool
						EndCursor   *string
					}
					Edges []struct{ Cursor string }
				}
				args := "first: 7, after: $after"
				if tc.args != "" {
					args += ", " + tc.args
				}
				mustQuery(t, base, fmt.Sprintf(`query($after: String) { list: %s(%s) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } } }`, tc.field, args),
					map[string]any{"after": after}, &out)
				conn := out["list"]
				if total >= 0 && conn.TotalCount != total {
					t.Fatalf("totalCount changed from %d to %d", total, conn.TotalCount)
				}
				total = conn.TotalCount
				for _, e := range conn.Edges {
					if seen[e.Cursor] {
						t.Fatalf("page %d repeats %s", page, e.Cursor)
					}
					seen[e.Cursor] = true
				}
				if !conn.PageInfo.HasNextPage {
					break
				}
				if len(conn.Edges) != 7 || page > 200 {
					t.Fatalf("page %d has %d edges but claims a next page", page, len(conn.Edges))
				}
				after = *conn.PageInfo.EndCursor
			}
			if len(seen) != total || total < 7 {
				t.Errorf("visited %d, totalCount %d", len(seen), total)
			}
		})
	}

	t.Run("an actor's relations", func(t *testing.T) {
		seen := map[string]bool{}
		var after any
		var total int
		for {
			var out struct {
				Actor struct {
					Relations struct {
						TotalCount int
						PageInfo   struct {
							HasNextPage bool
							EndCursor   string
						}
						Edges []struct{ Node struct{ ID string } }
					}
				}
			}
			mustQuery(t, base, `query($after: String) { actor(id: "donald-trump") { relations(first: 9, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`,
				map[string]any{"after": after}, &out)
			rels := out.Actor.Relations
			total = rels.TotalCount
			for _, e := range rels.Edges {
				if seen[e.Node.ID] {
					t.Fatalf("relation %s twice", e.Node.ID)
				}
				seen[e.Node.ID] = true
			}
			if !rels.PageInfo.HasNextPage {
				break
			}
			after = rels.PageInfo.EndCursor
		}
		if len(seen) != total || total < 20 {
			t.Errorf("visited %d of %d", len(seen), total)
		}
	})
}

func TestMutations(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	const token = "test-token-123"
	base := startServer(t, map[string]string{"ACTORGRAPH_API_TOKEN": token})
	upsert := `mutation($in: ActorInput!) { upsertActor(input: $in) { id name kind } }`
	actor := map[string]any{"in": map[string]any{"id": "nato", "name": "NATO", "kind": "ALLIANCE", "attributes": map[string]any{"members": 32}}}
	relation := map[string]any{"in": map[string]any{"from": "germany", "type": "MEMBER_OF", "to": "nato",
		"evidence": []any{map[string]any{"source": "russia-us-relations-2024-05-31", "quote": "Countries like Germany, France, and Japan",
			"modality": "PREDICTED", "attributedTo": "donald-trump", "statement": "trump-bronx-rally-2024-05", "statedOn": "2024-05"}}}}

	before := neo4jtest.Checksum(t)
	if r := query(t, base, upsert, actor, nil); r.code() != "UNAUTHENTICATED" {
		t.Errorf("without a token: %+v", r.Errors)
	}
	if r := query(t, base, upsert, actor, nil, "Authorization", "Bearer wrong"); r.code() != "UNAUTHENTICATED" {
		t.Errorf("with a wrong token: %+v", r.Errors)
	}
	if neo4jtest.Checksum(t) != before {
		t.Fatal("a refused mutation wrote")
	}

	auth := []string{"Authorization", "Bearer " + token}
	var created struct {
		UpsertActor struct{ ID, Name, Kind string }
	}
	mustQuery(t, base, upsert, actor, &created, auth...)
	if created.UpsertActor.Kind != "ALLIANCE" {
		t.Errorf("created %+v", created)
	}
	mustQuery(t, base, `mutation($in: RelationInput!) { upsertRelation(input: $in) { id stance } }`, relation, nil, auth...)
	var read struct {
		Actor struct {
			Attributes map[string]any
			Asserted   struct{ TotalCount int }
			Predicted  struct {
				Edges []struct {
					Node struct {
						Modality string
						Evidence []struct {
							Modality, StatedOn string
							AttributedTo       struct{ ID string }
							Statement          struct{ ID string }
						}
					}
				}
			}
		}
	}
	mustQuery(t, base, `{ actor(name: "nato") { attributes asserted: relations(direction: IN) { totalCount }
	  predicted: relations(direction: IN, modalities: [PREDICTED]) { edges { node { modality evidence { modality statedOn attributedTo { id } statement { id } } } } } } }`, nil, &read)
	if p := read.Actor.Predicted.Edges; read.Actor.Asserted.TotalCount != 0 || read.Actor.Attributes["members"] != float64(32) || len(p) != 1 ||
		p[0].Node.Modality != "PREDICTED" || len(p[0].Node.Evidence) != 1 || p[0].Node.Evidence[0].AttributedTo.ID != "donald-trump" ||
		p[0].Node.Evidence[0].Statement.ID != "trump-bronx-rally-2024-05" || p[0].Node.Evidence[0].StatedOn != "2024-05" {
		t.Errorf("after the mutations: %+v", read)
	}

	bad := map[string]any{"in": map[string]any{"from": "germany", "type": "MEMBER_OF", "to": "nato",
		"evidence": []any{map[string]any{"source": "russia-us-relations-2024-05-31", "quote": "Germany joined NATO in 1955"}}}}
	if r := query(t, base, `mutation($in: RelationInput!) { upsertRelation(input: $in) { id } }`, bad, nil, auth...); r.code() != "BAD_USER_INPUT" ||
		!strings.Contains(r.Errors[0].Message, "not verbatim") {
		t.Errorf("a made-up quote: %+v", r.Errors)
	}
	badClaim := map[string]any{"in": map[string]any{"from": "germany", "type": "MEMBER_OF", "to": "nato",
		"evidence": []any{map[string]any{"source": "russia-us-relations-2024-05-31", "quote": "Countries like Germany, France, and Japan", "attributedTo": "Donald Trump"}}}}
	if r := query(t, base, `mutation($in: RelationInput!) { upsertRelation(input: $in) { id } }`, badClaim, nil, auth...); r.code() != "BAD_USER_INPUT" ||
		!strings.Contains(r.Errors[0].Message, "attributedTo") {
		t.Errorf("a claim attributed to a name, not an id: %+v", r.Errors)
	}

	var deleted struct{ DeleteRelation bool }
	mustQuery(t, base, `mutation { deleteRelation(id: "germany:MEMBER_OF:nato") }`, nil, &deleted, auth...)
	again := deleted
	mustQuery(t, base, `mutation { deleteRelation(id: "germany:MEMBER_OF:nato") }`, nil, &again, auth...)
	if !deleted.DeleteRelation || again.DeleteRelation {
		t.Errorf("delete: first %v, second %v", deleted.DeleteRelation, again.DeleteRelation)
	}

	noWrites := startServer(t, nil)
	if r := query(t, noWrites, upsert, actor, nil, auth...); r.code() != "FORBIDDEN" {
		t.Errorf("mutations without a configured token: %+v", r.Errors)
	}
}

func TestLimitsAndBadInput(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, map[string]string{"ACTORGRAPH_MAX_BODY": "20000"})
	deep := "{ actor(id: \"russia\") { relations { edges { node { from { ... on Actor { relations { edges { node { to { ... on Actor { relations { edges { node { from { ... on Actor { id } } } } } } } } } } } } } } } } }"
	for _, tc := range []struct {
		name, query, code, message string
	}{
		{"first over 100", `{ actors(first: 101) { totalCount } }`, "LIMIT_EXCEEDED", "first must be between 0 and 100"},
		{"depth over 3", `{ neighbourhood(id: "russia", depth: 4) { truncated } }`, "LIMIT_EXCEEDED", "depth must be between 1 and 3"},
		{"maxHops over 6", `{ paths(from: "russia", to: "israel", maxHops: 7) { length } }`, "LIMIT_EXCEEDED", "maxHops must be between 1 and 6"},
		{"budget over", `{ shortestPaths(from: "russia", to: "israel", budget: 200001) { complete } }`, "LIMIT_EXCEEDED", "budget must be between 1 and 200000"},
		{"path to nowhere", `{ shortestPaths(from: "russia", to: "atlantis") { complete } }`, "NOT_FOUND", "atlantis"},
		{"query too deep", deep, "LIMIT_EXCEEDED", "exceeds the limit of 12"},
		{"too complex", `{ actors(first: 100) { edges { node { relations(first: 100) { edges { node { id type since until stance } } } } } } }`, "LIMIT_EXCEEDED", "exceeds the limit of 50000"},
		{"bad cursor", `{ actors(after: "nonsense") { totalCount } }`, "BAD_USER_INPUT", "invalid cursor"},
		{"bad date", `{ events(filter: {from: "2015-13"}) { totalCount } }`, "BAD_USER_INPUT", "malformed date"},
		{"unknown relation type", `{ relations(filter: {types: ["LIKES"]}) { totalCount } }`, "BAD_USER_INPUT", "unknown relation type LIKES"},
		{"unknown modality", `{ relations(filter: {modalities: [RUMOURED]}) { totalCount } }`, "GRAPHQL_VALIDATION_FAILED", "RUMOURED"},
		{"asOf with during", `{ actor(id: "russia") { relations(asOf: "2019", during: {from: "2018"}) { totalCount } } }`, "BAD_USER_INPUT", "asOf or during"},
		{"window ending before it starts", `{ neighbourhood(id: "russia", during: {from: "2019", to: "2018"}) { truncated } }`, "BAD_USER_INPUT", "before during.from"},
		{"bad knownAt", `{ timeline(knownAt: "2024-02-30") { totalCount } }`, "BAD_USER_INPUT", "no such day"},
		{"bad relation id", `{ relation(id: "nonsense") { id } }`, "BAD_USER_INPUT", "must be from:TYPE:to"},
		{"missing neighbourhood start", `{ neighbourhood(id: "atlantis") { truncated } }`, "NOT_FOUND", "atlantis"},
		{"syntax error", `{ actors( }`, "GRAPHQL_PARSE_FAILED", ""},
		{"unknown field", `{ actors { nope } }`, "GRAPHQL_VALIDATION_FAILED", "nope"},
		{"empty search", `{ search(text: "  ") { score } }`, "BAD_USER_INPUT", "must not be empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := query(t, base, tc.query, nil, nil)
			if r.code() != tc.code || (tc.message != "" && !strings.Contains(r.Errors[0].Message, tc.message)) {
				t.Errorf("got %d %+v, want %s %q", r.status, r.Errors, tc.code, tc.message)
			}
			if r.status >= 500 {
				t.Errorf("status %d for bad input", r.status)
			}
		})
	}
	t.Run("body over the limit", func(t *testing.T) {
		resp, _ := postJSON(t, base+"/graphql", map[string]any{"query": "{ stats { nodes } }", "variables": map[string]any{"pad": strings.Repeat("x", 30000)}}, nil)
		if resp.StatusCode < 400 || resp.StatusCode >= 500 {
			t.Errorf("status %d, want 4xx", resp.StatusCode)
		}
	})
}

func TestAutomaticPersistedQueries(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	q := `{ stats { nodes } }`
	hash := sha256Hex(q)
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}
	_, body := postJSON(t, base+"/graphql", map[string]any{"extensions": ext}, nil)
	if !strings.Contains(string(body), "PersistedQueryNotFound") {
		t.Fatalf("unknown hash: %s", body)
	}
	_, body = postJSON(t, base+"/graphql", map[string]any{"query": q, "extensions": ext}, nil)
	if !strings.Contains(string(body), `"nodes"`) {
		t.Fatalf("registering: %s", body)
	}
	_, body = postJSON(t, base+"/graphql", map[string]any{"extensions": ext}, nil)
	if !strings.Contains(string(body), `"nodes"`) {
		t.Fatalf("by hash: %s", body)
	}
}

// TestNoNPlusOne runs a query for a page of actors with their relations,
// both ends and evidence sources, and counts the Cypher statements it
// costs: the same, exactly, for 5 actors and for 50, however the request's
// goroutines are scheduled (graph/prefetch.go reads each level for the
// whole page at once; graph's TestLookaheadCoversEveryShape covers the
// other shapes).
func TestNoNPlusOne(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	srv := httptest.NewServer(newTestServer(s, ""))
	defer srv.Close()
	for _, first := range []int{5, 50} {
		before := s.QueryCount()
		var out struct {
			Actors struct {
				Edges []struct {
					Node struct {
						ID        string
						Relations struct{ Edges []struct{ Node relationOut } }
					}
				}
			}
		}
		mustQuery(t, srv.URL, `query($n: Int) { actors(first: $n) { edges { node { id relations(first: 20) { edges { node { `+relationFields+` } } } } } } }`,
			map[string]any{"n": first}, &out)
		statements := s.QueryCount() - before
		rels := 0
		for _, e := range out.Actors.Edges {
			for _, r := range e.Node.Relations.Edges {
				rels++
				r := r.Node
				touches := r.From.ID == e.Node.ID || r.To.ID == e.Node.ID
				if !touches || r.From.Name == "" || r.To.Name == "" || len(r.Evidence) == 0 || r.Evidence[0].Source.Title == "" {
					t.Errorf("%s has relation %+v", e.Node.ID, r)
				}
			}
		}
		t.Logf("%d actors, %d relations: %d Cypher statements", len(out.Actors.Edges), rels, statements)
		if len(out.Actors.Edges) != first || rels < first {
			t.Fatalf("query returned too little to prove anything: %d actors, %d relations", len(out.Actors.Edges), rels)
		}
		// The actors' count and page, their relations with both ends, the
		// evidence sources.
		if statements != 4 {
			t.Errorf("%d actors cost %d statements, want 4", first, statements)
		}
	}
}
