// Package store holds all of actorgraph's Cypher. It owns the one Neo4j
// driver; every call names its database and its routing (readers for
// reads, the leader for writes), passes values only as parameters, and
// returns domain types and domain errors, never driver types.
package store

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/actorgraph/actorgraph/domain"
)

// Config says how to reach Neo4j.
type Config struct {
	URI      string // bolt://, neo4j:// (routing) or their +s/+ssc forms
	User     string // empty with an empty Password means no auth
	Password string
	Database string // "" means the server's default database
	// QueryTimeout bounds every transaction on the server (0: 30s).
	QueryTimeout time.Duration
	// RetryTime bounds how long a transaction is retried after a transient
	// error or a lost or refused connection (0: 1s). No back-off wait is
	// started that would end past it, so a request fails with EUNAVAILABLE
	// about RetryTime after it started on a Neo4j that is down. Loads set
	// it long, to wait for a Neo4j that is still starting.
	RetryTime time.Duration
	// ConnectTimeout bounds getting a connection (dialling, the Bolt
	// handshake, and checking that a pooled connection still answers) and
	// the ping of the health gate (0: 1s).
	ConnectTimeout time.Duration
	// MaxConcurrent bounds the queries in flight at once (0: 64).
	MaxConcurrent int
	// QueueWait is how long a query may wait for a slot before it fails
	// with EUNAVAILABLE (0: 2s).
	QueueWait time.Duration
	// Cypher bounds the analysts' read-only Cypher (RunCypher).
	Cypher CypherLimits
	// Observe, when set, is told of every statement the store sends, after
	// it ran: for metrics, and for tests that check query plans.
	Observe func(Statement)
}

// Statement is one Cypher statement the store sent.
type Statement struct {
	Cypher string
	Params map[string]any
	// Write says the statement ran in a write transaction, routed to the
	// leader; reads go to readers.
	Write    bool
	Duration time.Duration
	Err      error
}

// Store is actorgraph's access to Neo4j. It is safe for concurrent use.
type Store struct {
	driver         neo4j.DriverWithContext
	database       string
	queryTimeout   time.Duration
	retryTime      time.Duration
	connectTimeout time.Duration
	slots          chan struct{}
	queueWait      time.Duration
	queries        atomic.Int64
	cypher         CypherLimits
	observe        func(Statement)
	// unreachable is the health gate. It is set when a transaction could
	// not reach Neo4j, or waited on it until the caller gave up, and when
	// a ping fails. While it is set, every transaction first pings (within
	// connectTimeout), so that during an outage requests fail at once; the
	// first ping that answers clears it.
	unreachable atomic.Bool
}

// livenessCheckAfter: a pooled connection idle for longer is checked (a
// Bolt RESET, bounded by ConnectTimeout) before it is used. A connection
// to a host that vanished without closing it (a network partition, a
// frozen VM) would otherwise hold the first query until its deadline.
const livenessCheckAfter = time.Second

// Open creates the driver. It does not contact Neo4j, so a service can
// start while Neo4j is still down; Ping tells when it is up.
func Open(cfg Config) (*Store, error) {
	auth := neo4j.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	connectTimeout := orDefault(cfg.ConnectTimeout, time.Second)
	maxConcurrent := cfg.MaxConcurrent
	if maxConcurrent <= 0 {
		maxConcurrent = 64
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		// The driver runs each transaction function once; runTx retries,
		// with a back-off that never waits past RetryTime (the driver's
		// first wait after a refused connection is 2 s, its second 4 s).
		c.MaxTransactionRetryTime = 0
		c.SocketConnectTimeout = connectTimeout
		c.ConnectionAcquisitionTimeout = connectTimeout
		c.ConnectionLivenessCheckTimeout = livenessCheckAfter
		// Never full: slots bound the queries in flight, so a connection
		// is never waited for, only opened.
		c.MaxConnectionPoolSize = maxConcurrent + 8
	})
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "neo4j: cannot use URI %q: %v", cfg.URI, err)
	}
	return &Store{
		driver:         driver,
		database:       cfg.Database,
		queryTimeout:   orDefault(cfg.QueryTimeout, 30*time.Second),
		retryTime:      orDefault(cfg.RetryTime, time.Second),
		connectTimeout: connectTimeout,
		slots:          make(chan struct{}, maxConcurrent),
		queueWait:      orDefault(cfg.QueueWait, 2*time.Second),
		cypher:         cfg.Cypher.withDefaults(),
		observe:        cfg.Observe,
	}, nil
}

// Close closes the driver and its connections.
func (s *Store) Close(ctx context.Context) error {
	if err := s.driver.Close(ctx); err != nil {
		return fmt.Errorf("neo4j: close: %w", err)
	}
	return nil
}

// Ping checks, once and without retrying, that Neo4j answers a query on
// the store's database before ctx ends, and sets or clears the health gate
// accordingly. (Not the driver's VerifyConnectivity: after it failed, the
// driver held later transactions until their deadline.)
func (s *Store) Ping(ctx context.Context) error {
	err := s.ping(ctx)
	switch {
	case err == nil:
		s.unreachable.Store(false)
	case domain.ErrorCode(err) == domain.EUNAVAILABLE:
		s.unreachable.Store(true)
	}
	return err
}

// passGate pings, within ConnectTimeout, if the health gate is set: while
// Neo4j is away, that fails at once.
func (s *Store) passGate(ctx context.Context) error {
	if !s.unreachable.Load() {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.connectTimeout)
	defer cancel()
	return s.Ping(ctx)
}

// errNoAnswer is the cause of a ping that ran out of time.
var errNoAnswer = errors.New("no answer from Neo4j")

func (s *Store) ping(ctx context.Context) error {
	within := "in time"
	if deadline, ok := ctx.Deadline(); ok {
		within = "within " + time.Until(deadline).Round(100*time.Millisecond).String()
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.database})
	defer session.Close(context.WithoutCancel(ctx))
	result, err := session.Run(ctx, "RETURN 1", nil)
	if err == nil {
		_, err = result.Consume(ctx)
	}
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return &domain.Error{Code: domain.EUNAVAILABLE, Message: "Neo4j did not answer " + within,
			Err: fmt.Errorf("%w: %w", errNoAnswer, err)}
	}
	return mapError(ctx, err)
}

// QueryCount is the number of Cypher statements sent since Open; tests use
// it to prove the API does a bounded number of round trips.
func (s *Store) QueryCount() int64 { return s.queries.Load() }

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
