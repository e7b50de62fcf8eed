package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// proxy forwards a local port to Neo4j and can be cut and restored: Neo4j
// "going away" and "coming back" as the API sees it.
type proxy struct {
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
	toDrop int // connections still to cut at once, to simulate a flaky network
	cut    int
}

// dropFirst makes the proxy close the next n connections as soon as they
// are accepted.
func (p *proxy) dropFirst(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.toDrop = n
}

func (p *proxy) dropped() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cut
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{addr: ln.Addr().String(), target: target}
	ln.Close() // down until up() is called
	t.Cleanup(p.down)
	return p
}

// up forwards connections to Neo4j.
func (p *proxy) up(t *testing.T) { p.listen(t, true) }

// silent accepts connections and never answers on them: a host that
// vanished without closing its sockets (a network partition, a frozen VM).
func (p *proxy) silent(t *testing.T) { p.listen(t, false) }

func (p *proxy) listen(t *testing.T, forward bool) {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			drop := p.toDrop > 0
			if drop {
				p.toDrop--
				p.cut++
			}
			p.mu.Unlock()
			if drop {
				c.Close()
				continue
			}
			if !forward {
				p.mu.Lock()
				p.conns = append(p.conns, c)
				p.mu.Unlock()
				continue
			}
			upstream, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, upstream)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(upstream, c); upstream.Close() }()
			go func() { _, _ = io.Copy(c, upstream); c.Close() }()
		}
	}()
}

// down closes the listener and every open connection: to the API, Neo4j
// went away as if killed.
func (p *proxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func readyz(t *testing.T, base string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Status, Reason string }
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Reason
}

const russiaQuery = `{ actor(id: "russia") { name } }`

// outageEnv serves through uri with a request time limit far longer than a
// failure should take: a request that hangs on the dead Neo4j ends as
// TIMEOUT (or at the test's own deadline), not as SERVICE_UNAVAILABLE.
func outageEnv(uri string) map[string]string {
	return map[string]string{"NEO4J_URI": uri, "ACTORGRAPH_REQUEST_TIMEOUT": "60s"}
}

// assertNeo4jDown checks what a client sees while Neo4j is away: /readyz
// 503 with a reason, and every query SERVICE_UNAVAILABLE. The first query
// is sent before anything else, so that it is the first to find the
// connection pool stale.
func assertNeo4jDown(t *testing.T, base, phase string) {
	t.Helper()
	for i := range 3 {
		if r := query(t, base, russiaQuery, nil, nil); r.code() != "SERVICE_UNAVAILABLE" || r.status != http.StatusOK {
			t.Errorf("%s: query %d: status %d, %+v, want SERVICE_UNAVAILABLE", phase, i+1, r.status, r.Errors)
		}
	}
	if status, reason := readyz(t, base); status != http.StatusServiceUnavailable || reason == "" {
		t.Errorf("%s: /readyz %d %q, want 503 with a reason", phase, status, reason)
	}
}

// awaitRecovery polls until /readyz answers 200 and a query succeeds,
// bounded by the test's own time limit, and returns how long that took.
func awaitRecovery(t *testing.T, base, phase string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		status, reason := readyz(t, base)
		r := query(t, base, russiaQuery, nil, nil)
		if status == http.StatusOK && len(r.Errors) == 0 {
			return time.Since(start)
		}
		if deadline, ok := t.Deadline(); ok && time.Until(deadline) < 30*time.Second {
			t.Fatalf("%s: not recovered before the test's deadline: /readyz %d %q, %+v", phase, status, reason, r.Errors)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// warmPool leaves connections to Neo4j in the API's pool: queries sent at
// once each borrow one, so there are likely several.
func warmPool(t *testing.T, base string) {
	t.Helper()
	// The requests run at once, so each opens a connection; their errors
	// come back here, since only the test's goroutine may stop the test.
	body, err := json.Marshal(map[string]any{"query": russiaQuery})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
			if err == nil {
				var r gqlResponse
				err = json.NewDecoder(resp.Body).Decode(&r)
				resp.Body.Close()
				if err == nil && len(r.Errors) > 0 {
					err = fmt.Errorf("%+v", r.Errors)
				}
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("warming the pool: %v", err)
		}
	}
}

// TestNeo4jOutage starts the API while Neo4j is unreachable, then brings
// Neo4j "up", "down" and "up" again without restarting the API: every
// request meanwhile is answered SERVICE_UNAVAILABLE, the first after
// Neo4j went away from under a warm connection pool included, and the API
// recovers by itself.
func TestNeo4jOutage(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	target := strings.TrimPrefix(neo4jtest.Config(t).URI, "bolt://")
	p := newProxy(t, target)
	base := startServer(t, outageEnv("bolt://"+p.addr))

	assertNeo4jDown(t, base, "before Neo4j is reachable")
	p.silent(t)
	assertNeo4jDown(t, base, "while Neo4j accepts connections and never answers")
	p.down()
	p.up(t)
	awaitRecovery(t, base, "after Neo4j came up")
	warmPool(t, base)
	p.down()
	assertNeo4jDown(t, base, "after Neo4j went away")
	p.up(t)
	awaitRecovery(t, base, "after Neo4j came back")
}

// TestNeo4jStopsAndStartsAgain stops the Neo4j the API uses, for real,
// while the API serves from a warm connection pool, then starts it again
// on the same data: requests meanwhile get SERVICE_UNAVAILABLE, and succeed
// again without restarting the API.
func TestNeo4jStopsAndStartsAgain(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a Neo4j of its own")
	}
	cfg := neo4jtest.Config(t) // skips or fails like every Neo4j test
	port, devdb := ownNeo4j(t)
	devdb("start")
	t.Cleanup(func() { devdb("stop") })
	cfg.URI = "bolt://127.0.0.1:" + port
	if err := run(context.Background(), []string{"actorgraph", "load", neo4jtest.RepoPath("data", "seed")}, envOf(cfg), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	base := startServer(t, outageEnv(cfg.URI))
	warmPool(t, base)

	devdb("stop")
	assertNeo4jDown(t, base, "while Neo4j is stopped")

	devdb("start")
	t.Logf("recovered %s after Neo4j was ready again", awaitRecovery(t, base, "after Neo4j started again").Round(time.Millisecond))
}

// ownNeo4j prepares a Neo4j of the test's own, on a free port with a fresh
// data directory, and returns its port and a runner of devdb/neo4j.sh
// commands (start, stop) for it.
func ownNeo4j(t *testing.T) (port string, devdb func(command string)) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port = fmt.Sprint(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	// None of the NEO4J_* settings of the instance the other tests use may
	// leak in (its pid file above all).
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_") || strings.HasPrefix(kv, "NEO4J_PASSWORD=") {
			env = append(env, kv)
		}
	}
	env = append(env, "NEO4J_PORT="+port, "NEO4J_DATA="+t.TempDir())
	return port, func(command string) {
		t.Helper()
		cmd := exec.Command(neo4jtest.RepoPath("devdb", "neo4j.sh"), command)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("neo4j.sh %s: %v\n%s", command, err, out)
		}
	}
}
