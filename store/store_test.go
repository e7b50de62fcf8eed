package store_test

import (
	"context"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// TestTheDatabaseIsARealNeo4jCommunity proves the tests talk to a real
// Neo4j over Bolt: a write and a read through the driver, and the DBMS
// reporting itself.
func TestTheDatabaseIsARealNeo4jCommunity(t *testing.T) {
	neo4jtest.Open(t)
	neo4jtest.Exec(t, "MERGE (n:StoreProbe {id: 'probe'}) SET n.at = $at", map[string]any{"at": "2026"})
	t.Cleanup(func() { neo4jtest.Exec(t, "MATCH (n:StoreProbe) DELETE n", nil) })
	rows := neo4jtest.Exec(t, "MATCH (n:StoreProbe {id: 'probe'}) RETURN n.at", nil)
	if len(rows) != 1 || rows[0].Values[0] != "2026" {
		t.Fatalf("read back %v", rows)
	}
	rows = neo4jtest.Exec(t, "CALL dbms.components() YIELD name, versions, edition RETURN name, versions[0], edition", nil)
	name, version, edition := rows[0].Values[0], rows[0].Values[1].(string), rows[0].Values[2]
	t.Logf("%s %s %s", name, version, edition)
	if name != "Neo4j Kernel" || edition != "community" || version[:5] != "5.26." {
		t.Errorf("components: %v %v %v, want Neo4j Kernel 5.26.x community", name, version, edition)
	}
}

// TestAnUnreachableNeo4jFailsFastAndClearly points the store at a port
// nobody listens on: reads fail with EUNAVAILABLE, well before the
// caller's deadline (a hang would end as ETIMEOUT).
func TestAnUnreachableNeo4jFailsFastAndClearly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s, err := store.Open(store.Config{URI: "bolt://" + addr})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	assertUnavailable(t, s)
}

// deadNeo4j listens on a local port and takes every connection, then
// closes it at once or, if silent, holds it without a word (a host that
// vanished behind its sockets). It counts the connections.
type deadNeo4j struct {
	addr  string
	conns atomic.Int64
}

func newDeadNeo4j(t *testing.T, silent bool) *deadNeo4j {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &deadNeo4j{addr: ln.Addr().String()}
	var held []net.Conn
	var mu sync.Mutex
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			d.conns.Add(1)
			if !silent {
				c.Close()
				continue
			}
			mu.Lock()
			held = append(held, c)
			mu.Unlock()
		}
	}()
	return d
}

// TestAKnownOutageIsNotRetried: once a ping found Neo4j unreachable, a
// read pings once and fails, without retrying, however long RetryTime is.
func TestAKnownOutageIsNotRetried(t *testing.T) {
	dead := newDeadNeo4j(t, false)
	s, err := store.Open(store.Config{URI: "bolt://" + dead.addr, RetryTime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if err := s.Ping(ctx); domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Fatalf("Ping: %v, want %s", err, domain.EUNAVAILABLE)
	}
	for i := range 3 {
		before := dead.conns.Load()
		if _, err := s.Entities(ctx, []string{"russia"}); domain.ErrorCode(err) != domain.EUNAVAILABLE {
			t.Errorf("read %d: %v, want %s", i+1, err, domain.EUNAVAILABLE)
		}
		if n := dead.conns.Load() - before; n != 1 {
			t.Errorf("read %d opened %d connections, want 1 (the ping)", i+1, n)
		}
	}
}

// TestASilentNeo4jIsUnavailable points the store at a port that takes
// connections and never answers: reads and Ping fail with EUNAVAILABLE,
// well before the caller's deadline.
func TestASilentNeo4jIsUnavailable(t *testing.T) {
	dead := newDeadNeo4j(t, true)
	s, err := store.Open(store.Config{URI: "bolt://" + dead.addr})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	assertUnavailable(t, s)
	if dead.conns.Load() == 0 {
		t.Error("the store never connected")
	}
}

// assertUnavailable checks that a read and Ping both fail with
// EUNAVAILABLE, within a deadline far past any the store sets itself, so
// that a store that waited for it would show as a timeout instead.
func assertUnavailable(t *testing.T, s *store.Store) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if _, err := s.Entities(ctx, []string{"russia"}); domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Errorf("read: %v, want %s", err, domain.EUNAVAILABLE)
	}
	if err := s.Ping(ctx); domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Errorf("Ping: %v, want %s", err, domain.EUNAVAILABLE)
	}
}
