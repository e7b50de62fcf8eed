package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/testwait"
)

// cypherTestStore opens a store on the Neo4j named by NEO4J_URI (and
// NEO4J_USER/NEO4J_PASSWORD). Without NEO4J_URI the test is skipped, or
// fails when ACTORGRAPH_REQUIRE_NEO4J=1.
func cypherTestStore(t *testing.T) *Store {
	t.Helper()
	// A time limit no query here reaches on a slow, busy machine: the
	// tests about running out of time set their own.
	return cypherTestStoreWith(t, CypherLimits{Timeout: 10 * time.Minute})
}

func cypherTestStoreWith(t *testing.T, limits CypherLimits) *Store {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("ACTORGRAPH_REQUIRE_NEO4J") == "1" {
			t.Fatal("NEO4J_URI is not set but ACTORGRAPH_REQUIRE_NEO4J=1")
		}
		t.Skip("NEO4J_URI is not set: these tests need a real Neo4j")
	}
	cfg := Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"), Cypher: limits}
	if cfg.Password != "" && cfg.User == "" {
		cfg.User = "neo4j"
	}
	s, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Neo4j at %s does not answer: %v", uri, err)
	}
	return s
}

// fixtureWrite runs set-up Cypher with the driver directly, in a write
// session: the code under test cannot write.
func fixtureWrite(t *testing.T, s *Store, cypher string, params map[string]any) {
	t.Helper()
	ctx := context.Background()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: s.database})
	defer session.Close(ctx)
	res, err := session.Run(ctx, cypher, params)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		t.Fatalf("fixture %q: %v", cypher, err)
	}
}

const fixtureIndex = "cypher_fixture_names"

// cypherFixture creates a small graph of :CypherFixture nodes, and a
// full-text index on their names, and removes exactly those at the end:
//
//	alice -KNOWS-> bob -KNOWS-> carol -KNOWS-> dave, alice -KNOWS-> carol
func cypherFixture(t *testing.T, s *Store) {
	t.Helper()
	drop := func() {
		fixtureWrite(t, s, "MATCH (n:CypherFixture) DETACH DELETE n", nil)
		fixtureWrite(t, s, "DROP INDEX "+fixtureIndex+" IF EXISTS", nil)
	}
	drop()
	t.Cleanup(drop)
	fixtureWrite(t, s, `
		CREATE (alice:CypherFixture:Person {name: 'Alice Liddell', age: 42, big: 9007199254740993, score: 3.5,
		        active: true, tags: ['a', 'b'], born: date('1980-05-17'),
		        seen: datetime('2024-02-29T12:34:56.5[Europe/Berlin]'), home: point({latitude: 52.5, longitude: 13.4})})
		CREATE (bob:CypherFixture:Person {name: 'Bob Builder', age: 35})
		CREATE (carol:CypherFixture:Person {name: 'Carol Danvers', age: 29})
		CREATE (dave:CypherFixture:Person {name: 'Dave Bowman', age: 51})
		CREATE (alice)-[:KNOWS {since: 2001}]->(bob), (bob)-[:KNOWS {since: 2005}]->(carol),
		       (carol)-[:KNOWS {since: 2010}]->(dave), (alice)-[:KNOWS {since: 2020}]->(carol)`, nil)
	fixtureWrite(t, s, "CREATE FULLTEXT INDEX "+fixtureIndex+" IF NOT EXISTS FOR (n:CypherFixture) ON EACH [n.name]", nil)
	fixtureWrite(t, s, "CALL db.awaitIndex($name, 60)", map[string]any{"name": fixtureIndex})
}

// graphSnapshot counts and hashes the whole graph (every node and
// relationship with its labels/type, ends and properties), its schema, and
// the server's users and databases, with the driver directly.
type graphSnapshot struct {
	Nodes, Relationships int
	Hash                 string
	Schema               string
	System               string
}

func snapshot(t *testing.T, s *Store) graphSnapshot {
	t.Helper()
	ctx := context.Background()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.database})
	defer session.Close(ctx)
	collect := func(q string) []*neo4j.Record {
		res, err := session.Run(ctx, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := res.Collect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	h := sha256.New()
	var snap graphSnapshot
	for _, r := range collect("MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props ORDER BY id") {
		labels := slices.Clone(r.Values[1].([]any))
		slices.SortFunc(labels, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
		b, _ := json.Marshal([]any{r.Values[0], labels, jsonValue(r.Values[2])})
		h.Write(append(b, '\n'))
		snap.Nodes++
	}
	for _, r := range collect("MATCH (a)-[r]->(b) RETURN elementId(r) AS id, type(r), elementId(a), elementId(b), properties(r) ORDER BY id") {
		b, _ := json.Marshal([]any{r.Values[0], r.Values[1], r.Values[2], r.Values[3], jsonValue(r.Values[4])})
		h.Write(append(b, '\n'))
		snap.Relationships++
	}
	snap.Hash = hex.EncodeToString(h.Sum(nil))
	var schema []string
	for _, q := range []string{
		"SHOW INDEXES YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties ORDER BY name",
		"SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name",
		"CALL db.labels() YIELD label RETURN label ORDER BY label",
		"CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType ORDER BY relationshipType",
		"CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey ORDER BY propertyKey",
	} {
		for _, r := range collect(q) {
			b, _ := json.Marshal(jsonValue(r.Values))
			schema = append(schema, string(b))
		}
	}
	snap.Schema = strings.Join(schema, "\n")
	var system []string
	for _, q := range []string{
		"SHOW USERS YIELD user, passwordChangeRequired RETURN user, passwordChangeRequired ORDER BY user",
		"SHOW DATABASES YIELD name, currentStatus, requestedStatus RETURN name, currentStatus, requestedStatus ORDER BY name",
	} {
		for _, r := range collect(q) {
			b, _ := json.Marshal(jsonValue(r.Values))
			system = append(system, string(b))
		}
	}
	snap.System = strings.Join(system, "\n")
	return snap
}

// The layers of the Cypher guard, as refusedBy tells them apart.
const (
	byText   = "text check"       // checkText, before Neo4j sees the query
	byPlan   = "plan check"       // checkPlan on EXPLAIN's summary
	byNeo4j  = "Neo4j"            // Neo4j refuses to parse or plan it (the EXPLAIN fails)
	byReadTx = "READ transaction" // Neo4j refuses a write in the READ transaction
)

// refusedBy names the layer a refusal of RunCypher comes from, by what its
// details carry: Neo4j's errors its status code, the plan check the query
// type, operator or database it refused, the text check a position or
// nothing.
func refusedBy(err error) string {
	d := domain.ErrorDetails(err)
	switch {
	case d["neo4jCode"] == "Neo.ClientError.Statement.AccessMode":
		return byReadTx
	case d["neo4jCode"] != nil:
		return byNeo4j
	case d["queryType"] != nil || d["operator"] != nil || d["database"] != nil:
		return byPlan
	}
	return byText
}

func TestCypherHostileQueriesAreRefused(t *testing.T) {
	s := cypherTestStore(t)
	cypherFixture(t, s)
	ctx := context.Background()
	before := snapshot(t, s)
	if before.Nodes < 4 || before.Relationships < 4 || !strings.Contains(before.System, `"neo4j"`) {
		t.Fatalf("fixture, users or databases missing: %+v", before)
	}

	const forbidden, invalid = domain.EFORBIDDEN, domain.EINVALID
	hostile := []struct {
		query  string
		params map[string]any
		code   string // the code expected; the graph must not change either way
		layer  string // the guard's layer that refuses it first
	}{
		// Plain writes: refused because EXPLAIN's query type is not "r".
		{query: "CREATE (n:CypherFixture {pwned: true})", code: forbidden, layer: byPlan},
		{query: "CREATE (n:CypherFixture) RETURN n", code: forbidden, layer: byPlan},
		{query: "MERGE (n:CypherFixture {name: 'Alice Liddell'}) ON MATCH SET n.pwned = true", code: forbidden, layer: byPlan},
		{query: "MERGE (n:Pwned) RETURN n", code: forbidden, layer: byPlan},
		{query: "MATCH (n:CypherFixture) SET n.pwned = true", code: forbidden, layer: byPlan},
		{query: "MATCH (n:CypherFixture) SET n:Pwned RETURN n", code: forbidden, layer: byPlan},
		{query: "MATCH (n:CypherFixture) SET n = {}", code: forbidden, layer: byPlan},
		{query: "MATCH (n:CypherFixture) REMOVE n.name", code: forbidden, layer: byPlan},
		{query: "MATCH (n:CypherFixture) REMOVE n:CypherFixture", code: forbidden, layer: byPlan},
		{query: "MATCH (n:CypherFixture) DELETE n", code: forbidden, layer: byPlan},
		{query: "MATCH (n) DETACH DELETE n", code: forbidden, layer: byPlan},
		{query: "MATCH ()-[r]->() DELETE r", code: forbidden, layer: byPlan},
		{query: "OPTIONAL MATCH (n:CypherFixture) SET n.pwned = 1 RETURN count(*)", code: forbidden, layer: byPlan},
		{query: "UNWIND [1, 2] AS x CREATE (:Pwned {x: x})", code: forbidden, layer: byPlan},
		{query: "MATCH (a:CypherFixture), (b:CypherFixture) MERGE (a)-[:PWNED]->(b)", code: forbidden, layer: byPlan},
		{query: "MATCH (n:CypherFixture) CALL (n) { SET n.pwned = true } RETURN n", code: forbidden, layer: byPlan},
		{query: "RETURN 1 AS x UNION CREATE (n:Pwned) RETURN 1 AS x", code: forbidden, layer: byPlan},
		{query: "CYPHER runtime=slotted CREATE (n:Pwned)", code: forbidden, layer: byPlan},
		// FOREACH with SET.
		{query: "MATCH (n:CypherFixture) FOREACH (x IN [1] | SET n.pwned = x)", code: forbidden, layer: byPlan},
		{query: "FOREACH (x IN range(1, 3) | CREATE (:Pwned))", code: forbidden, layer: byPlan},
		// Batched transactions: a write is a write; a read in batches has
		// query type "r" but a TransactionApply operator.
		{query: "CALL { CREATE (n:Pwned) } IN TRANSACTIONS", code: forbidden, layer: byPlan},
		{query: "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10 ROWS", code: forbidden, layer: byPlan},
		{query: "CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN count(n)", code: forbidden, layer: byPlan},
		{query: "CALL { MATCH (n) RETURN n } IN 2 CONCURRENT TRANSACTIONS RETURN count(n)", code: forbidden, layer: byPlan},
		// Writes behind comments, odd casing, look-alikes.
		{query: "/* read only */ CREATE (n:Pwned)", code: forbidden, layer: byPlan},
		{query: "// harmless\nCREATE (n:Pwned)", code: forbidden, layer: byPlan},
		{query: "MATCH (n) RETURN n /* ; */ ; CREATE (m:Pwned)", code: forbidden, layer: byText},
		{query: "MATCH (n) RETURN n // ;\n; CREATE (m:Pwned)", code: forbidden, layer: byText},
		{query: "cReAtE (n:Pwned)", code: forbidden, layer: byPlan},
		{query: "MaTcH (n:CypherFixture) dEtAcH dElEtE n", code: forbidden, layer: byPlan},
		{query: "CRΕATE (n:Pwned)", code: invalid, layer: byNeo4j},                           // Greek capital epsilon
		{query: "ＣＲＥＡＴＥ (n:Pwned)", code: invalid, layer: byNeo4j},                           // full-width letters
		{query: "CREATE\u00a0(n:Pwned)", code: forbidden, layer: byPlan},                     // no-break space is whitespace to Neo4j too
		{query: "CRE\u200bATE (n:Pwned)", code: invalid, layer: byText},                      // zero-width space
		{query: "MATCH (n) RETURN n; CREATE\u2028(m:Pwned)", code: forbidden, layer: byText}, // line separator
		// String concatenation and parameters that carry Cypher: only a
		// procedure or a function could run them, and none that can is
		// allowed. Without APOC on the server Neo4j knows no such
		// procedure; with it, the plan check refuses them (not on the
		// allow-list). Functions are the text check's.
		{query: "CALL apoc.cypher.runWrite('CRE' + 'ATE (n:Pwned)', {})", code: invalid, layer: byNeo4j},
		{query: "CALL apoc.cypher.doIt($q, {})", params: map[string]any{"q": "CREATE (n:Pwned) RETURN n"}, code: invalid, layer: byNeo4j},
		{query: "WITH 'CREATE (n:Pwned)' AS q CALL apoc.cypher.runWrite(q, {}) YIELD value RETURN value", code: invalid, layer: byNeo4j},
		{query: "RETURN apoc.cypher.runFirstColumnSingle('CREATE (n:Pwned) RETURN n', {})", code: forbidden, layer: byText},
		{query: "RETURN `apoc.cypher.runFirstColumnSingle`('CREATE (n:Pwned) RETURN n', {})", code: forbidden, layer: byText},
		{query: "RETURN `apoc`.`cypher`.runFirstColumnSingle('CREATE (n:Pwned) RETURN n', {})", code: forbidden, layer: byText},
		{query: "RETURN apoc . cypher /* x */ . runFirstColumnSingle\n('CREATE (n:Pwned) RETURN n', {})", code: forbidden, layer: byText},
		{query: "CALL db.createLabel('Pw' + 'ned')", code: forbidden, layer: byPlan},
		{query: "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})", code: invalid, layer: byNeo4j},
		// Files and the network.
		{query: "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", code: forbidden, layer: byPlan},
		{query: "lOaD cSv WITH HEADERS FROM 'https://example.com/x.csv' AS row RETURN row", code: forbidden, layer: byPlan},
		{query: "LOAD/**/CSV FROM 'file:///etc/passwd' AS l RETURN l", code: forbidden, layer: byPlan},
		{query: "CALL apoc.load.json('file:///etc/passwd')", code: invalid, layer: byNeo4j},
		// Procedures off the allow-list, harmless or not.
		{query: "CALL dbms.components()", code: forbidden, layer: byPlan},
		{query: "CALL `dbms`.`components`()", code: forbidden, layer: byPlan},
		{query: "CALL dbms.listConfig()", code: forbidden, layer: byPlan},
		{query: "CALL dbms.killConnections(['bolt-1'])", code: forbidden, layer: byPlan},
		{query: "CALL dbms.security.createUser('pwned', 'secret123', false)", code: invalid, layer: byNeo4j}, // not in Community
		{query: "CALL db.createLabel('Pwned')", code: forbidden, layer: byPlan},
		{query: "CALL db.createProperty('pwned')", code: forbidden, layer: byPlan},
		{query: "CALL db.createRelationshipType('PWNED')", code: forbidden, layer: byPlan},
		{query: "CALL db.index.fulltext.createNodeIndex('pwned', ['CypherFixture'], ['name'])", code: invalid, layer: byNeo4j}, // gone in 5
		{query: "CALL db.clearQueryCaches()", code: forbidden, layer: byPlan},
		{query: "CALL db.stats.clear('QUERIES')", code: forbidden, layer: byPlan},
		{query: "OPTIONAL CALL db.stats.clear('QUERIES')", code: forbidden, layer: byPlan},
		{query: "MATCH (n) CALL (n) { CALL db.stats.clear('QUERIES') YIELD section RETURN section } RETURN count(*)", code: forbidden, layer: byPlan},
		{query: "CALL tx.setMetaData({pwned: true})", code: forbidden, layer: byPlan},
		// Index and constraint DDL.
		{query: "CREATE INDEX pwned_idx FOR (n:CypherFixture) ON (n.pwned)", code: forbidden, layer: byPlan},
		{query: "CREATE CONSTRAINT pwned_c FOR (n:CypherFixture) REQUIRE n.name IS UNIQUE", code: forbidden, layer: byPlan},
		{query: "CREATE FULLTEXT INDEX pwned_ft FOR (n:CypherFixture) ON EACH [n.name]", code: forbidden, layer: byPlan},
		{query: "DROP INDEX " + fixtureIndex, code: forbidden, layer: byPlan},
		// Other databases: Neo4j itself refuses USE of another graph in a
		// query on this one (Community has no composite databases).
		{query: "USE system SHOW USERS", code: invalid, layer: byNeo4j},
		{query: "USE system MATCH (n) RETURN n", code: invalid, layer: byNeo4j},
		{query: "CALL { USE system MATCH (n) RETURN n } RETURN n", code: invalid, layer: byNeo4j},
		{query: "MATCH (n) RETURN n UNION ALL USE `system` MATCH (n) RETURN n", code: invalid, layer: byNeo4j},
		{query: "USE graph.byName('system') MATCH (n) RETURN n", code: forbidden, layer: byText}, // graph.* is off the function allow-list
		// SHOW and administration: query type "s", or a Show/Terminate
		// operator; Community does not support the rest at all.
		{query: "SHOW USERS", code: forbidden, layer: byPlan},
		{query: "SHOW DATABASES", code: forbidden, layer: byPlan},
		{query: "SHOW INDEXES", code: forbidden, layer: byPlan},
		{query: "SHOW PROCEDURES", code: forbidden, layer: byPlan},
		{query: "SHOW TRANSACTIONS", code: forbidden, layer: byPlan},
		{query: "SHOW SETTINGS", code: forbidden, layer: byPlan},
		{query: "CYPHER 5 show databases", code: forbidden, layer: byPlan},
		{query: "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", code: forbidden, layer: byPlan},
		{query: "CREATE USER pwned SET PASSWORD 'secret123'", code: forbidden, layer: byPlan},
		{query: "ALTER USER neo4j SET PASSWORD 'pwned12345'", code: forbidden, layer: byPlan},
		{query: "ALTER USER neo4j SET PASSWORD CHANGE REQUIRED", code: forbidden, layer: byPlan},
		{query: "DROP USER neo4j", code: forbidden, layer: byPlan},
		{query: "STOP DATABASE neo4j", code: invalid, layer: byNeo4j},   // "Unsupported administration command"
		{query: "CREATE DATABASE pwned", code: invalid, layer: byNeo4j}, // likewise
		{query: "GRANT ROLE admin TO neo4j", code: invalid, layer: byNeo4j},
		// Several statements.
		{query: "RETURN 1; CREATE (n:Pwned)", code: forbidden, layer: byText},
		{query: "MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n", code: forbidden, layer: byText},
		// EXPLAIN/PROFILE prefixes.
		{query: "EXPLAIN CREATE (n:Pwned)", code: invalid, layer: byText},
		{query: "PROFILE MATCH (n) DETACH DELETE n", code: invalid, layer: byText},
	}
	if len(hostile) < 40 {
		t.Fatalf("only %d hostile queries", len(hostile))
	}
	for _, h := range hostile {
		res, err := s.RunCypher(ctx, domain.CypherQuery{Query: h.query, Params: h.params})
		if err == nil {
			t.Errorf("RAN: %q returned %+v", h.query, res)
			continue
		}
		if got, by := domain.ErrorCode(err), refusedBy(err); got != h.code || by != h.layer {
			t.Errorf("%q: got %s from the %s (%v), want %s from the %s", h.query, got, by, err, h.code, h.layer)
		}
		t.Logf("%-9s %-16s %q: %s %v", domain.ErrorCode(err), refusedBy(err), h.query, domain.ErrorMessage(err), domain.ErrorDetails(err))
	}

	// Parameters are data: Cypher in a parameter comes back as a string.
	for _, p := range []string{
		"CREATE (n:Pwned) RETURN n",
		"x' }) CREATE (n:Pwned) //",
		"\"; MATCH (n) DETACH DELETE n; //",
	} {
		res, err := s.RunCypher(ctx, domain.CypherQuery{
			Query:  "RETURN $p AS p, COUNT { MATCH (n:CypherFixture) WHERE n.name = $p } AS c",
			Params: map[string]any{"p": p},
		})
		if err != nil {
			t.Fatalf("param %q: %v", p, err)
		}
		if row := res.Rows[0].(map[string]any); row["p"] != p || row["c"] != int64(0) {
			t.Errorf("param %q came back as %v", p, row)
		}
	}

	if after := snapshot(t, s); after != before {
		t.Errorf("the graph changed:\nbefore %+v\nafter  %+v", before, after)
	}
	t.Logf("%d hostile queries refused; graph, schema, users and databases unchanged: %d nodes, %d relationships, sha256 %s",
		len(hostile), before.Nodes, before.Relationships, before.Hash[:16])
}

// TestCypherOrdinaryQueriesRun: no layer of the guard refuses the ordinary
// queries that the text check lets through (TestCypherGuardTextAllows).
func TestCypherOrdinaryQueriesRun(t *testing.T) {
	s := cypherTestStore(t)
	cypherFixture(t, s)
	ctx := context.Background()
	for _, q := range ordinaryQueries {
		res, err := s.RunCypher(ctx, domain.CypherQuery{Query: q})
		if err != nil {
			t.Errorf("%q refused by the %s: %v", q, refusedBy(err), err)
			continue
		}
		if len(res.Rows) == 0 {
			t.Errorf("%q returned no row", q)
		}
	}
	res, err := s.RunCypher(ctx, domain.CypherQuery{Query: "WITH [1] AS transactions RETURN 1 IN transactions AS found"})
	if err != nil || res.Rows[0].(map[string]any)["found"] != true {
		t.Errorf("1 IN transactions: %v %v", res, err)
	}
}

// TestCypherTimeoutStopsTheQueryInNeo4j runs a query far longer than the
// store's Cypher timeout: it fails with TIMEOUT, Neo4j stops running it,
// and the store answers the next query.
func TestCypherTimeoutStopsTheQueryInNeo4j(t *testing.T) {
	const timeout = time.Second // the limit under test, not a measurement
	s := cypherTestStoreWith(t, CypherLimits{Timeout: timeout})
	ctx := context.Background()
	// 10^10 rows: no machine counts them within the timeout.
	_, err := s.RunCypher(ctx, domain.CypherQuery{Query: "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*)"})
	if domain.ErrorCode(err) != domain.ETIMEOUT {
		t.Fatalf("got %v, want a timeout", err)
	}
	if ms := domain.ErrorDetails(err)["timeoutMs"]; ms != timeout.Milliseconds() {
		t.Errorf("timeoutMs %v, want the limit, %d", ms, timeout.Milliseconds())
	}
	t.Logf("%v (details %v)", err, domain.ErrorDetails(err))
	awaitNoCypherTransaction(t, s)

	res, err := s.RunCypher(ctx, domain.CypherQuery{Query: "RETURN 1 AS one"})
	if err != nil || res.Rows[0].(map[string]any)["one"] != int64(1) {
		t.Fatalf("the store does not answer after a timeout: %v %v", res, err)
	}
}

// awaitNoCypherTransaction waits until Neo4j runs no transaction of the
// Cypher endpoint (marked by its metadata) any more: a query that failed
// or was cut short does not go on using the server.
func awaitNoCypherTransaction(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.database})
	defer session.Close(ctx)
	testwait.Until(t, "Neo4j to end the Cypher endpoint's transactions", func() bool {
		res, err := session.Run(ctx, "SHOW TRANSACTIONS YIELD metaData WHERE metaData.endpoint = 'cypher' RETURN count(*) AS n", nil)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := res.Single(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return rec.Values[0] == int64(0)
	})
}

func TestCypherRowCap(t *testing.T) {
	s := cypherTestStoreWith(t, CypherLimits{MaxRows: 5})
	ctx := context.Background()
	for _, c := range []struct {
		query     string
		limit     int
		rows      int
		truncated bool
	}{
		{"UNWIND range(1, 100) AS i RETURN i", 0, 5, true},
		{"UNWIND range(1, 5) AS i RETURN i", 0, 5, false},
		{"UNWIND range(1, 4) AS i RETURN i", 0, 4, false},
		{"UNWIND range(1, 100) AS i RETURN i", 3, 3, true},
		{"UNWIND range(1, 3) AS i RETURN i", 3, 3, false},
		{"UNWIND range(1, 100) AS i RETURN i", 50, 5, true}, // a limit above the cap does not raise it
		{"UNWIND range(1, 100) AS i RETURN i", 1, 1, true},
	} {
		res, err := s.RunCypher(ctx, domain.CypherQuery{Query: c.query, Limit: c.limit})
		if err != nil {
			t.Fatalf("%q limit %d: %v", c.query, c.limit, err)
		}
		if len(res.Rows) != c.rows || res.Truncated != c.truncated {
			t.Errorf("%q limit %d: %d rows, truncated %v; want %d, %v", c.query, c.limit, len(res.Rows), res.Truncated, c.rows, c.truncated)
		}
		for i, r := range res.Rows {
			if r.(map[string]any)["i"] != int64(i+1) {
				t.Errorf("row %d = %v", i, r)
			}
		}
	}
	if _, err := s.RunCypher(ctx, domain.CypherQuery{Query: "RETURN 1", Limit: -1}); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("limit -1: %v", err)
	}

	// Reading stops at the cap: Neo4j does not produce a billion rows.
	// Producing them would outlast the store's Cypher timeout (5 s,
	// enforced by Neo4j) and fail with TIMEOUT; nor is the query left
	// running once its first rows are read.
	res, err := s.RunCypher(ctx, domain.CypherQuery{Query: "UNWIND range(1, 1000000000) AS i RETURN i"})
	if err != nil || len(res.Rows) != 5 || !res.Truncated {
		t.Fatalf("huge result: %v %v", res, err)
	}
	awaitNoCypherTransaction(t, s)
}

func TestCypherByteCap(t *testing.T) {
	s := cypherTestStoreWith(t, CypherLimits{MaxBytes: 1000})
	ctx := context.Background()
	res, err := s.RunCypher(ctx, domain.CypherQuery{Query: "UNWIND range(1, 100) AS i RETURN i, '" + strings.Repeat("x", 40) + "' AS pad"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(res.Rows)
	if !res.Truncated || len(res.Rows) == 0 || len(res.Rows) >= 100 || len(b) > 1000 {
		t.Errorf("%d rows (%d bytes), truncated %v", len(res.Rows), len(b), res.Truncated)
	}
	// One row can hold a huge list.
	res, err = s.RunCypher(ctx, domain.CypherQuery{Query: "RETURN range(1, 100000) AS big"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Truncated || len(res.Rows) != 0 {
		t.Errorf("huge row: %d rows, truncated %v", len(res.Rows), res.Truncated)
	}
	res, err = s.RunCypher(ctx, domain.CypherQuery{Query: "RETURN range(1, 10) AS small"})
	if err != nil || res.Truncated || len(res.Rows) != 1 {
		t.Errorf("small row: %v %v", res, err)
	}
}

// rowJSON runs a query and returns its first row as JSON.
func rowJSON(t *testing.T, s *Store, q domain.CypherQuery) map[string]json.RawMessage {
	t.Helper()
	res, err := s.RunCypher(context.Background(), q)
	if err != nil {
		t.Fatalf("%q: %v", q.Query, err)
	}
	if len(res.Rows) == 0 {
		t.Fatalf("%q: no rows", q.Query)
	}
	b, err := json.Marshal(res.Rows[0])
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]json.RawMessage
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCypherValueTypes(t *testing.T) {
	s := cypherTestStore(t)
	cypherFixture(t, s)
	row := rowJSON(t, s, domain.CypherQuery{
		Query: `RETURN null AS null, true AS bool, 42 AS int, -7 AS neg, 9007199254740991 AS maxSafe,
			9007199254740993 AS big, -9223372036854775808 AS min, 1.5 AS float, 1e300 AS huge,
			'Zoë "q"' AS string, [1, 'two', [3.5, null]] AS list, {a: 1, b: {c: [true]}} AS map,
			date('2024-02-29') AS date, time('12:34:56.789+02:00') AS time, localtime('12:34:56.123456789') AS localtime,
			datetime('2024-02-29T12:34:56.5[Europe/Berlin]') AS datetimeZone, datetime('2024-02-29T12:34:56Z') AS datetimeUTC,
			datetime('2024-02-29T12:34:56+05:30') AS datetimeOffset, localdatetime('2024-02-29T12:34:56') AS localdatetime,
			duration('P1Y2M3DT4H5M6.5S') AS duration, duration('PT0S') AS zero,
			point({x: 1.5, y: -2}) AS cartesian, point({x: 1, y: 2, z: 3}) AS cartesian3d,
			point({latitude: 52.5, longitude: 13.4}) AS geographic, point({latitude: 52.5, longitude: 13.4, height: 34}) AS geographic3d,
			$bytes AS bytes, 0.0/0.0 AS nan`,
		Params: map[string]any{"bytes": []byte{0, 1, 2, 253, 254, 255}},
	})
	want := map[string]string{
		"null": `null`, "bool": `true`, "int": `42`, "neg": `-7`, "maxSafe": `9007199254740991`,
		"big": `"9007199254740993"`, "min": `"-9223372036854775808"`, "float": `1.5`, "huge": `1e+300`,
		"string": `"Zoë \"q\""`, "list": `[1,"two",[3.5,null]]`, "map": `{"a":1,"b":{"c":[true]}}`,
		"date": `"2024-02-29"`, "time": `"12:34:56.789+02:00"`, "localtime": `"12:34:56.123456789"`,
		"datetimeZone": `"2024-02-29T12:34:56.5+01:00[Europe/Berlin]"`, "datetimeUTC": `"2024-02-29T12:34:56Z"`,
		"datetimeOffset": `"2024-02-29T12:34:56+05:30"`, "localdatetime": `"2024-02-29T12:34:56"`,
		"duration": `"P1Y2M3DT4H5M6.5S"`, "zero": `"PT0S"`,
		"cartesian": `{"srid":7203,"x":1.5,"y":-2}`, "cartesian3d": `{"srid":9157,"x":1,"y":2,"z":3}`,
		"geographic": `{"srid":4326,"x":13.4,"y":52.5}`, "geographic3d": `{"srid":4979,"x":13.4,"y":52.5,"z":34}`,
		"bytes": `"AAEC/f7/"`, "nan": `"NaN"`,
	}
	for k, w := range want {
		if got := string(row[k]); got != w {
			t.Errorf("%s = %s, want %s", k, got, w)
		}
	}
	if len(row) != len(want) {
		t.Errorf("%d columns, want %d", len(row), len(want))
	}

	// Nodes, relationships and paths, with properties typed the same way.
	row = rowJSON(t, s, domain.CypherQuery{Query: `
		MATCH p = (a:CypherFixture {name: 'Alice Liddell'})-[r:KNOWS]->(b:CypherFixture {name: 'Bob Builder'})
		RETURN a, r, b, p, elementId(a) AS aid, elementId(r) AS rid, elementId(b) AS bid`})
	var aid, rid, bid string
	for k, v := range map[string]*string{"aid": &aid, "rid": &rid, "bid": &bid} {
		if err := json.Unmarshal(row[k], v); err != nil {
			t.Fatal(err)
		}
	}
	alice := `{"elementId":"` + aid + `","labels":["CypherFixture","Person"],"properties":{` +
		`"active":true,"age":42,"big":"9007199254740993","born":"1980-05-17",` +
		`"home":{"srid":4326,"x":13.4,"y":52.5},"name":"Alice Liddell","score":3.5,` +
		`"seen":"2024-02-29T12:34:56.5+01:00[Europe/Berlin]","tags":["a","b"]}}`
	bob := `{"elementId":"` + bid + `","labels":["CypherFixture","Person"],"properties":{"age":35,"name":"Bob Builder"}}`
	knows := `{"elementId":"` + rid + `","end":"` + bid + `","properties":{"since":2001},"start":"` + aid + `","type":"KNOWS"}`
	labelsSorted := func(node string) string { // Neo4j does not promise an order of labels
		var m map[string]any
		_ = json.Unmarshal([]byte(node), &m)
		l := m["labels"].([]any)
		slices.SortFunc(l, func(a, b any) int { return strings.Compare(a.(string), b.(string)) })
		b, _ := json.Marshal(m)
		return string(b)
	}
	if got := labelsSorted(string(row["a"])); got != alice {
		t.Errorf("node:\n got %s\nwant %s", got, alice)
	}
	if got := string(row["r"]); got != knows {
		t.Errorf("relationship:\n got %s\nwant %s", got, knows)
	}
	var path []json.RawMessage
	if err := json.Unmarshal(row["p"], &path); err != nil || len(path) != 3 {
		t.Fatalf("path %s: %v", row["p"], err)
	}
	if labelsSorted(string(path[0])) != alice || string(path[1]) != knows || labelsSorted(string(path[2])) != bob {
		t.Errorf("path = %s", row["p"])
	}

	// A path walked against the relationships' direction keeps each
	// relationship's own start and end.
	row = rowJSON(t, s, domain.CypherQuery{Query: `
		MATCH p = (b:CypherFixture {name: 'Bob Builder'})<-[:KNOWS]-(a:CypherFixture {name: 'Alice Liddell'})
		RETURN [x IN nodes(p) | x.name] AS names, p`})
	var back []map[string]any
	if err := json.Unmarshal(row["p"], &back); err != nil || len(back) != 3 {
		t.Fatalf("path %s: %v", row["p"], err)
	}
	if back[0]["properties"].(map[string]any)["name"] != "Bob Builder" || back[1]["start"] != aid || back[1]["end"] != bid ||
		back[2]["properties"].(map[string]any)["name"] != "Alice Liddell" {
		t.Errorf("reversed path = %s", row["p"])
	}
}

func TestCypherUsefulReads(t *testing.T) {
	s := cypherTestStore(t)
	cypherFixture(t, s)
	ctx := context.Background()
	run := func(q string, params map[string]any) *domain.CypherResult {
		t.Helper()
		res, err := s.RunCypher(ctx, domain.CypherQuery{Query: q, Params: params})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if res.Summary.QueryType != "r" {
			t.Errorf("%q: query type %q", q, res.Summary.QueryType)
		}
		return res
	}
	first := func(res *domain.CypherResult) map[string]any { return res.Rows[0].(map[string]any) }

	res := run("MATCH (p:CypherFixture) RETURN count(p) AS n, avg(p.age) AS avgAge, collect(p.name)[0..1] AS some, max(p.age) AS oldest", nil)
	if r := first(res); r["n"] != int64(4) || r["avgAge"] != 39.25 || r["oldest"] != int64(51) {
		t.Errorf("aggregation: %v", r)
	}
	if !slices.Equal(res.Columns, []string{"n", "avgAge", "some", "oldest"}) {
		t.Errorf("columns %v", res.Columns)
	}

	res = run(`MATCH (a:CypherFixture {name: 'Alice Liddell'})-[:KNOWS*1..3]->(x:CypherFixture)
		RETURN x.name AS name, count(*) AS paths ORDER BY name`, nil)
	got := map[string]any{}
	for _, r := range res.Rows {
		got[r.(map[string]any)["name"].(string)] = r.(map[string]any)["paths"]
	}
	if len(got) != 3 || got["Bob Builder"] != int64(1) || got["Carol Danvers"] != int64(2) || got["Dave Bowman"] != int64(2) {
		t.Errorf("variable-length paths: %v", got)
	}

	res = run(`MATCH (a:CypherFixture {name: $from}), (d:CypherFixture {name: $to})
		MATCH p = shortestPath((a)-[:KNOWS*]->(d)) RETURN length(p) AS hops, p`,
		map[string]any{"from": "Alice Liddell", "to": "Dave Bowman"})
	if r := first(res); r["hops"] != int64(2) || len(r["p"].([]any)) != 5 {
		t.Errorf("shortestPath: %v", r)
	} else if r["p"].([]any)[2].(map[string]any)["properties"].(map[string]any)["name"] != "Carol Danvers" {
		t.Errorf("shortestPath goes through %v", r["p"].([]any)[2])
	}

	res = run("CALL db.labels() YIELD label RETURN collect(label) AS labels", nil)
	if labels := first(res)["labels"].([]any); !slices.Contains(labels, any("CypherFixture")) {
		t.Errorf("db.labels: %v", labels)
	}
	run("CALL db.relationshipTypes()", nil)
	run("CALL db.propertyKeys()", nil)
	run("CALL db.schema.visualization()", nil)

	res = run("CALL db.index.fulltext.queryNodes($index, $q) YIELD node, score RETURN node.name AS name, score",
		map[string]any{"index": fixtureIndex, "q": "alice"})
	if len(res.Rows) != 1 || first(res)["name"] != "Alice Liddell" {
		t.Errorf("full-text: %v", res.Rows)
	}

	// Parameters of every JSON type, as the HTTP endpoint decodes them.
	var params map[string]any
	dec := json.NewDecoder(strings.NewReader(`{"s": "text", "i": 42, "big": 9007199254740993, "f": 2.5, "t": true,
		"n": null, "l": [1, "a", [false]], "m": {"k": {"deep": 1.25}}}`))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		t.Fatal(err)
	}
	res = run(`RETURN $s AS s, $i AS i, $i + 1 AS i1, $big AS big, $f AS f, $f * 2 AS f2, $t AS t, $n AS n,
		$n IS NULL AS isNull, $l AS l, $l[2][0] AS l2, $m AS m, $m.k.deep AS deep,
		valueType($s) AS ts, valueType($i) AS ti, valueType($f) AS tf, valueType($t) AS tt, valueType($n) AS tn,
		valueType($m) AS tm`, params)
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(first(res))
	b := strings.TrimSpace(buf.String())
	const wantParams = `{"big":"9007199254740993","deep":1.25,"f":2.5,"f2":5,"i":42,"i1":43,"isNull":true,` +
		`"l":[1,"a",[false]],"l2":false,"m":{"k":{"deep":1.25}},"n":null,"s":"text","t":true,` +
		`"tf":"FLOAT NOT NULL","ti":"INTEGER NOT NULL","tm":"MAP NOT NULL","tn":"NULL","ts":"STRING NOT NULL","tt":"BOOLEAN NOT NULL"}`
	if b != wantParams {
		t.Errorf("params:\n got %s\nwant %s", b, wantParams)
	}

	// Planner notifications come back with their position in the query.
	res = run("MATCH (a:CypherFixture), (b:CypherFixture) RETURN count(*) AS n", nil)
	var cartesian *domain.CypherNotification
	for i, n := range res.Summary.Notifications {
		if strings.HasSuffix(n.Code, "CartesianProduct") {
			cartesian = &res.Summary.Notifications[i]
		}
	}
	if cartesian == nil || cartesian.Line == nil || *cartesian.Line != 1 || cartesian.Severity == "" {
		t.Errorf("notifications: %+v", res.Summary.Notifications)
	}
	if res.Summary.ServerTimeMs < 0 {
		t.Errorf("server time %v", res.Summary.ServerTimeMs)
	}
}

func TestCypherErrors(t *testing.T) {
	s := cypherTestStoreWith(t, CypherLimits{MaxQueryLength: 200, MaxParamsBytes: 1000})
	ctx := context.Background()
	for _, c := range []struct {
		query                string
		line, column, offset int
	}{
		{"MATCH (n) RETRN n", 1, 11, 10},
		{"MATCH (n)\nRETRN n", 2, 1, 10},
		{"MATCH (n)\n  WHERE n.x = \nRETURN n", 3, 8, 32}, // RETURN is read as a variable
	} {
		_, err := s.RunCypher(ctx, domain.CypherQuery{Query: c.query})
		d := domain.ErrorDetails(err)
		if domain.ErrorCode(err) != domain.EINVALID || d["neo4jCode"] != "Neo.ClientError.Statement.SyntaxError" ||
			d["line"] != c.line || d["column"] != c.column || d["offset"] != c.offset {
			t.Errorf("%q: %v %v; want line %d column %d offset %d", c.query, err, d, c.line, c.column, c.offset)
		}
		if msg := domain.ErrorMessage(err); strings.Contains(msg, "EXPLAIN") {
			t.Errorf("the message shows the EXPLAIN prefix: %s", msg)
		}
		t.Logf("%q: %s %v", c.query, domain.ErrorMessage(err), d)
	}

	// Errors at run time carry Neo4j's code too.
	_, err := s.RunCypher(ctx, domain.CypherQuery{Query: "UNWIND [1, 0] AS x RETURN 1 / x"})
	if domain.ErrorCode(err) != domain.EINVALID || domain.ErrorDetails(err)["neo4jCode"] != "Neo.ClientError.Statement.ArithmeticError" {
		t.Errorf("division by zero: %v %v", err, domain.ErrorDetails(err))
	}

	_, err = s.RunCypher(ctx, domain.CypherQuery{Query: "RETURN 1 AS x" + strings.Repeat(" ", 200)})
	if domain.ErrorCode(err) != domain.ELIMIT {
		t.Errorf("long query: %v", err)
	}
	_, err = s.RunCypher(ctx, domain.CypherQuery{Query: "RETURN $p", Params: map[string]any{"p": strings.Repeat("x", 1000)}})
	if domain.ErrorCode(err) != domain.ELIMIT {
		t.Errorf("big params: %v", err)
	}
	_, err = s.RunCypher(ctx, domain.CypherQuery{Query: " \n "})
	if domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("empty query: %v", err)
	}
}

// TestCypherPlanGuardAlone shows that the EXPLAIN step refuses, on its own,
// what the text check leaves to it: LOAD CSV, IN TRANSACTIONS, procedures
// off the allow-list, SHOW and administration commands.
func TestCypherPlanGuardAlone(t *testing.T) {
	s := cypherTestStore(t)
	ctx := context.Background()
	lim := CypherLimits{}.withDefaults()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.database})
	defer session.Close(ctx)
	for _, q := range []string{
		"LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",      // query type "r"
		"CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN count(n)", // "r"
		"CALL db.awaitIndexes()",                                      // a READ procedure, not allowed
		"CALL db.stats.clear('QUERIES')",                              // a READ procedure with side effects
		"CALL dbms.components()",                                      // "s"
		"CALL db.createLabel('X')",                                    // "w"
		"SHOW INDEXES",                                                // "r"
		"SHOW TRANSACTIONS",                                           // "r"
		"TERMINATE TRANSACTIONS 'neo4j-transaction-1'",                // "r"!
		"SHOW USERS",                         // "s"
		"DROP INDEX no_such_index IF EXISTS", // "s"
		"SHOW PROCEDURES",                    // "r"
		"OPTIONAL CALL db.stats.clear('QUERIES')",
		"CALL { MATCH (n) RETURN n } IN 2 CONCURRENT TRANSACTIONS RETURN count(n)",
	} {
		res, err := session.Run(ctx, explainPrefix+q, nil)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		err = lim.checkPlan(sum, s.database)
		if domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("%q (type %q) passed the plan check: %v", q, sum.StatementType(), err)
		}
		t.Logf("%q: type %q: %s %v", q, sum.StatementType(), domain.ErrorMessage(err), domain.ErrorDetails(err))
	}
	for _, q := range []string{"MATCH (n) RETURN n", "CALL db.labels()", "CALL db.index.fulltext.queryNodes('x', 'y')"} {
		res, err := session.Run(ctx, explainPrefix+q, nil)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		sum, err := res.Consume(ctx)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if err := lim.checkPlan(sum, s.database); err != nil {
			t.Errorf("%q refused: %v", q, err)
		}
	}
}

// TestCypherReadTransactionRefusesWrites shows the other layer on its own:
// a write that got past the guard would still fail in the READ transaction.
func TestCypherReadTransactionRefusesWrites(t *testing.T) {
	s := cypherTestStore(t)
	cypherFixture(t, s)
	ctx := context.Background()
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.database})
	defer session.Close(ctx)
	tx, err := session.BeginTransaction(ctx, neo4j.WithTxTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	res, err := tx.Run(ctx, "MATCH (n:CypherFixture) SET n.pwned = true", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	mapped := cypherError(ctx, err, false, time.Second)
	if domain.ErrorCode(mapped) != domain.EFORBIDDEN {
		t.Errorf("a write in a READ transaction: %v", mapped)
	}
	t.Logf("%v %v", mapped, domain.ErrorDetails(mapped))
	out, err := s.RunCypher(ctx, domain.CypherQuery{Query: "MATCH (n:CypherFixture) WHERE n.pwned IS NOT NULL RETURN count(n) AS n"})
	if err != nil || out.Rows[0].(map[string]any)["n"] != int64(0) {
		t.Errorf("after the refused write: %v %v", out, err)
	}
}
