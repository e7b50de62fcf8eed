package httpapi

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/store"
)

// TestBodyLimit: a body of exactly the limit goes through to the handler,
// one byte more is refused with 413 before any handler runs, on every route.
func TestBodyLimit(t *testing.T) {
	const body = `{"query": "RETURN apoc.version() AS refused"}`
	d := testDeps(offlineStore(t, store.CypherLimits{}), io.Discard)
	d.MaxBody = int64(len(body))
	atLimit := NewServer(d)
	d.MaxBody--
	overLimit := NewServer(d)

	// The query is refused by the text check, so reaching the handler
	// shows as 403 on /cypher and as FORBIDDEN in GraphQL.
	status, _, answer := sendJSON(t, atLimit, http.MethodPost, "/cypher", body, nil)
	if code, msg, _ := errorOf(answer); status != 403 || code != "FORBIDDEN" {
		t.Errorf("/cypher at the limit: %d %s %q", status, code, msg)
	}
	gql := fmt.Sprintf(`{"query": %q}`, `{ cypher(query: "RETURN apoc.version()") { columns } }`)
	d.MaxBody = int64(len(gql))
	_, _, answer = sendJSON(t, NewServer(d), http.MethodPost, "/graphql", gql, nil)
	if code, msg, _ := errorOf(answer); code != "FORBIDDEN" {
		t.Errorf("/graphql at the limit: %s %q", code, msg)
	}

	for _, target := range []string{"/cypher", "/graphql", "/healthz", "/nowhere"} {
		status, _, answer := sendJSON(t, overLimit, http.MethodPost, target, body, nil)
		want := fmt.Sprintf("larger than the limit of %d bytes", len(body)-1)
		if code, msg, _ := errorOf(answer); status != 413 || code != "LIMIT_EXCEEDED" || !strings.Contains(msg, want) {
			t.Errorf("POST %s over the limit: %d %s %q", target, status, code, msg)
		}
	}
}

func TestBearer(t *testing.T) {
	const token = "s3cret-token"
	for _, c := range []struct {
		header, token string
		want          bool
	}{
		{"Bearer s3cret-token", token, true},
		{"Bearer  s3cret-token ", token, true},
		{"bearer s3cret-token", token, true},
		{"BEARER s3cret-token", token, true},
		{"Bearers3cret-token", token, false},
		{"Bearer s3cret-tokem", token, false},
		{"Bearer s3cret", token, false},
		{"Bearer s3cret-token2", token, false},
		{"s3cret-token", token, false},
		{"Basic czNjcmV0LXRva2Vu", token, false},
		{"", token, false},
		{"Bearer ", "", false}, // no token configured: nothing matches
		{"", "", false},
	} {
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		if c.header != "" {
			r.Header.Set("Authorization", c.header)
		}
		if got := bearer(r, c.token); got != c.want {
			t.Errorf("bearer(%q, token %q) = %v", c.header, c.token, got)
		}
	}
}

// TestMutationsNeedTheAPIToken: the API token, and only it, lets a
// mutation through. The id is malformed, so a mutation that gets past the
// token fails with BAD_USER_INPUT before Neo4j is asked.
func TestMutationsNeedTheAPIToken(t *testing.T) {
	const apiToken, cypherToken = "api-token", "cypher-token"
	d := testDeps(offlineStore(t, store.CypherLimits{}), io.Discard)
	d.APIToken, d.CypherToken, d.Resolver.WritesEnabled = apiToken, cypherToken, true
	writable := NewServer(d)
	d = testDeps(offlineStore(t, store.CypherLimits{}), io.Discard)
	readOnly := NewServer(d) // no API token: mutations are disabled

	const mutation = `{"query": "mutation { deleteRelation(id: \"not-a-relation-id\") }"}`
	for _, c := range []struct {
		name   string
		h      http.Handler
		header map[string]string
		code   string
	}{
		{"no token", writable, nil, "UNAUTHENTICATED"},
		{"wrong token", writable, bearerHeader("api-tokem"), "UNAUTHENTICATED"},
		{"the Cypher token", writable, bearerHeader(cypherToken), "UNAUTHENTICATED"},
		{"the API token", writable, bearerHeader(apiToken), "BAD_USER_INPUT"},
		{"mutations disabled", readOnly, bearerHeader(""), "FORBIDDEN"},
		{"mutations disabled, a token", readOnly, bearerHeader(apiToken), "FORBIDDEN"},
	} {
		_, _, body := sendJSON(t, c.h, http.MethodPost, "/graphql", mutation, c.header)
		if code, msg, _ := errorOf(body); code != c.code {
			t.Errorf("%s: %s %q, want %s", c.name, code, msg, c.code)
		}
	}
}

// TestCypherFieldNeedsTheCypherToken: with a Cypher token configured, the
// GraphQL cypher field runs only for callers that present it; without one
// it is open. The query is refused by the text check (FORBIDDEN), which
// shows that it got past the token without asking Neo4j.
func TestCypherFieldNeedsTheCypherToken(t *testing.T) {
	const apiToken, cypherToken = "api-token", "cypher-token"
	d := testDeps(offlineStore(t, store.CypherLimits{}), io.Discard)
	d.APIToken, d.CypherToken, d.Resolver.WritesEnabled = apiToken, cypherToken, true
	guarded := NewServer(d)
	open := NewServer(testDeps(offlineStore(t, store.CypherLimits{}), io.Discard))

	const query = `{"query": "{ cypher(query: \"RETURN apoc.version()\") { columns } }"}`
	for _, c := range []struct {
		name   string
		h      http.Handler
		header map[string]string
		code   string
	}{
		{"no token", guarded, nil, "UNAUTHENTICATED"},
		{"wrong token", guarded, bearerHeader("cypher-tokem"), "UNAUTHENTICATED"},
		{"the API token", guarded, bearerHeader(apiToken), "UNAUTHENTICATED"},
		{"the Cypher token", guarded, bearerHeader(cypherToken), "FORBIDDEN"},
		{"no token configured", open, nil, "FORBIDDEN"},
	} {
		_, _, body := sendJSON(t, c.h, http.MethodPost, "/graphql", query, c.header)
		if code, msg, _ := errorOf(body); code != c.code {
			t.Errorf("%s: %s %q, want %s", c.name, code, msg, c.code)
		}
	}
	// Other fields stay open without the token.
	_, _, body := sendJSON(t, guarded, http.MethodPost, "/graphql", `{"query": "{ __typename }"}`, nil)
	if data, _ := body["data"].(map[string]any); data["__typename"] != "Query" {
		t.Errorf("__typename without the Cypher token: %v", body)
	}
}
