package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// TestCypherHandlerRefusesBadRequests needs no Neo4j: every request here
// fails before a query is sent.
func TestCypherHandlerRefusesBadRequests(t *testing.T) {
	d := testDeps(offlineStore(t, store.CypherLimits{MaxQueryLength: 100}), io.Discard)
	open := NewServer(d)
	d.CypherToken = "s3cret-token"
	guarded := NewServer(d)
	for _, c := range []struct {
		name    string
		h       http.Handler
		method  string
		body    string
		header  map[string]string
		status  int
		code    string
		message string
	}{
		{"malformed JSON", open, http.MethodPost, `{"query": `, nil, 400, "BAD_USER_INPUT", "malformed JSON"},
		{"not an object", open, http.MethodPost, `["RETURN 1"]`, nil, 400, "BAD_USER_INPUT", "malformed JSON"},
		{"query not a string", open, http.MethodPost, `{"query": 1}`, nil, 400, "BAD_USER_INPUT", "malformed JSON"},
		{"no query", open, http.MethodPost, `{"params": {}}`, nil, 400, "BAD_USER_INPUT", `"query"`},
		{"empty body", open, http.MethodPost, ``, nil, 400, "BAD_USER_INPUT", "JSON object"},
		{"unknown field", open, http.MethodPost, `{"query": "RETURN 1", "parms": {}}`, nil, 400, "BAD_USER_INPUT", "parms"},
		{"trailing data", open, http.MethodPost, `{"query": "RETURN 1"} {}`, nil, 400, "BAD_USER_INPUT", "after the JSON"},
		{"params not an object", open, http.MethodPost, `{"query": "RETURN 1", "params": [1]}`, nil, 400, "BAD_USER_INPUT", "malformed JSON"},
		{"limit not a number", open, http.MethodPost, `{"query": "RETURN 1", "limit": "ten"}`, nil, 400, "BAD_USER_INPUT", "malformed JSON"},
		{"negative limit", open, http.MethodPost, `{"query": "RETURN 1", "limit": -1}`, nil, 400, "BAD_USER_INPUT", "limit"},
		{"body too large", open, http.MethodPost, `{"query": "` + strings.Repeat("x", 2<<20) + `"}`, nil, 413, "LIMIT_EXCEEDED", "larger than"},
		{"query too long", open, http.MethodPost, `{"query": "RETURN 1` + strings.Repeat(" ", 200) + `"}`, nil, 413, "LIMIT_EXCEEDED", "characters"},
		{"namespaced function", open, http.MethodPost, `{"query": "RETURN apoc.version()"}`, nil, 403, "FORBIDDEN", "apoc.version"},
		{"two statements", open, http.MethodPost, `{"query": "RETURN 1; MATCH (n) DETACH DELETE n"}`, nil, 403, "FORBIDDEN", "multiple statements"},
		{"no token", guarded, http.MethodPost, `{"query": "RETURN 1"}`, nil, 401, "UNAUTHENTICATED", "ACTORGRAPH_CYPHER_TOKEN"},
		{"wrong token", guarded, http.MethodPost, `{"query": "RETURN 1"}`, bearerHeader("s3cret-tokem"), 401, "UNAUTHENTICATED", "ACTORGRAPH_CYPHER_TOKEN"},
		{"token prefix", guarded, http.MethodPost, `{"query": "RETURN 1"}`, bearerHeader("s3cret"), 401, "UNAUTHENTICATED", "ACTORGRAPH_CYPHER_TOKEN"},
		{"not a bearer", guarded, http.MethodPost, `{"query": "RETURN 1"}`, map[string]string{"Authorization": "Basic czNjcmV0LXRva2Vu"}, 401, "UNAUTHENTICATED", "ACTORGRAPH_CYPHER_TOKEN"},
		{"right token, bad body", guarded, http.MethodPost, `{`, bearerHeader("s3cret-token"), 400, "BAD_USER_INPUT", "malformed JSON"},
	} {
		status, header, body := sendJSON(t, c.h, c.method, "/cypher", c.body, c.header)
		if status >= 500 {
			t.Errorf("%s: status %d for bad input", c.name, status)
		}
		code, message, _ := errorOf(body)
		if status != c.status || code != c.code || !strings.Contains(message, c.message) {
			t.Errorf("%s: %d %s %q; want %d %s mentioning %q", c.name, status, code, message, c.status, c.code, c.message)
		}
		if status == 401 && !strings.HasPrefix(header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("401 without WWW-Authenticate: Bearer")
		}
	}
}

func TestCypherHandlerAgainstNeo4j(t *testing.T) {
	// Ordinary queries get a time limit no machine reaches; the one query
	// meant to time out goes to a server with a short limit instead, and
	// asks for 10^10 rows, which no machine counts within it.
	const token = "s3cret-token"
	server := func(timeout time.Duration) http.Handler {
		cfg := neo4jtest.Config(t)
		cfg.Cypher = store.CypherLimits{Timeout: timeout, MaxRows: 3}
		s, err := store.Open(cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close(context.Background()) })
		d := testDeps(s, io.Discard)
		d.CypherToken = token
		d.RequestTimeout = 2 * timeout
		return NewServer(d)
	}
	h, short := server(time.Hour), server(time.Second)
	auth := bearerHeader(token)

	// 200 with typed rows, the same JSON as the GraphQL field.
	status, _, body := sendJSON(t, h, http.MethodPost, "/cypher", `{
		"query": "UNWIND range(1, 10) AS n RETURN n, $i AS i, $big AS big, $s AS s, date('2024-02-29') AS d, point({x: 1, y: 2}) AS p, [n, 'a'] AS l",
		"params": {"i": 42, "big": 9007199254740993, "s": "x"}, "limit": 2}`, auth)
	if status != 200 {
		t.Fatalf("status %d: %v", status, body)
	}
	raw, _ := json.Marshal(body["rows"])
	const wantRows = `[{"big":"9007199254740993","d":"2024-02-29","i":42,"l":[1,"a"],"n":1,"p":{"srid":7203,"x":1,"y":2},"s":"x"},` +
		`{"big":"9007199254740993","d":"2024-02-29","i":42,"l":[2,"a"],"n":2,"p":{"srid":7203,"x":1,"y":2},"s":"x"}]`
	if string(raw) != wantRows {
		t.Errorf("rows:\n got %s\nwant %s", raw, wantRows)
	}
	columns, _ := json.Marshal(body["columns"])
	if string(columns) != `["n","i","big","s","d","p","l"]` || body["truncated"] != true {
		t.Errorf("columns %s, truncated %v", columns, body["truncated"])
	}
	summary, _ := body["summary"].(map[string]any)
	if summary["queryType"] != "r" || summary["serverTimeMs"] == nil || summary["notifications"] == nil {
		t.Errorf("summary %v", summary)
	}

	// The server's cap holds when no limit is given.
	_, _, body = sendJSON(t, h, http.MethodPost, "/cypher", `{"query": "UNWIND range(1, 10) AS n RETURN n"}`, auth)
	if rows, _ := body["rows"].([]any); len(rows) != 3 || body["truncated"] != true {
		t.Errorf("capped: %v", body)
	}

	// 403 for a write, refused by EXPLAIN's query type.
	status, _, body = sendJSON(t, h, http.MethodPost, "/cypher", `{"query": "CREATE (n:CypherHandlerPwned) RETURN n"}`, auth)
	if code, msg, details := errorOf(body); status != 403 || code != "FORBIDDEN" || details["queryType"] != "rw" {
		t.Errorf("write: %d %s %q %v", status, code, msg, details)
	}

	// 400 for a syntax error, with Neo4j's code and the position.
	status, _, body = sendJSON(t, h, http.MethodPost, "/cypher", `{"query": "MATCH (n)\nRETRN n"}`, auth)
	code, _, details := errorOf(body)
	if status != 400 || code != "BAD_USER_INPUT" || details["neo4jCode"] != "Neo.ClientError.Statement.SyntaxError" ||
		details["line"] != 2.0 || details["column"] != 1.0 || details["offset"] != 10.0 {
		t.Errorf("syntax error: %d %s %v", status, code, details)
	}

	// 504 when the query runs past its time limit.
	status, _, body = sendJSON(t, short, http.MethodPost, "/cypher", `{"query": "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)"}`, auth)
	if code, msg, _ := errorOf(body); status != 504 || code != "TIMEOUT" {
		t.Errorf("timeout: %d %s %q", status, code, msg)
	}

	if res := neo4jtest.Exec(t, "MATCH (n:CypherHandlerPwned) RETURN count(n) AS n", nil); res[0].Values[0] != int64(0) {
		t.Errorf("the write happened")
	}
}
