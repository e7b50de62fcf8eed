package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// work is one transaction's worth of Cypher.
type work[T any] func(ctx context.Context, tx neo4j.ManagedTransaction) (T, error)

// readTx runs fn in a managed read transaction routed to readers.
func readTx[T any](ctx context.Context, s *Store, fn work[T]) (T, error) {
	return runTx(ctx, s, neo4j.AccessModeRead, fn)
}

// writeTx runs fn in a managed write transaction routed to the leader.
func writeTx[T any](ctx context.Context, s *Store, fn work[T]) (T, error) {
	return runTx(ctx, s, neo4j.AccessModeWrite, fn)
}

func runTx[T any](ctx context.Context, s *Store, mode neo4j.AccessMode, fn work[T]) (T, error) {
	var zero T
	release, err := s.acquire(ctx)
	if err != nil {
		return zero, err
	}
	defer release()
	// A known outage: one ping and no retries, so that every request fails
	// at once instead of waiting out RetryTime.
	if err := s.passGate(ctx); err != nil {
		return zero, err
	}
	ctx = context.WithValue(ctx, writeModeKey{}, mode == neo4j.AccessModeWrite)
	txWork := func(tx neo4j.ManagedTransaction) (any, error) { return fn(ctx, tx) }
	out, err := s.retrying(ctx, func() (any, error) { return s.attempt(ctx, mode, txWork) })
	if err != nil {
		return zero, err
	}
	return out.(T), nil
}

// attempt runs work in one managed transaction, the driver trying it once
// (MaxTransactionRetryTime 0). After a failure that set the health gate,
// it pings first: while Neo4j stays away, that fails at once.
func (s *Store) attempt(ctx context.Context, mode neo4j.AccessMode, work neo4j.ManagedTransactionWork) (any, error) {
	if err := s.passGate(ctx); err != nil {
		return nil, err
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: s.database})
	defer session.Close(context.WithoutCancel(ctx))
	timeout := neo4j.WithTxTimeout(s.txTimeout(ctx))
	if mode == neo4j.AccessModeRead {
		return session.ExecuteRead(ctx, work, timeout)
	}
	return session.ExecuteWrite(ctx, work, timeout)
}

// retrying calls try until it succeeds, fails in a way that a retry cannot
// mend, or RetryTime is spent: no back-off wait is started that would end
// past it. A failure that makes Neo4j look unreachable sets the health
// gate, so that the next attempt, and every other transaction, pings
// first.
func (s *Store) retrying(ctx context.Context, try func() (any, error)) (any, error) {
	start := time.Now()
	for n := 0; ; n++ {
		out, err := try()
		if err == nil {
			return out, nil
		}
		if suspect(ctx, err) {
			s.unreachable.Store(true)
		}
		delay := retryDelay(n)
		if !retryable(err) || time.Since(start)+delay > s.retryTime || !sleep(ctx, delay) {
			return nil, mapError(ctx, err)
		}
	}
}

// retryDelay is the wait before retry n+1: none before the first (the
// usual failure is one pooled connection that Neo4j closed), then 50 ms,
// doubling up to 1 s, each ±20% so that many callers do not retry in step.
func retryDelay(n int) time.Duration {
	if n == 0 {
		return 0
	}
	d := min(50*time.Millisecond<<min(n-1, 5), time.Second)
	return d - d/5 + rand.N(2*d/5)
}

// sleep waits d, or less if ctx ends first; it says whether it waited d.
func sleep(ctx context.Context, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// retryable says whether a failed attempt may be tried again. The driver,
// which runs each transaction function once, reports a failure it would
// have retried as a TransactionExecutionLimit; other failures (a ping's,
// or one the store wrapped) are judged by the driver's rule, and a ping
// that got no answer in time counts as a lost connection.
func retryable(err error) bool {
	var limit *neo4j.TransactionExecutionLimit
	return errors.As(err, &limit) || errors.Is(err, errNoAnswer) || driverRetryable(err)
}

// driverRetryable applies the driver's rule (a lost, refused or timed-out
// connection, a transient Neo4j error) to err and the errors it wraps.
func driverRetryable(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if neo4j.IsRetryable(err) {
			return true
		}
	}
	return false
}

// suspect says whether a failure makes Neo4j look unreachable: one a
// retry could mend (a lost, refused or silent connection, a transient
// error), or the caller's deadline passing before Neo4j answered.
func suspect(ctx context.Context, err error) bool {
	var ne *neo4j.Neo4jError
	return retryable(err) || (errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.As(err, &ne))
}

// txTimeout is the store's query timeout, shortened to the caller's
// deadline so that Neo4j stops work nobody waits for any more.
func (s *Store) txTimeout(ctx context.Context) time.Duration {
	timeout := s.queryTimeout
	if deadline, ok := ctx.Deadline(); ok {
		if left := time.Until(deadline); left < timeout {
			timeout = max(left, time.Millisecond)
		}
	}
	return timeout
}

// acquire takes one of the store's query slots, waiting at most queueWait:
// under overload callers get a clear EUNAVAILABLE instead of piling up.
func (s *Store) acquire(ctx context.Context) (release func(), err error) {
	select {
	case s.slots <- struct{}{}:
	default:
		timer := time.NewTimer(s.queueWait)
		defer timer.Stop()
		select {
		case s.slots <- struct{}{}:
		case <-timer.C:
			return nil, domain.Errorf(domain.EUNAVAILABLE, "too many concurrent queries (%d in flight); retry shortly", cap(s.slots))
		case <-ctx.Done():
			return nil, mapError(ctx, ctx.Err())
		}
	}
	return func() { <-s.slots }, nil
}

// writeModeKey marks the context of a write transaction's work, so that
// the statements in it are reported as writes.
type writeModeKey struct{}

// run sends one statement and collects its records.
func (s *Store) run(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (records []*neo4j.Record, err error) {
	s.queries.Add(1)
	if s.observe != nil {
		write, _ := ctx.Value(writeModeKey{}).(bool)
		defer func(start time.Time) {
			s.observe(Statement{Cypher: cypher, Params: params, Write: write, Duration: time.Since(start), Err: err})
		}(time.Now())
	}
	result, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return result.Collect(ctx)
}

// single runs a statement that returns at most one record.
func (s *Store) single(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (*neo4j.Record, error) {
	records, err := s.run(ctx, tx, cypher, params)
	if err != nil || len(records) == 0 {
		return nil, err
	}
	return records[0], nil
}

// mapError turns driver and context errors into domain errors that say
// what the caller can do about them; the driver error stays wrapped.
func mapError(ctx context.Context, err error) error {
	var (
		de    *domain.Error
		ne    *neo4j.Neo4jError
		ce    *neo4j.ConnectivityError
		limit *neo4j.TransactionExecutionLimit
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &de):
		return err
	case errors.As(err, &limit):
		// The driver gave up retrying: what failed last says why.
		if n := len(limit.Errors); n > 0 && !errors.As(limit.Errors[n-1], &ce) {
			if mapped := mapError(ctx, limit.Errors[n-1]); domain.ErrorCode(mapped) != domain.EINTERNAL {
				return mapped
			}
		}
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "Neo4j is unavailable", Err: err}
	case errors.As(err, &ne):
		return mapNeo4jError(ne)
	case errors.As(err, &ce), driverRetryable(err): // also: no connection within ConnectTimeout
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "Neo4j is unavailable", Err: err}
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &domain.Error{Code: domain.ETIMEOUT, Message: "the query ran out of time", Err: err}
	case errors.Is(err, context.Canceled):
		return &domain.Error{Code: domain.ETIMEOUT, Message: "the request was cancelled", Err: err}
	}
	return &domain.Error{Code: domain.EINTERNAL, Message: "internal error", Err: fmt.Errorf("neo4j: %w", err)}
}

func mapNeo4jError(ne *neo4j.Neo4jError) error {
	details := map[string]any{"neo4jCode": ne.Code}
	switch {
	case strings.HasPrefix(ne.Code, "Neo.ClientError.Transaction.TransactionTimedOut"),
		strings.Contains(ne.Code, "TransactionTimedOut"):
		return &domain.Error{Code: domain.ETIMEOUT, Message: "the query ran past its time limit and was stopped", Details: details, Err: ne}
	case ne.IsAuthenticationFailed() || ne.HasSecurityCode():
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "Neo4j refused actorgraph's credentials", Details: details, Err: ne}
	case ne.Classification() == "TransientError" || strings.HasPrefix(ne.Code, "Neo.TransientError"):
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "Neo4j is busy; retry shortly", Details: details, Err: ne}
	case ne.Classification() == "ClientError":
		return &domain.Error{Code: domain.EINVALID, Message: ne.Msg, Details: details, Err: ne}
	}
	return &domain.Error{Code: domain.EINTERNAL, Message: "Neo4j failed", Details: details, Err: ne}
}
