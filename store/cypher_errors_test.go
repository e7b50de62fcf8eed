package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// TestCypherErrorMapping needs no Neo4j: it maps errors shaped like the
// ones Neo4j 5.26 sends.
func TestCypherErrorMapping(t *testing.T) {
	ctx := context.Background()
	syntax := &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError",
		Msg: "Invalid input 'RETRN': expected ... (line 2, column 1 (offset: 8))\n\"RETRN 1\"\n ^"}
	err := cypherError(ctx, syntax, true, time.Second)
	d := domain.ErrorDetails(err)
	if domain.ErrorCode(err) != domain.EINVALID || d["line"] != 1 || d["column"] != 1 || d["offset"] != 0 ||
		d["neo4jCode"] != syntax.Code || !strings.Contains(domain.ErrorMessage(err), "(line 1, column 1 (offset: 0))") {
		t.Errorf("syntax error after EXPLAIN: %v %v", err, d)
	}
	err = cypherError(ctx, syntax, false, time.Second)
	if d := domain.ErrorDetails(err); d["line"] != 2 || d["offset"] != 8 {
		t.Errorf("syntax error at run time: %v", d)
	}

	for code, want := range map[string]string{
		"Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration": domain.ETIMEOUT,
		"Neo.ClientError.Transaction.TransactionTimedOut":                    domain.ETIMEOUT,
		"Neo.ClientError.Statement.AccessMode":                               domain.EFORBIDDEN,
		"Neo.ClientError.Security.Forbidden":                                 domain.EFORBIDDEN,
		"Neo.ClientError.Statement.ArithmeticError":                          domain.EINVALID,
		"Neo.ClientError.Procedure.ProcedureNotFound":                        domain.EINVALID,
		"Neo.TransientError.General.MemoryPoolOutOfMemoryError":              domain.ELIMIT,
		"Neo.TransientError.General.DatabaseUnavailable":                     domain.EUNAVAILABLE,
		"Neo.DatabaseError.General.UnknownError":                             domain.EINTERNAL,
	} {
		err := cypherError(ctx, &neo4j.Neo4jError{Code: code, Msg: "x"}, false, time.Second)
		if got := domain.ErrorCode(err); got != want {
			t.Errorf("%s: %s, want %s", code, got, want)
		}
		if domain.ErrorDetails(err)["neo4jCode"] != code {
			t.Errorf("%s: details %v", code, domain.ErrorDetails(err))
		}
	}

	expired, cancel := context.WithTimeout(ctx, 0)
	defer cancel()
	<-expired.Done()
	err = cypherError(expired, context.DeadlineExceeded, false, 2*time.Second)
	if domain.ErrorCode(err) != domain.ETIMEOUT || domain.ErrorDetails(err)["timeoutMs"] != int64(2000) {
		t.Errorf("client-side deadline: %v %v", err, domain.ErrorDetails(err))
	}
}
