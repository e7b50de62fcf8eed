package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// httpAuditDir holds the npm project that runs the graphql-http package's
// server audits: the GraphQL-over-HTTP working group's conformance suite.
const httpAuditDir = "internal/httpaudit"

// auditResult is one audit as internal/httpaudit/audit.mjs reports it.
type auditResult struct {
	ID          string `json:"id"`
	Name        string `json:"name"` // starts with MUST, SHOULD or MAY
	Status      string `json:"status"`
	Reason      string `json:"reason"`
	HTTPStatus  int    `json:"httpStatus"`
	ContentType string `json:"contentType"`
	Body        string `json:"body"`
}

// TestGraphQLOverHTTPAudit runs the graphql-http server audits against the
// real server and fails on every audit that is not "ok": a MUST that
// errors, a SHOULD that warns, and a MAY with a notice too, since the
// server meets all of them.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node := requireAuditRunner(t)
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(httpAuditDir, "audit.mjs"), base+"/graphql")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the audit runner failed: %v\n%s", err, stderr.String())
	}
	var results []auditResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("the audit runner printed no results: %v\n%s", err, out)
	}
	if len(results) < 50 { // graphql-http 1.23 has 61; fewer means the runner lost some
		t.Fatalf("only %d audits ran", len(results))
	}
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Status]++
		if r.Status != "ok" {
			t.Errorf("%s %s %q: %s (got %d %s: %.300s)", r.Status, r.ID, r.Name, r.Reason, r.HTTPStatus, r.ContentType, r.Body)
		}
	}
	t.Logf("%d audits: %v", len(results), counts)
}

// requireAuditRunner returns the path of node once the audit package is
// installed as the lock file says. When either is missing the test fails
// under ACTORGRAPH_REQUIRE_NEO4J=1 (`make test`, CI: make installs the
// package) and is skipped otherwise.
func requireAuditRunner(t *testing.T) string {
	t.Helper()
	missing := func(format string, args ...any) {
		t.Helper()
		msg := fmt.Sprintf(format, args...) + "; `make test` installs it (or run `npm ci` in " + httpAuditDir + ")"
		if os.Getenv("ACTORGRAPH_REQUIRE_NEO4J") == "1" {
			t.Fatal(msg)
		}
		t.Skip("SKIPPING THE GRAPHQL-OVER-HTTP AUDIT: " + msg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not on PATH")
	}
	want, err := packageVersion(filepath.Join(httpAuditDir, "package.json"), "graphql-http")
	if err != nil {
		t.Fatal(err)
	}
	got, err := packageVersion(filepath.Join(httpAuditDir, "node_modules", "graphql-http", "package.json"), "")
	if err != nil || got != want {
		missing("graphql-http %s is not installed (found %q)", want, got)
	}
	return node
}

// packageVersion reads a package.json: the exact version it depends on for
// dep, or its own version when dep is "".
func packageVersion(path, dep string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var pkg struct {
		Version      string            `json:"version"`
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(b, &pkg); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	if dep == "" {
		return pkg.Version, nil
	}
	if v := pkg.Dependencies[dep]; v != "" {
		return v, nil
	}
	return "", fmt.Errorf("%s does not depend on %s", path, dep)
}

// TestGraphQLOverHTTPStatusCodes covers what the audit does not: request
// errors of this server's own (limits, persisted queries), GET mutations,
// media type negotiation with q-values, and requests no transport serves.
func TestGraphQLOverHTTPStatusCodes(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, nil)
	const (
		gqlResp  = "application/graphql-response+json"
		jsonOnly = "application/json"
		depth13  = `{ actor(id: "russia") { relations { edges { node { from { ... on Actor { relations { edges { node { to { ... on Actor { relations { edges { node { from { ... on Actor { id } } } } } } } } } } } } } } } } }`
	)
	mutation := `mutation { deleteRelation(id: "russia:ALLY_OF:iran") }`
	apqMiss := `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "` + strings.Repeat("0", 64) + `"}}}`
	for _, tc := range []struct {
		name, method, contentType, accept, body string
		status                                  int
		media, code                             string // the response's media type and first error code
		data                                    bool   // whether the body has a data entry
		allow                                   string
	}{
		{"depth limit, json", "POST", jsonOnly, jsonOnly, gql(depth13), 200, jsonOnly, "LIMIT_EXCEEDED", false, ""},
		{"depth limit, graphql-response", "POST", jsonOnly, gqlResp, gql(depth13), 400, gqlResp, "LIMIT_EXCEEDED", false, ""},
		{"field error, graphql-response", "POST", jsonOnly, gqlResp, gql(`{ neighbourhood(id: "atlantis") { truncated } }`), 200, gqlResp, "NOT_FOUND", true, ""},
		{"field limit, graphql-response", "POST", jsonOnly, gqlResp, gql(`{ actors(first: 101) { totalCount } }`), 200, gqlResp, "LIMIT_EXCEEDED", true, ""},
		{"unknown persisted query, json", "POST", jsonOnly, jsonOnly, apqMiss, 200, jsonOnly, "PERSISTED_QUERY_NOT_FOUND", false, ""},
		{"unknown persisted query, graphql-response", "POST", jsonOnly, gqlResp, apqMiss, 404, gqlResp, "PERSISTED_QUERY_NOT_FOUND", false, ""},
		{"malformed JSON gets a code", "POST", jsonOnly, jsonOnly, `{"query":`, 400, jsonOnly, "BAD_USER_INPUT", false, ""},
		{"no query", "POST", jsonOnly, jsonOnly, `{"qeury": "{ stats { nodes } }"}`, 400, jsonOnly, "GRAPHQL_VALIDATION_FAILED", false, ""},
		{"mutation over GET", "GET", "", jsonOnly, mutation, 405, jsonOnly, "BAD_USER_INPUT", false, "POST"},
		{"q-values rank graphql-response first", "POST", jsonOnly, "application/json;q=0.5, application/graphql-response+json", gql("{"), 400, gqlResp, "GRAPHQL_PARSE_FAILED", false, ""},
		{"a named type beats */*", "POST", jsonOnly, "*/*, application/graphql-response+json", gql("{ stats { nodes } }"), 200, gqlResp, "", true, ""},
		{"q=0 refuses a type", "POST", jsonOnly, "application/json;q=0, */*", gql("{ stats { nodes } }"), 200, gqlResp, "", true, ""},
		{"nothing acceptable", "POST", jsonOnly, "text/html", gql("{ stats { nodes } }"), 406, jsonOnly, "BAD_USER_INPUT", false, ""},
		{"POST of text/plain", "POST", "text/plain", jsonOnly, gql("{ stats { nodes } }"), 415, jsonOnly, "BAD_USER_INPUT", false, ""},
		{"PUT", "PUT", jsonOnly, jsonOnly, gql("{ stats { nodes } }"), 405, jsonOnly, "BAD_USER_INPUT", false, "GET, POST, OPTIONS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := sendGraphQL(t, base, tc.method, tc.contentType, tc.accept, tc.body)
			var got map[string]json.RawMessage
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("status %d, not JSON: %s", resp.StatusCode, body)
			}
			var r gqlResponse
			_ = json.Unmarshal(body, &r)
			_, hasData := got["data"]
			if resp.StatusCode != tc.status || r.code() != tc.code || hasData != tc.data {
				t.Errorf("got %d, code %q, data entry %v: %s; want %d, %q, %v", resp.StatusCode, r.code(), hasData, body, tc.status, tc.code, tc.data)
			}
			if ct := resp.Header.Get("Content-Type"); ct != tc.media+"; charset=utf-8" {
				t.Errorf("Content-Type %q, want %s", ct, tc.media)
			}
			if allow := resp.Header.Get("Allow"); allow != tc.allow {
				t.Errorf("Allow %q, want %q", allow, tc.allow)
			}
		})
	}
}

// gql is the JSON body of a GraphQL request for query.
func gql(query string) string {
	b, _ := json.Marshal(map[string]string{"query": query})
	return string(b)
}

// sendGraphQL sends body to /graphql: as the body of a POST (or PUT), or
// as the query of a GET.
func sendGraphQL(t *testing.T, base, method, contentType, accept, body string) (*http.Response, []byte) {
	t.Helper()
	target, payload := base+"/graphql", io.Reader(strings.NewReader(body))
	if method == http.MethodGet {
		target, payload = target+"?"+url.Values{"query": {body}}.Encode(), nil
	}
	req, err := http.NewRequest(method, target, payload)
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", accept)
	return do(t, req)
}
