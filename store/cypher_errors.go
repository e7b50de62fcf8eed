package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// positionRE finds the position Neo4j puts into its error messages.
var positionRE = regexp.MustCompile(`\(line (-?\d+), column (-?\d+) \(offset: (-?\d+)\)\)`)

// cypherError maps a failure of the analyst's query to a domain error that
// carries Neo4j's status code and the position in the query. explained
// says the error came from the EXPLAIN, whose positions are shifted by the
// prefix.
func cypherError(ctx context.Context, err error, explained bool, timeout time.Duration) error {
	timedOut := &domain.Error{Code: domain.ETIMEOUT, Err: err, Details: map[string]any{"timeoutMs": timeout.Milliseconds()},
		Message: fmt.Sprintf("the query ran past its time limit of %v and was stopped", timeout)}
	var ne *neo4j.Neo4jError
	if !errors.As(err, &ne) {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return timedOut
		}
		return mapError(ctx, err)
	}
	details := map[string]any{"neo4jCode": ne.Code}
	if ne.GqlStatus != "" {
		details["gqlStatus"] = ne.GqlStatus
	}
	msg := ne.Msg
	if line, column, offset, found := errorPosition(ne); found {
		if explained {
			line, offset = line-1, offset-len(explainPrefix)
		}
		if line >= 1 && column >= 1 {
			details["line"], details["column"] = line, column
		}
		if offset >= 0 {
			details["offset"] = offset
		}
		msg = positionRE.ReplaceAllLiteralString(msg, fmt.Sprintf("(line %d, column %d (offset: %d))", line, column, offset))
	}
	switch code := ne.Code; {
	case strings.Contains(code, "TransactionTimedOut"):
		timedOut.Details["neo4jCode"] = code
		return timedOut
	case strings.Contains(code, "MemoryPoolOutOfMemoryError"):
		return &domain.Error{Code: domain.ELIMIT, Message: "the query needs more memory than Neo4j allows one transaction: " + msg, Details: details, Err: err}
	case code == "Neo.ClientError.Statement.AccessMode" || strings.HasPrefix(code, "Neo.ClientError.Security.Forbidden"):
		return &domain.Error{Code: domain.EFORBIDDEN, Message: "the query tried to write, which is not allowed: " + msg, Details: details, Err: err}
	case strings.HasPrefix(code, "Neo.ClientError."):
		return &domain.Error{Code: domain.EINVALID, Message: msg, Details: details, Err: err}
	}
	mapped := mapError(ctx, err)
	var de *domain.Error
	if errors.As(mapped, &de) {
		de.Details = details
	}
	return mapped
}

// errorPosition reads the error's position from the GQL diagnostic record
// or, failing that, from the message.
func errorPosition(ne *neo4j.Neo4jError) (line, column, offset int, ok bool) {
	if p, isMap := ne.GqlDiagnosticRecord["_position"].(map[string]any); isMap {
		l, lok := p["line"].(int64)
		c, cok := p["column"].(int64)
		o, ook := p["offset"].(int64)
		if lok && cok && ook {
			return int(l), int(c), int(o), true
		}
	}
	m := positionRE.FindStringSubmatch(ne.Msg)
	if m == nil {
		return 0, 0, 0, false
	}
	line, _ = strconv.Atoi(m[1])
	column, _ = strconv.Atoi(m[2])
	offset, _ = strconv.Atoi(m[3])
	return line, column, offset, true
}
