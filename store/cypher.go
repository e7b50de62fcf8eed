package store

import (
	"context"
	"encoding/json"
	"fmt"
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
	rowCap, params, err := lim.checkRequest(q)
	if err != nil {
		return nil, err
	}
	release, err := s.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	c, err := s.beginCypher(ctx, lim.Timeout, rowCap)
	if err != nil {
		return nil, err
	}
	defer c.end()
	explained, err := s.explain(c, &lim, q.Query, params)
	if err != nil {
		return nil, err
	}
	started := time.Now()
	s.queries.Add(1)
	result, err := c.tx.Run(c.ctx, q.Query, params)
	if err != nil {
		return nil, c.fail(err, false)
	}
	out, err := c.readRows(result, rowCap, lim.MaxBytes)
	if err != nil {
		return nil, err
	}
	out.Summary, err = c.summary(explained, result, out.Truncated, started)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkRequest checks what needs no round trip: the row limit, the size of
// the query and of its params, and the query's text. It returns the row cap
// and the normalised params.
func (l *CypherLimits) checkRequest(q domain.CypherQuery) (rowCap int, params map[string]any, err error) {
	rowCap = l.MaxRows
	switch {
	case q.Limit < 0:
		return 0, nil, domain.Errorf(domain.EINVALID, "limit must not be negative")
	case q.Limit > 0 && q.Limit < rowCap:
		rowCap = q.Limit
	}
	if strings.TrimSpace(q.Query) == "" {
		return 0, nil, domain.Errorf(domain.EINVALID, "the query is empty")
	}
	if n := utf8.RuneCountInString(q.Query); n > l.MaxQueryLength {
		return 0, nil, &domain.Error{Code: domain.ELIMIT, Details: map[string]any{"length": n, "limit": l.MaxQueryLength},
			Message: fmt.Sprintf("the query is %d characters long; the limit is %d", n, l.MaxQueryLength)}
	}
	if params, err = l.checkParams(q.Params); err != nil {
		return 0, nil, err
	}
	if err := l.checkText(q.Query); err != nil {
		return 0, nil, err
	}
	return rowCap, params, nil
}

// checkParams normalises the params and checks their size as JSON.
func (l *CypherLimits) checkParams(raw map[string]any) (map[string]any, error) {
	params, err := cypherParams(raw)
	if err != nil {
		return nil, err
	}
	encoded, err := json.Marshal(params)
	if err != nil {
		return nil, &domain.Error{Code: domain.EINVALID, Message: "params cannot be encoded as JSON", Err: err}
	}
	if len(encoded) > l.MaxParamsBytes {
		return nil, &domain.Error{Code: domain.ELIMIT, Details: map[string]any{"size": len(encoded), "limit": l.MaxParamsBytes},
			Message: fmt.Sprintf("the params take %d bytes as JSON; the limit is %d", len(encoded), l.MaxParamsBytes)}
	}
	return params, nil
}

// cypherTx is the read transaction an analyst's query runs in, with the
// contexts that bound it. Nothing in it is ever committed.
type cypherTx struct {
	// ctx is the caller's, cut at the timeout plus cypherGrace; cleanup
	// outlives it, to roll back and close after it ended.
	ctx, cleanup context.Context
	timeout      time.Duration
	session      neo4j.SessionWithContext
	tx           neo4j.ExplicitTransaction
	cancel       []context.CancelFunc
}

// beginCypher opens the session and begins the transaction, with a
// server-side timeout no longer than the caller's deadline allows.
func (s *Store) beginCypher(ctx context.Context, timeout time.Duration, rowCap int) (*cypherTx, error) {
	if deadline, ok := ctx.Deadline(); ok {
		timeout = max(min(timeout, time.Until(deadline)), time.Millisecond)
	}
	c := &cypherTx{timeout: timeout}
	var cancelRun, cancelCleanup context.CancelFunc
	c.ctx, cancelRun = context.WithTimeout(ctx, timeout+cypherGrace)
	c.cleanup, cancelCleanup = context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	c.cancel = []context.CancelFunc{cancelCleanup, cancelRun}

	// FetchSize: the server computes one batch past the cap, not the rest.
	c.session = s.driver.NewSession(c.ctx, neo4j.SessionConfig{
		AccessMode: neo4j.AccessModeRead, DatabaseName: s.database, FetchSize: rowCap + 1,
	})
	tx, err := c.session.BeginTransaction(c.ctx, neo4j.WithTxTimeout(timeout),
		neo4j.WithTxMetadata(map[string]any{"app": "actorgraph", "endpoint": "cypher"}))
	if err != nil {
		err = c.fail(err, false)
		c.end()
		return nil, err
	}
	c.tx = tx
	return c, nil
}

// end rolls the transaction back (which also ends a stream cut short),
// closes the session and releases the contexts.
func (c *cypherTx) end() {
	if c.tx != nil {
		_ = c.tx.Rollback(c.cleanup)
	}
	_ = c.session.Close(c.cleanup)
	for _, cancel := range c.cancel {
		cancel()
	}
}

// fail maps a failure of the query; explained says it came from the
// EXPLAIN.
func (c *cypherTx) fail(err error, explained bool) error {
	return cypherError(c.ctx, err, explained, c.timeout)
}

// explain is the plan check: the query under EXPLAIN (nothing runs), and
// what Neo4j says it would do checked by checkPlan.
func (s *Store) explain(c *cypherTx, lim *CypherLimits, query string, params map[string]any) (neo4j.ResultSummary, error) {
	s.queries.Add(1)
	plan, err := c.tx.Run(c.ctx, explainPrefix+query, params)
	if err != nil {
		return nil, c.fail(err, true)
	}
	explained, err := plan.Consume(c.ctx)
	if err != nil {
		return nil, c.fail(err, true)
	}
	if err := lim.checkPlan(explained, s.database); err != nil {
		return nil, err
	}
	return explained, nil
}

// readRows reads at most rowCap rows and maxBytes of their JSON; the
// result is Truncated when either cap cut it short.
func (c *cypherTx) readRows(result neo4j.ResultWithContext, rowCap, maxBytes int) (*domain.CypherResult, error) {
	columns, err := result.Keys()
	if err != nil {
		return nil, c.fail(err, false)
	}
	out := &domain.CypherResult{Columns: columns, Rows: []any{}}
	size := 0
	for {
		if len(out.Rows) == rowCap {
			out.Truncated = result.Peek(c.ctx)
			break
		}
		if !result.Next(c.ctx) {
			break
		}
		values := result.Record().Values
		row := make(map[string]any, len(columns))
		for i, col := range columns {
			row[col] = jsonValue(values[i])
		}
		b, err := json.Marshal(row)
		if err != nil {
			return nil, &domain.Error{Code: domain.EINTERNAL, Message: "a row could not be encoded as JSON", Err: err}
		}
		if size+len(b)+1 > maxBytes {
			out.Truncated = true
			break
		}
		size += len(b) + 1
		out.Rows = append(out.Rows, row)
	}
	if err := result.Err(); err != nil {
		return nil, c.fail(err, false)
	}
	return out, nil
}

// summary is the query's type, time and notifications. A truncated result
// is not read to its end, so it has no server summary: its time is
// measured here, and its notifications are those of the EXPLAIN.
func (c *cypherTx) summary(explained neo4j.ResultSummary, result neo4j.ResultWithContext, truncated bool, started time.Time) (domain.CypherSummary, error) {
	sum := domain.CypherSummary{QueryType: explained.StatementType().String()}
	notes, lineShift := explained.Notifications(), 1
	if truncated {
		sum.ServerTimeMs = float64(time.Since(started).Microseconds()) / 1000
	} else {
		ran, err := result.Consume(c.ctx)
		if err != nil {
			return sum, c.fail(err, false)
		}
		sum.ServerTimeMs = float64((max(ran.ResultAvailableAfter(), 0) + max(ran.ResultConsumedAfter(), 0)).Microseconds()) / 1000
		if n := ran.Notifications(); len(n) > 0 {
			notes, lineShift = n, 0
		}
	}
	sum.Notifications = cypherNotifications(notes, lineShift)
	return sum, nil
}

// cypherNotifications converts Neo4j's notifications; lineShift is what
// the EXPLAIN prefix added to their lines.
func cypherNotifications(notes []neo4j.Notification, lineShift int) []domain.CypherNotification {
	out := make([]domain.CypherNotification, 0, len(notes))
	for _, n := range notes {
		note := domain.CypherNotification{Code: n.Code(), Title: n.Title(), Description: n.Description(), Severity: n.RawSeverityLevel()}
		if p := n.Position(); p != nil && p.Line()-lineShift >= 1 {
			line, column := p.Line()-lineShift, p.Column()
			note.Line, note.Column = &line, &column
		}
		out = append(out, note)
	}
	return out
}
