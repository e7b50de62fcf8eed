package httpapi

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/store"
)

func TestRoutes(t *testing.T) {
	h := NewServer(testDeps(offlineStore(t, store.CypherLimits{}), io.Discard))
	for _, c := range []struct {
		method, target string
		status         int
		allow          string // the Allow header of a 405
		bodyHas        string
	}{
		{http.MethodGet, "/healthz", 200, "", `{"status":"ok"}`},
		{http.MethodHead, "/healthz", 200, "", ""},
		{http.MethodPost, "/healthz", 405, "GET, HEAD", ""},
		{http.MethodGet, "/cypher", 405, "POST", ""},
		{http.MethodPut, "/cypher", 405, "POST", ""},
		{http.MethodPost, "/readyz", 405, "GET, HEAD", ""},
		{http.MethodDelete, "/metrics", 405, "GET, HEAD", ""},
		{http.MethodGet, "/nowhere", 404, "", ""},
		{http.MethodGet, "/healthz/extra", 404, "", ""},
		{http.MethodGet, "/graphql/", 404, "", ""},
		{http.MethodGet, "/?query=" + url.QueryEscape("{ stats { nodes } }"), 200, "", "graphiql"},
		{http.MethodGet, "/graphql?query=" + url.QueryEscape("{ __typename }"), 200, "", `"__typename":"Query"`},
	} {
		rec := send(h, c.method, c.target, "", nil)
		if rec.Code != c.status {
			t.Errorf("%s %s: %d, want %d: %s", c.method, c.target, rec.Code, c.status, rec.Body)
		}
		if allow := rec.Header().Get("Allow"); c.status == 405 && allow != c.allow {
			t.Errorf("%s %s: Allow %q, want %q", c.method, c.target, allow, c.allow)
		}
		if !strings.Contains(rec.Body.String(), c.bodyHas) {
			t.Errorf("%s %s: the answer lacks %q: %.300s", c.method, c.target, c.bodyHas, rec.Body)
		}
	}
}

func TestGraphiQLOpensOnTheExampleQuery(t *testing.T) {
	h := NewServer(testDeps(offlineStore(t, store.CypherLimits{}), io.Discard))
	rec := send(h, http.MethodGet, "/", "", nil)
	if rec.Code != http.StatusFound {
		t.Fatalf("GET /: %d", rec.Code)
	}
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil || loc.Path != "/" || loc.Query().Get("query") != exampleQuery {
		t.Errorf("GET /: Location %q (%v)", rec.Header().Get("Location"), err)
	}
}

// TestReadinessWithoutNeo4j: /readyz takes the replica out of the load
// balancer, with the reason, while Neo4j cannot be reached.
func TestReadinessWithoutNeo4j(t *testing.T) {
	h := NewServer(testDeps(offlineStore(t, store.CypherLimits{}), io.Discard))
	status, _, body := sendJSON(t, h, http.MethodGet, "/readyz", "", nil)
	if status != http.StatusServiceUnavailable || body["status"] != "unavailable" || body["reason"] != "Neo4j is unavailable" {
		t.Errorf("GET /readyz: %d %v", status, body)
	}
}
