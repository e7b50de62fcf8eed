package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

func TestMetricsAndRequestLogs(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	const token, secret = "metrics-test-token", "a-secret-parameter-value"
	srv := launch(t, map[string]string{"ACTORGRAPH_API_TOKEN": token})

	mustQuery(t, srv.url, `query RussiaPartners { actor(name: "Russia") { id } }`, nil, nil, "Authorization", "Bearer "+token)
	query(t, srv.url, `query Broken($n: Int) { actors(first: $n) { totalCount } }`, map[string]any{"n": 1000}, nil)
	query(t, srv.url, `query Secret($s: String!) { actor(name: $s) { id } }`, map[string]any{"s": secret}, nil, "Authorization", "Bearer "+token)

	resp, err := http.Get(srv.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(body)
	for _, want := range []string{
		`actorgraph_requests_total{endpoint="graphql",operation="RussiaPartners",outcome="ok"} 1`,
		`actorgraph_requests_total{endpoint="graphql",operation="Broken",outcome="LIMIT_EXCEEDED"} 1`,
		`actorgraph_request_duration_seconds_count{endpoint="graphql",operation="RussiaPartners"} 1`,
		`actorgraph_neo4j_statement_duration_seconds_count{mode="read"}`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}

	logs := srv.logs.String()
	if !regexp.MustCompile(`"operation":"RussiaPartners","outcome":"ok","status":200`).MatchString(logs) {
		t.Errorf("no request line for RussiaPartners in:\n%s", logs)
	}
	for _, leak := range []string{token, secret} {
		if strings.Contains(logs, leak) {
			t.Errorf("the logs contain %q", leak)
		}
	}
}

// TestBadRequestsGetClientErrors sends what careless or hostile clients
// send; each must get a clear error, never a 500: a 4xx, or a 200 for a
// GraphQL request error under application/json, as the GraphQL-over-HTTP
// spec asks (TestGraphQLOverHTTPStatusCodes pins the codes).
func TestBadRequestsGetClientErrors(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	base := startServer(t, map[string]string{"ACTORGRAPH_MAX_BODY": "65536"})
	huge := make([]any, 20000)
	for i := range huge {
		huge[i] = "SUPPORTS"
	}
	for _, tc := range []struct {
		name, body string
	}{
		{"malformed JSON", `{"query": "{ stats { nodes } }"`},
		{"not an object", `["{ stats { nodes } }"]`},
		{"GraphQL syntax error", `{"query": "{ stats { nodes }"}`},
		{"unknown operation name", `{"query": "query A { stats { nodes } }", "operationName": "B"}`},
		{"two operations, none named", `{"query": "query A { stats { nodes } } query B { stats { relations } }"}`},
		{"variable of the wrong type", `{"query": "query($n: Int) { actors(first: $n) { totalCount } }", "variables": {"n": "ten"}}`},
		{"unknown argument", `{"query": "{ actors(last: 3) { totalCount } }"}`},
		{"empty query", `{"query": ""}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 || !strings.Contains(string(body), `"message"`) {
				t.Errorf("status %d: %s", resp.StatusCode, body)
			}
			if resp.StatusCode == http.StatusOK && !strings.Contains(string(body), `"errors"`) {
				t.Errorf("bad request answered without an error: %s", body)
			}
		})
	}
	t.Run("huge list in variables", func(t *testing.T) {
		resp, _ := postJSON(t, base+"/graphql", map[string]any{
			"query":     "query($t: [String!]) { relations(filter: {types: $t}) { totalCount } }",
			"variables": map[string]any{"t": huge},
		}, nil)
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", resp.StatusCode)
		}
	})
	t.Run("long list under the body limit", func(t *testing.T) {
		r := query(t, base, "query($t: [String!]) { relations(filter: {types: $t}) { totalCount } }",
			map[string]any{"t": huge[:3000]}, nil)
		if r.status >= 500 || (len(r.Errors) == 0 && r.status != http.StatusOK) {
			t.Errorf("status %d: %+v", r.status, r.Errors)
		}
	})
}
