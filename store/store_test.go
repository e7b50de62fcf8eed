package store_test

import (
	"context"
	"net"
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
// nobody listens on.
func TestAnUnreachableNeo4jFailsFastAndClearly(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s, err := store.Open(store.Config{URI: "bolt://" + addr, RetryTime: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Ping(ctx); domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Errorf("Ping: %v, want %s", err, domain.EUNAVAILABLE)
	}
	if _, err := s.Entities(ctx, []string{"russia"}); domain.ErrorCode(err) != domain.EUNAVAILABLE {
		t.Errorf("read: %v, want %s", err, domain.EUNAVAILABLE)
	}
	if ctx.Err() != nil {
		t.Error("the store waited for the caller's deadline instead of failing")
	}
}
