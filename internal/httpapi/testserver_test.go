package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/metrics"
	"github.com/actorgraph/actorgraph/store"
)

// offlineStore opens a store whose Neo4j cannot be reached: enough for
// every request that is answered before a query is sent, and for the
// answers given when Neo4j is down.
func offlineStore(t *testing.T, limits store.CypherLimits) *store.Store {
	t.Helper()
	s, err := store.Open(store.Config{URI: "bolt://127.0.0.1:1", Cypher: limits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	return s
}

// testDeps are the dependencies serve builds around s, with the log going
// to logs as JSON lines. Tests change fields before calling NewServer.
func testDeps(s *store.Store, logs io.Writer) Deps {
	return Deps{
		Store:          s,
		Resolver:       &graph.Resolver{Store: s, Loader: loader.New(s, loader.Options{})},
		Log:            slog.New(slog.NewJSONHandler(logs, nil)),
		Metrics:        metrics.New(),
		RequestTimeout: 10 * time.Minute, // no test here is about running out of time
		MaxBody:        1 << 20,
		Limits:         graph.DefaultLimits,
	}
}

// send passes one request through h.
func send(h http.Handler, method, target, body string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// sendJSON passes one request through h and decodes the JSON answer.
func sendJSON(t *testing.T, h http.Handler, method, target, body string, header map[string]string) (int, http.Header, map[string]any) {
	t.Helper()
	rec := send(h, method, target, body, header)
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s %.100q: the answer is not JSON: %v: %s", method, target, body, err, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, "json") {
		t.Errorf("%s %s: Content-Type %q", method, target, ct)
	}
	return rec.Code, rec.Header(), out
}

// errorOf reads the first error of an answer: its extensions.code, its
// message, and the extensions (which carry the details).
func errorOf(body map[string]any) (code, message string, extensions map[string]any) {
	errs, _ := body["errors"].([]any)
	if len(errs) == 0 {
		return "", "", nil
	}
	e, _ := errs[0].(map[string]any)
	message, _ = e["message"].(string)
	extensions, _ = e["extensions"].(map[string]any)
	code, _ = extensions["code"].(string)
	return code, message, extensions
}

// bearerHeader is the Authorization header carrying token.
func bearerHeader(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}
