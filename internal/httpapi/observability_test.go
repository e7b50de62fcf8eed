package httpapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/store"
)

// requestLines returns the request log lines, decoded.
func requestLines(t *testing.T, logs string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(logs))
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("a log line is not JSON: %v: %s", err, sc.Bytes())
		}
		if line["msg"] == "request" {
			lines = append(lines, line)
		}
	}
	return lines
}

func TestRequestLogsAndMetrics(t *testing.T) {
	const token, secret = "a-cypher-token", "a-secret-parameter-value"
	var logs bytes.Buffer
	d := testDeps(offlineStore(t, store.CypherLimits{}), &logs)
	d.CypherToken, d.MaxBody = token, 200
	h := NewServer(d)

	send(h, http.MethodGet, "/healthz", "", nil)
	send(h, http.MethodGet, "/nowhere/"+secret, "", nil)
	send(h, http.MethodPost, "/cypher", `{"query": "RETURN $s", "params": {"s": "`+secret+`"}}`, nil)
	send(h, http.MethodPost, "/cypher", `{"query": "`+strings.Repeat("x", 300)+`"}`, bearerHeader(token))
	send(h, http.MethodPost, "/graphql", `{"query": "query Named { __typename }"}`, bearerHeader(token))
	send(h, http.MethodPost, "/graphql", `{"query": "query Broken($n: Int) { actors(first: $n) { totalCount } }", "variables": {"n": 1000}}`, nil)

	type line struct {
		method, endpoint, operation, outcome string
		status                               float64
	}
	want := []line{
		{"GET", "healthz", "", "ok", 200},
		{"GET", "other", "", "http_404", 404},
		{"POST", "cypher", "", "http_401", 401},
		{"POST", "cypher", "", "http_413", 413},
		{"POST", "graphql", "Named", "ok", 200},
		{"POST", "graphql", "Broken", "LIMIT_EXCEEDED", 0}, // the status is the graph package's choice
	}
	got := requestLines(t, logs.String())
	if len(got) != len(want) {
		t.Fatalf("%d request lines, want %d:\n%s", len(got), len(want), logs.String())
	}
	for i, w := range want {
		g := got[i]
		if g["method"] != w.method || g["endpoint"] != w.endpoint || g["operation"] != w.operation || g["outcome"] != w.outcome ||
			(w.status != 0 && g["status"] != w.status) {
			t.Errorf("line %d: %v; want %+v", i, g, w)
		}
		if d, ok := g["duration_ms"].(float64); !ok || d < 0 {
			t.Errorf("line %d: duration_ms %v", i, g["duration_ms"])
		}
	}
	for _, leak := range []string{token, secret} {
		if strings.Contains(logs.String(), leak) {
			t.Errorf("the logs contain %q", leak)
		}
	}

	metrics := send(h, http.MethodGet, "/metrics", "", nil).Body.String()
	for _, w := range []string{
		`actorgraph_requests_total{endpoint="healthz",operation="anonymous",outcome="ok"} 1`,
		`actorgraph_requests_total{endpoint="other",operation="anonymous",outcome="http_404"} 1`,
		`actorgraph_requests_total{endpoint="cypher",operation="anonymous",outcome="http_413"} 1`,
		`actorgraph_requests_total{endpoint="graphql",operation="Broken",outcome="LIMIT_EXCEEDED"} 1`,
		`actorgraph_requests_total{endpoint="graphql",operation="Named",outcome="ok"} 1`,
		`actorgraph_request_duration_seconds_count{endpoint="graphql",operation="Named"} 1`,
	} {
		if !strings.Contains(metrics, w) {
			t.Errorf("/metrics lacks %s", w)
		}
	}
}

func TestOutcomeOf(t *testing.T) {
	for _, c := range []struct {
		operation string
		status    int
		want      string
	}{
		{"", 200, "ok"},
		{"ok", 200, "ok"},
		{"", 413, "http_413"},
		{"ok", 500, "http_500"},
		{"LIMIT_EXCEEDED", 200, "LIMIT_EXCEEDED"},
		{"GRAPHQL_PARSE_FAILED", 422, "GRAPHQL_PARSE_FAILED"},
	} {
		if got := outcomeOf(c.operation, c.status); got != c.want {
			t.Errorf("outcomeOf(%q, %d) = %q, want %q", c.operation, c.status, got, c.want)
		}
	}
}
