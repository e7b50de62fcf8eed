// Package neo4jtest connects tests to the real Neo4j that `make test`
// starts. Every package that uses it shares one database, so `make test`
// runs packages one at a time (go test -p 1) and each test resets the data
// it depends on.
package neo4jtest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/store"
)

// Config returns the connection settings from the environment. Without
// NEO4J_URI the test is skipped, unless ACTORGRAPH_REQUIRE_NEO4J=1 (as in
// `make test` and CI), where a missing Neo4j is a failure.
func Config(t testing.TB) store.Config {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("ACTORGRAPH_REQUIRE_NEO4J") == "1" {
			t.Fatal("NEO4J_URI is not set but ACTORGRAPH_REQUIRE_NEO4J=1: run the tests with `make test`")
		}
		t.Skip("NEO4J_URI is not set: run `make test` to test against a real Neo4j")
	}
	cfg := store.Config{URI: uri, Database: "neo4j"}
	if pw := os.Getenv("NEO4J_PASSWORD"); pw != "" {
		cfg.User, cfg.Password = envOr("NEO4J_USER", "neo4j"), pw
	}
	return cfg
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// Open returns a store connected to the test Neo4j, closed when t ends.
func Open(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(Config(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Neo4j at %s does not answer: %v", Config(t).URI, err)
	}
	return s
}

// Reset deletes every node and relationship (constraints and indexes stay).
func Reset(t testing.TB) {
	t.Helper()
	Exec(t, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
}

// Exec runs one auto-commit statement with the driver directly: for test
// set-up and for checks that must not go through the code under test.
func Exec(t testing.TB, cypher string, params map[string]any) []*neo4j.Record {
	t.Helper()
	ctx := context.Background()
	session := directSession(t, neo4j.AccessModeWrite)
	result, err := session.Run(ctx, cypher, params)
	if err != nil {
		t.Fatalf("%s: %v", cypher, err)
	}
	records, err := result.Collect(ctx)
	if err != nil {
		t.Fatalf("%s: %v", cypher, err)
	}
	return records
}

// RepoPath returns a path inside the repository, wherever the test runs.
func RepoPath(elem ...string) string {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	return filepath.Join(append([]string{root}, elem...)...)
}

// LoadSeed resets the database and loads data/seed.
func LoadSeed(t testing.TB, s *store.Store) loader.Report {
	t.Helper()
	Reset(t)
	report, err := loader.New(s, loader.Options{}).Load(context.Background(), []string{RepoPath("data", "seed")})
	if err != nil {
		t.Fatalf("loading the seed: %v", err)
	}
	return report
}

// PlanOperators returns the operators of the plan Neo4j makes for cypher
// (with EXPLAIN: nothing runs), without their "@neo4j" suffix.
func PlanOperators(t testing.TB, cypher string, params map[string]any) []string {
	t.Helper()
	ctx := context.Background()
	session := directSession(t, neo4j.AccessModeRead)
	result, err := session.Run(ctx, "EXPLAIN "+cypher, params)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", cypher, err)
	}
	summary, err := result.Consume(ctx)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", cypher, err)
	}
	// neo4j.Plan.Children hands out the last child of an operator for
	// each of its children (driver v5.28: a loop variable's address, under
	// go 1.18 semantics), which would hide the left branch of every Apply
	// or join. The tree it wraps is whole: walk that one.
	tree := reflect.ValueOf(summary.Plan()).Elem().FieldByName("plan")
	if !tree.IsValid() || tree.Kind() != reflect.Pointer || tree.Elem().FieldByName("Children").Kind() != reflect.Slice {
		t.Fatalf("EXPLAIN %s: the driver's plan is not the *db.Plan this helper reads", cypher)
	}
	var ops []string
	var walk func(p reflect.Value)
	walk = func(p reflect.Value) {
		op, _, _ := strings.Cut(p.FieldByName("Operator").String(), "@")
		ops = append(ops, op)
		children := p.FieldByName("Children")
		for i := range children.Len() {
			walk(children.Index(i))
		}
	}
	walk(tree.Elem())
	return ops
}

// directSession opens a session with its own driver, both closed when the
// test ends: test code talks to Neo4j without the store in between.
func directSession(t testing.TB, mode neo4j.AccessMode) neo4j.SessionWithContext {
	t.Helper()
	cfg := Config(t)
	auth := neo4j.NoAuth()
	if cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	session := driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: cfg.Database, AccessMode: mode})
	t.Cleanup(func() {
		_ = session.Close(ctx)
		_ = driver.Close(ctx)
	})
	return session
}
