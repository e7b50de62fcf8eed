package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// CypherLimits bound the analysts' Cypher (Store.RunCypher). Zero values
// take the defaults.
type CypherLimits struct {
	// Timeout is each query's transaction timeout, enforced by Neo4j (0: 5s).
	Timeout time.Duration
	// MaxRows caps the rows returned; a query's limit may only lower it (0: 1000).
	MaxRows int
	// MaxBytes caps the JSON-encoded rows of one result (0: 4 MiB).
	MaxBytes int
	// MaxQueryLength caps the query text, in characters (0: 10000).
	MaxQueryLength int
	// MaxParamsBytes caps the JSON-encoded parameters (0: 64 KiB).
	MaxParamsBytes int
	// ExtraProcedures and ExtraFunctions extend the allow-lists, e.g. with
	// read-only APOC procedures or functions installed on the server.
	ExtraProcedures []string
	ExtraFunctions  []string

	procedures, functions map[string]bool // allow-lists, lower case
}

func (l CypherLimits) withDefaults() CypherLimits {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	l.Timeout = orDefault(l.Timeout, 5*time.Second)
	def(&l.MaxRows, 1000)
	def(&l.MaxBytes, 4<<20)
	def(&l.MaxQueryLength, 10_000)
	def(&l.MaxParamsBytes, 64<<10)
	l.procedures = foldSet(append(append([]string{}, allowedProcedures...), l.ExtraProcedures...))
	l.functions = foldSet(append(append([]string{}, allowedFunctions...), l.ExtraFunctions...))
	return l
}

const (
	// explainPrefix goes on a line of its own so that positions Neo4j
	// reports in the user's query shift by exactly one line.
	explainPrefix = "EXPLAIN\n"
	// cypherGrace is how long past the server's timeout the client waits
	// before it drops the connection itself. Neo4j checks timeouts only
	// every db.transaction.monitor.check.interval (2s by default); a closed
	// connection stops the query at once.
	cypherGrace = 250 * time.Millisecond
)

// RunCypher runs an analyst's read-only query: it checks the query's text,
// then what EXPLAIN says it would do, then runs it in a READ transaction
// (rolled back, never committed) with a server-side timeout, reading at
// most the row cap and the byte cap. There is no retry.
func (s *Store) RunCypher(ctx context.Context, q domain.CypherQuery) (*domain.CypherResult, error) {
	start := time.Now()
	res, err := s.runCypher(ctx, q)
	if s.observe != nil {
		s.observe(Statement{Cypher: q.Query, Params: q.Params, Duration: time.Since(start), Err: err})
	}
	return res, err
}

func (s *Store) runCypher(ctx context.Context, q domain.CypherQuery) (*domain.CypherResult, error) {
	lim := s.cypher
	if lim.procedures == nil {
		lim = lim.withDefaults()
	}
	rowCap := lim.MaxRows
	switch {
	case q.Limit < 0:
		return nil, domain.Errorf(domain.EINVALID, "limit must not be negative")
	case q.Limit > 0 && q.Limit < rowCap:
		rowCap = q.Limit
	}
	if strings.TrimSpace(q.Query) == "" {
		return nil, domain.Errorf(domain.EINVALID, "the query is empty")
	}
	if n := utf8.RuneCountInString(q.Query); n > lim.MaxQueryLength {
		return nil, &domain.Error{Code: domain.ELIMIT, Details: map[string]any{"length": n, "limit": lim.MaxQueryLength},
			Message: fmt.Sprintf("the query is %d characters long; the limit is %d", n, lim.MaxQueryLength)}
	}
	params, err := cypherParams(q.Params)
	if err != nil {
		return nil, err
	}
	encoded, err := json.Marshal(params)
	if err != nil {
		return nil, &domain.Error{Code: domain.EINVALID, Message: "params cannot be encoded as JSON", Err: err}
	}
	if len(encoded) > lim.MaxParamsBytes {
		return nil, &domain.Error{Code: domain.ELIMIT, Details: map[string]any{"size": len(encoded), "limit": lim.MaxParamsBytes},
			Message: fmt.Sprintf("the params take %d bytes as JSON; the limit is %d", len(encoded), lim.MaxParamsBytes)}
	}
	if err := lim.checkText(q.Query); err != nil {
		return nil, err
	}

	release, err := s.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	timeout := lim.Timeout
	if deadline, ok := ctx.Deadline(); ok {
		timeout = max(min(timeout, time.Until(deadline)), time.Millisecond)
	}
	runCtx, cancel := context.WithTimeout(ctx, timeout+cypherGrace)
	defer cancel()
	cleanup, cancelCleanup := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancelCleanup()
	fail := func(err error, explained bool) (*domain.CypherResult, error) {
		return nil, cypherError(runCtx, err, explained, timeout)
	}

	// FetchSize: the server computes one batch past the cap, not the rest.
	session := s.driver.NewSession(runCtx, neo4j.SessionConfig{
		AccessMode: neo4j.AccessModeRead, DatabaseName: s.database, FetchSize: rowCap + 1,
	})
	defer session.Close(cleanup)
	tx, err := session.BeginTransaction(runCtx, neo4j.WithTxTimeout(timeout),
		neo4j.WithTxMetadata(map[string]any{"app": "actorgraph", "endpoint": "cypher"}))
	if err != nil {
		return fail(err, false)
	}
	// Nothing is ever committed: Rollback also ends a stream cut short.
	defer func() { _ = tx.Rollback(cleanup) }()

	s.queries.Add(1)
	plan, err := tx.Run(runCtx, explainPrefix+q.Query, params)
	if err != nil {
		return fail(err, true)
	}
	explained, err := plan.Consume(runCtx)
	if err != nil {
		return fail(err, true)
	}
	if err := lim.checkPlan(explained, s.database); err != nil {
		return nil, err
	}

	started := time.Now()
	s.queries.Add(1)
	result, err := tx.Run(runCtx, q.Query, params)
	if err != nil {
		return fail(err, false)
	}
	columns, err := result.Keys()
	if err != nil {
		return fail(err, false)
	}
	out := &domain.CypherResult{Columns: columns, Rows: []any{}}
	size := 0
	for {
		if len(out.Rows) == rowCap {
			out.Truncated = result.Peek(runCtx)
			break
		}
		if !result.Next(runCtx) {
			break
		}
		values := result.Record().Values
		row := make(map[string]any, len(columns))
		for i, c := range columns {
			row[c] = jsonValue(values[i])
		}
		b, err := json.Marshal(row)
		if err != nil {
			return nil, &domain.Error{Code: domain.EINTERNAL, Message: "a row could not be encoded as JSON", Err: err}
		}
		if size+len(b)+1 > lim.MaxBytes {
			out.Truncated = true
			break
		}
		size += len(b) + 1
		out.Rows = append(out.Rows, row)
	}
	if err := result.Err(); err != nil {
		return fail(err, false)
	}

	out.Summary = domain.CypherSummary{QueryType: explained.StatementType().String(), Notifications: []domain.CypherNotification{}}
	notes, lineShift := explained.Notifications(), 1
	if out.Truncated {
		// The rest of the stream is discarded unread, so there is no
		// server summary; the time is measured here.
		out.Summary.ServerTimeMs = float64(time.Since(started).Microseconds()) / 1000
	} else {
		sum, err := result.Consume(runCtx)
		if err != nil {
			return fail(err, false)
		}
		out.Summary.ServerTimeMs = float64((max(sum.ResultAvailableAfter(), 0) + max(sum.ResultConsumedAfter(), 0)).Microseconds()) / 1000
		if n := sum.Notifications(); len(n) > 0 {
			notes, lineShift = n, 0
		}
	}
	for _, n := range notes {
		note := domain.CypherNotification{Code: n.Code(), Title: n.Title(), Description: n.Description(), Severity: n.RawSeverityLevel()}
		if p := n.Position(); p != nil && p.Line()-lineShift >= 1 {
			line, column := p.Line()-lineShift, p.Column()
			note.Line, note.Column = &line, &column
		}
		out.Summary.Notifications = append(out.Summary.Notifications, note)
	}
	return out, nil
}

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
	line, column, offset, found := errorPosition(ne)
	if found && explained {
		line, offset = line-1, offset-len(explainPrefix)
	}
	if found {
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
