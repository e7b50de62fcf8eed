package store

import (
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
)

// These tests need no Neo4j: they cover the guard's first, textual step.

func TestCypherGuardTextAllows(t *testing.T) {
	lim := CypherLimits{ExtraFunctions: []string{"apoc.text.join"}}.withDefaults()
	for _, q := range []string{
		"MATCH (n) RETURN n",
		"RETURN 1;",
		"RETURN 1; // trailing comment",
		"RETURN 'a;b' AS s, \"CREATE (x); LOAD CSV\" AS t",
		"RETURN 1 /* ; CREATE (n) */",
		"MATCH (n) WHERE n.name = 'it\\'s; fine' RETURN n.name",
		"CALL db.labels() YIELD label RETURN label",
		"CALL db.labels",
		"CALL `db`.`labels`()",
		"CALL db.index.fulltext.queryNodes('x', 'y') YIELD node RETURN node",
		"MATCH (use) RETURN use AS u",
		"WITH 1 AS use RETURN use",
		"RETURN point.distance(point({x:1, y:2}), point({x:2, y:3})) AS d",
		"RETURN date.truncate('month', date()) AS d, DURATION.BETWEEN(date(), date()) AS e",
		"RETURN apoc.text.join(['a'], ',')",
		"MATCH (n) RETURN n {.name, .age}",
		"MATCH (n) WHERE n.x IN [1, 2] AND (n.y = 1) RETURN n.x",
		"MATCH p = (a)-[*1..3]->(b) RETURN p",
		"CYPHER runtime=slotted MATCH (n) RETURN count(n)",
		"CYPHER 5 RETURN 1",
		"CALL { MATCH (n) RETURN n } RETURN n",
		"CALL () { MATCH (n) RETURN count(n) AS c } RETURN c",
		"UNWIND $transactions AS transactions RETURN transactions",
		"RETURN $p.x AS x",
	} {
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
		{"LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", domain.EFORBIDDEN, "LOAD CSV"},
		{"load /* x */ csv from 'http://x' as l return l", domain.EFORBIDDEN, "LOAD CSV"},
		{"USE system SHOW USERS", domain.EFORBIDDEN, "USE"},
		{"CALL { USE system MATCH (n) RETURN n } RETURN n", domain.EFORBIDDEN, "USE"},
		{"MATCH (n) RETURN n UNION ALL USE `system` MATCH (n) RETURN n", domain.EFORBIDDEN, "USE"},
		{"SHOW USERS", domain.EFORBIDDEN, "SHOW"},
		{"CYPHER 5 show databases", domain.EFORBIDDEN, "SHOW"},
		{"TERMINATE TRANSACTIONS 'neo4j-transaction-1'", domain.EFORBIDDEN, "TERMINATE"},
		{"DROP INDEX foo", domain.EFORBIDDEN, "DROP"},
		{"CALL { MATCH (n) RETURN n } IN TRANSACTIONS RETURN n", domain.EFORBIDDEN, "IN TRANSACTIONS"},
		{"CALL { MATCH (n) RETURN n } IN 3 CONCURRENT TRANSACTIONS RETURN n", domain.EFORBIDDEN, "IN TRANSACTIONS"},
		{"CALL dbms.components()", domain.EFORBIDDEN, "dbms.components"},
		{"call DBMS.listConfig", domain.EFORBIDDEN, "DBMS.listConfig"},
		{"CALL db.createLabel('X')", domain.EFORBIDDEN, "db.createLabel"},
		{"CALL apoc.cypher.run('CREATE (n)', {})", domain.EFORBIDDEN, "apoc.cypher.run"},
		{"RETURN apoc.text.join(['a'], ',')", domain.EFORBIDDEN, "apoc.text.join"},
		{"RETURN `apoc`.`version`()", domain.EFORBIDDEN, "apoc.version"},
		{"MATCH (n) CALL { WITH n CALL db.stats.clear() } RETURN 1", domain.EFORBIDDEN, "db.stats.clear"},
		{"EXPLAIN MATCH (n) RETURN n", domain.EINVALID, "EXPLAIN"},
		{"PROFILE MATCH (n) RETURN n", domain.EINVALID, "PROFILE"},
		{"LOAD\u200bCSV FROM 'x' AS l RETURN l", domain.EINVALID, "invisible"},
		{"RETURN 'unterminated", domain.EINVALID, "unterminated"},
		{"RETURN 1 /* unterminated", domain.EINVALID, "unterminated"},
		{"   ", domain.EINVALID, "empty"},
		{"// only a comment", domain.EINVALID, "empty"},
	} {
		err := lim.checkText(c.q)
		if got := domain.ErrorCode(err); got != c.code || !strings.Contains(domain.ErrorMessage(err), c.why) {
			t.Errorf("%q: got %s %q, want %s mentioning %q", c.q, got, domain.ErrorMessage(err), c.code, c.why)
		}
	}
}

func TestCypherGuardPosition(t *testing.T) {
	lim := CypherLimits{}.withDefaults()
	err := lim.checkText("MATCH (n)\nRETURN n;\n  CREATE (m)")
	d := domain.ErrorDetails(err)
	if d["line"] != 3 || d["column"] != 3 || d["offset"] != 22 {
		t.Errorf("details = %v, want line 3 column 3 offset 22", d)
	}
}
