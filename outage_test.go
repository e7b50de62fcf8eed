package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
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

func (p *proxy) up(t *testing.T) {
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

// down closes the listener and every open connection.
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

// TestNeo4jOutage starts the API while Neo4j is unreachable, checks that it
// says so clearly and fast, then brings Neo4j "up", "down" and "up" again
// without restarting the API.
func TestNeo4jOutage(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	target := strings.TrimPrefix(neo4jtest.Config(t).URI, "bolt://")
	p := newProxy(t, target)
	base := startServer(t, map[string]string{"NEO4J_URI": "bolt://" + p.addr, "ACTORGRAPH_REQUEST_TIMEOUT": "5s"})

	assertDown := func(phase string) {
		t.Helper()
		if status, reason := readyz(t, base); status != http.StatusServiceUnavailable || reason == "" {
			t.Errorf("%s: /readyz %d %q, want 503 with a reason", phase, status, reason)
		}
		start := time.Now()
		r := query(t, base, `{ actor(id: "russia") { name } }`, nil, nil)
		if r.code() != "SERVICE_UNAVAILABLE" {
			t.Errorf("%s: %+v, want SERVICE_UNAVAILABLE", phase, r.Errors)
		}
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Errorf("%s: the query took %s, past the request time limit", phase, elapsed)
		}
	}
	assertUp := func(phase string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			status, _ := readyz(t, base)
			r := query(t, base, `{ actor(id: "russia") { name } }`, nil, nil)
			if status == http.StatusOK && len(r.Errors) == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not recovered after 15s: /readyz %d, %+v", phase, status, r.Errors)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}

	assertDown("before Neo4j is reachable")
	p.up(t)
	assertUp("after Neo4j came up")
	p.down()
	assertDown("after Neo4j went away")
	p.up(t)
	assertUp("after Neo4j came back")
}
