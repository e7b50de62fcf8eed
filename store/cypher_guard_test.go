package store

import (
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
)

// These tests need no Neo4j: they cover the guard's first, textual step.

// ordinaryQueries are read-only queries that every layer of the guard must
// let through: names that are also keywords of refused commands, keywords
// inside strings and comments, and built-in namespaced functions however
// they are spelled. TestCypherOrdinaryQueriesRun runs them on Neo4j.
var ordinaryQueries = []string{
	"WITH [1] AS transactions RETURN 1 IN transactions AS found",
	"UNWIND [1, 2] AS transactions RETURN transactions",
	"WITH [1] AS transactions, 1 AS concurrent RETURN concurrent IN transactions AS found",
	"WITH 1 AS load, 2 AS csv RETURN load + csv AS sum",
	"WITH {load: 1, csv: 2} AS m RETURN m.load AS load, m.csv AS csv",
	"MATCH (use) RETURN count(use) AS use",
	"WITH 1 AS use RETURN use",
	"RETURN 1 AS use UNION ALL RETURN 2 AS use",
	"CALL () { WITH 1 AS use RETURN use } RETURN use",
	"WITH 1 AS show RETURN show",
	"MATCH (show:CypherFixture) RETURN count(show) AS shows",
	"WITH 1 AS call RETURN call AS c",
	"UNWIND [1] AS call RETURN call",
	"WITH {call: 1} AS m RETURN m.call AS call",
	"WITH 1 AS terminate, 2 AS drop RETURN terminate + drop AS n",
	"RETURN 'CALL dbms.components(); LOAD CSV FROM x USE system' AS s, \"SHOW USERS; DROP INDEX x\" AS t",
	"RETURN 'apoc.coll.sum([1])' AS s",
	"MATCH (n) // LOAD CSV FROM 'x'; USE system; CALL apoc.coll.sum(\nRETURN count(n) AS n",
	"RETURN 1 /* CALL { } IN TRANSACTIONS; DROP INDEX x; apoc.version() */ AS one",
	"RETURN 1 AS one;",
	"RETURN 1 AS one; // trailing comment",
	"WITH {`a.b`: 1} AS m RETURN m.`a.b` AS v",
	"MATCH (n:`CALL.apoc`) RETURN count(n) AS c",
	"RETURN date.truncate('month', date('2024-05-17')) AS d",
	"RETURN date . truncate /* unit */ ('month', date('2024-05-17')) AS d",
	"RETURN `date`.`truncate`('month', date('2024-05-17')) AS d",
	"RETURN DURATION.BETWEEN(date('2024-01-01'), date('2024-05-17')) AS d",
	"RETURN point.distance(point({x: 1, y: 2}), point({x: 2, y: 3})) AS d",
	"RETURN count(*) AS n, toUpper('x') AS u, coalesce(null, 1) AS c",
	"WITH 1 AS a$b, 2 AS a‿b RETURN a$b + a‿b AS n",
	"CALL db.labels() YIELD label RETURN count(label) AS labels",
	"CALL db.labels",
	"CALL `db`.`labels`()",
	"CYPHER runtime=slotted MATCH (n) RETURN count(n) AS n",
	"CYPHER 5 RETURN 1 AS one",
	"MATCH p = (a:CypherFixture)-[*1..3]->(b) RETURN count(p) AS paths",
	"MATCH (n:CypherFixture) RETURN n {.name, .age} LIMIT 1",
}

func TestCypherGuardTextAllows(t *testing.T) {
	lim := CypherLimits{ExtraFunctions: []string{"apoc.text.join"}}.withDefaults()
	for _, q := range append(ordinaryQueries,
		"RETURN apoc.text.join(['a'], ',')",                     // on the allow-list given above
		"MATCH (n) WHERE n.name = 'it\\'s; fine' RETURN n.name", // an escaped quote
		"UNWIND $transactions AS transactions RETURN transactions",
		"RETURN $p.x AS x",
	) {
		if err := lim.checkText(q); err != nil {
			t.Errorf("%q refused: %v", q, err)
		}
	}
}

func TestCypherGuardTextRefuses(t *testing.T) {
	lim := CypherLimits{}.withDefaults()
	for _, c := range []struct{ q, code, why string }{
		{"RETURN 1; CREATE (n)", domain.EFORBIDDEN, "multiple statements"},
		{"RETURN 1 // x\n; MATCH (n) DETACH DELETE n", domain.EFORBIDDEN, "multiple statements"},
		{"RETURN 1;;", domain.EFORBIDDEN, "multiple statements"},
		{";RETURN 1", domain.EFORBIDDEN, "multiple statements"},
		{"EXPLAIN MATCH (n) RETURN n", domain.EINVALID, "EXPLAIN"},
		{"PROFILE MATCH (n) RETURN n", domain.EINVALID, "PROFILE"},
		{"CYPHER 5 runtime=slotted explain MATCH (n) RETURN n", domain.EINVALID, "EXPLAIN"},
		{"LOAD\u200bCSV FROM 'x' AS l RETURN l", domain.EINVALID, "invisible"},
		{"RETURN 'unterminated", domain.EINVALID, "unterminated"},
		{"RETURN 1 /* unterminated", domain.EINVALID, "unterminated"},
		{"RETURN `unterminated", domain.EINVALID, "unterminated"},
		{"   ", domain.EINVALID, "empty"},
		{"// only a comment", domain.EINVALID, "empty"},
		{"CYPHER 5 ;", domain.EINVALID, "empty"},
	} {
		err := lim.checkText(c.q)
		if got := domain.ErrorCode(err); got != c.code || !strings.Contains(domain.ErrorMessage(err), c.why) {
			t.Errorf("%q: got %s %q, want %s mentioning %q", c.q, got, domain.ErrorMessage(err), c.code, c.why)
		}
	}
}

// TestCypherGuardTextFunctions: any call of a name with a dot, however it
// is quoted, spaced or commented, must be on the function allow-list.
func TestCypherGuardTextFunctions(t *testing.T) {
	lim := CypherLimits{ExtraFunctions: []string{"apoc.text.join"}}.withDefaults()
	for _, c := range []struct{ q, function string }{
		{"RETURN apoc.coll.sum([1, 2])", "apoc.coll.sum"},
		{"RETURN `apoc.coll.sum`([1, 2])", "apoc.coll.sum"},
		{"RETURN `apoc`.`coll`.sum([1, 2])", "apoc.coll.sum"},
		{"RETURN `apoc.coll`.sum([1, 2])", "apoc.coll.sum"},
		{"RETURN APOC . coll /* c */ . sum // c\n ([1, 2])", "APOC.coll.sum"},
		{"RETURN apoc.\n\tcoll.sum\n([1, 2])", "apoc.coll.sum"},
		{"RETURN apoc.text.joinX(['a'], ',')", "apoc.text.joinX"},
		{"RETURN `apoc.text.join.x`(['a'], ',')", "apoc.text.join.x"},
		{"RETURN apoc.coll.su$m([1])", "apoc.coll.su$m"},           // $ is part of a name to Neo4j
		{"RETURN apoc.coll.su‿m([1])", "apoc.coll.su‿m"},           // so is connector punctuation
		{"RETURN apoc.coll.su\u0301m([1])", "apoc.coll.su\u0301m"}, // and a combining mark
		{"RETURN $p.apoc.coll.sum([1])", ".apoc.coll.sum"},
		{"RETURN [x IN [1] | apoc.coll.sum([x])] AS l", "apoc.coll.sum"},
		{"MATCH (n) CALL (n) { RETURN apoc.version() AS v } RETURN v", "apoc.version"},
		{"USE graph.byName('system') MATCH (n) RETURN n", "graph.byName"},
		{"RETURN db.nameFromElementId('4:x:1')", "db.nameFromElementId"},
		{"RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {})", "apoc.cypher.runFirstColumnSingle"},
		{"MATCH (n) RETURN n.name(1)", "n.name"},
		{"WITH 1 AS call RETURN call + apoc.coll.sum([1])", "apoc.coll.sum"},
	} {
		err := lim.checkText(c.q)
		if domain.ErrorCode(err) != domain.EFORBIDDEN || domain.ErrorDetails(err)["function"] != c.function {
			t.Errorf("%q: got %v %v, want function %s refused", c.q, err, domain.ErrorDetails(err), c.function)
		}
	}
}

func TestCypherGuardPosition(t *testing.T) {
	lim := CypherLimits{}.withDefaults()
	for _, c := range []struct {
		q                    string
		line, column, offset int
	}{
		{"MATCH (n)\nRETURN n;\n  CREATE (m)", 3, 3, 22},
		{"RETURN 1 AS one,\n  `apoc`.coll.sum([1]) AS s", 2, 3, 19},
		{"RETURN 'éé', é.x.y(1)", 1, 14, 15}, // columns count characters, offsets bytes
		{"\n\nPROFILE MATCH (n) RETURN n", 3, 1, 2},
	} {
		d := domain.ErrorDetails(lim.checkText(c.q))
		if d["line"] != c.line || d["column"] != c.column || d["offset"] != c.offset {
			t.Errorf("%q: details = %v, want line %d column %d offset %d", c.q, d, c.line, c.column, c.offset)
		}
	}
}
