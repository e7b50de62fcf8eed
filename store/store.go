// Package store holds all of actorgraph's Cypher. It owns the one Neo4j
// driver; every call names its database and its routing (readers for
// reads, the leader for writes), passes values only as parameters, and
// returns domain types and domain errors, never driver types.
package store

import (
	"context"
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
	// RetryTime bounds the driver's retries of transient and connection
	// errors (0: 2s): past it a request fails with EUNAVAILABLE instead of
	// waiting out its whole time limit on a Neo4j that is down.
	RetryTime time.Duration
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
	driver       neo4j.DriverWithContext
	database     string
	queryTimeout time.Duration
	slots        chan struct{}
	queueWait    time.Duration
	queries      atomic.Int64
	cypher       CypherLimits
	observe      func(Statement)
	// unreachable is set when a transaction could not reach Neo4j. While it
	// is set, each transaction first pings once, without retries, so that
	// during an outage requests fail at once instead of each waiting out
	// the driver's retry backoff; the first ping that answers clears it.
	unreachable atomic.Bool
}

// Open creates the driver. It does not contact Neo4j, so a service can
// start while Neo4j is still down; Ping tells when it is up.
func Open(cfg Config) (*Store, error) {
	auth := neo4j.NoAuth()
	if cfg.User != "" || cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	retry := orDefault(cfg.RetryTime, 2*time.Second)
	maxConcurrent := cfg.MaxConcurrent
	if maxConcurrent <= 0 {
		maxConcurrent = 64
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxTransactionRetryTime = retry
		c.SocketConnectTimeout = 2 * time.Second
		c.ConnectionAcquisitionTimeout = 5 * time.Second
		c.MaxConnectionPoolSize = maxConcurrent + 8
	})
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "neo4j: cannot use URI %q: %v", cfg.URI, err)
	}
	return &Store{
		driver:       driver,
		database:     cfg.Database,
		queryTimeout: orDefault(cfg.QueryTimeout, 30*time.Second),
		slots:        make(chan struct{}, maxConcurrent),
		queueWait:    orDefault(cfg.QueueWait, 2*time.Second),
		cypher:       cfg.Cypher.withDefaults(),
		observe:      cfg.Observe,
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
// the store's database. (Not the driver's VerifyConnectivity: after it
// failed, the driver held later transactions until their deadline.)
func (s *Store) Ping(ctx context.Context) error {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: s.database})
	defer session.Close(context.WithoutCancel(ctx))
	result, err := session.Run(ctx, "RETURN 1", nil)
	if err == nil {
		_, err = result.Consume(ctx)
	}
	err = mapError(ctx, err)
	s.unreachable.Store(domain.ErrorCode(err) == domain.EUNAVAILABLE)
	return err
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
