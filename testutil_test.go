package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/internal/httpapi"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/internal/testwait"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/metrics"
	"github.com/actorgraph/actorgraph/store"
)

// runningServer is `actorgraph serve` running in-process.
type runningServer struct {
	url  string
	logs *syncBuffer
	stop context.CancelFunc // like SIGTERM
	done chan error         // run's result
}

// startServer runs `actorgraph serve` in-process on a free port, as a user
// would, and returns its base URL. extraEnv overrides the environment.
func startServer(t *testing.T, extraEnv map[string]string) string {
	return launch(t, extraEnv).url
}

// launch starts serve and stops it when the test ends (unless the test
// stopped it already).
func launch(t *testing.T, extraEnv map[string]string) *runningServer {
	t.Helper()
	cfg := neo4jtest.Config(t)
	env := map[string]string{"NEO4J_URI": cfg.URI, "NEO4J_PASSWORD": os.Getenv("NEO4J_PASSWORD"), "ACTORGRAPH_ADDR": "127.0.0.1:0",
		// Limits no request reaches on a slow, busy machine; a test about
		// running out of time sets its own.
		"ACTORGRAPH_REQUEST_TIMEOUT": defaultTestTimeout.String(), "ACTORGRAPH_CYPHER_TIMEOUT": defaultTestTimeout.String()}
	for k, v := range extraEnv {
		env[k] = v
	}
	getenv := func(key string) string { return env[key] }
	ctx, cancel := context.WithCancel(context.Background())
	stdoutR, stdoutW := io.Pipe()
	srv := &runningServer{logs: &syncBuffer{}, stop: cancel, done: make(chan error, 1)}
	go func() {
		srv.done <- run(ctx, []string{"actorgraph", "serve"}, getenv, stdoutW, srv.logs)
		close(srv.done)
		stdoutW.Close()
	}()
	t.Cleanup(func() {
		cancel()
		wait, stopWaiting := testwait.Context(t)
		defer stopWaiting()
		select {
		case err, ok := <-srv.done:
			if ok && err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-wait.Done():
			t.Error("the test ran out of time waiting for serve to shut down")
		}
	})
	lines := bufio.NewScanner(stdoutR)
	if !lines.Scan() {
		t.Fatalf("serve printed nothing: %v\n%s", <-srv.done, srv.logs)
	}
	url, ok := strings.CutPrefix(lines.Text(), "actorgraph listening on ")
	if !ok {
		t.Fatalf("unexpected first line %q", lines.Text())
	}
	go func() { _, _ = io.Copy(io.Discard, stdoutR) }()
	srv.url = url
	return srv
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// gqlResponse is a GraphQL response with its data kept raw for decoding
// into the shape each test expects.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	status int
}

// code returns the extensions.code of the first error, or "".
func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func postJSON(t *testing.T, url string, body any, header http.Header) (*http.Response, []byte) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	return do(t, req)
}

// do sends req and reads the whole answer.
func do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, data
}

// query posts a GraphQL operation and decodes data into out (if not nil).
func query(t *testing.T, base, q string, vars map[string]any, out any, header ...string) gqlResponse {
	t.Helper()
	h := http.Header{}
	for i := 0; i+1 < len(header); i += 2 {
		h.Set(header[i], header[i+1])
	}
	resp, body := postJSON(t, base+"/graphql", map[string]any{"query": q, "variables": vars}, h)
	var r gqlResponse
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("status %d, not JSON: %s", resp.StatusCode, body)
	}
	r.status = resp.StatusCode
	if out != nil && len(r.Data) > 0 && string(r.Data) != "null" {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatalf("decoding %s: %v", r.Data, err)
		}
	}
	return r
}

// mustQuery is query that fails the test on any GraphQL error.
func mustQuery(t *testing.T, base, q string, vars map[string]any, out any, header ...string) {
	t.Helper()
	if r := query(t, base, q, vars, out, header...); len(r.Errors) > 0 {
		t.Fatalf("errors: %+v", r.Errors)
	}
}

// defaultTestTimeout is the request time limit of test servers: far past
// what any request needs on a slow, busy machine, since no test here is
// about running out of time (those set their own short limits).
const defaultTestTimeout = 10 * time.Minute

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// newTestServer is the whole HTTP stack around s, as serve builds it, for
// tests that need to hold the store (e.g. to count its statements).
func newTestServer(s *store.Store, cypherToken string) http.Handler {
	return httpapi.NewServer(httpapi.Deps{Store: s, Resolver: &graph.Resolver{Store: s, Loader: loader.New(s, loader.Options{})},
		Log: discardLogger(), Metrics: metrics.New(), CypherToken: cypherToken, RequestTimeout: defaultTestTimeout,
		MaxBody: 1 << 20, Limits: graph.DefaultLimits})
}
