package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/internal/httpapi"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/metrics"
	"github.com/actorgraph/actorgraph/store"
)

// serveConfig is what the serve command's flags and environment say.
type serveConfig struct {
	neo             *store.Config
	addr            string
	requestTimeout  time.Duration
	shutdownTimeout time.Duration
	maxBody         int64
	apiToken        string
	cypherToken     string
}

// serveFlags parses the serve command's flags over its environment.
func serveFlags(args []string, getenv func(string) string, stderr io.Writer) (serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	e := &env{getenv: getenv}
	c := serveConfig{neo: neo4jFlags(fs, e), apiToken: getenv("ACTORGRAPH_API_TOKEN"), cypherToken: getenv("ACTORGRAPH_CYPHER_TOKEN")}
	neo := c.neo
	fs.StringVar(&c.addr, "addr", envOr(getenv, "ACTORGRAPH_ADDR", ":8080"), "listen address (env ACTORGRAPH_ADDR)")
	fs.DurationVar(&c.requestTimeout, "request-timeout", e.duration("ACTORGRAPH_REQUEST_TIMEOUT", 10*time.Second), "time limit of one request (env ACTORGRAPH_REQUEST_TIMEOUT)")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", e.duration("ACTORGRAPH_SHUTDOWN_TIMEOUT", 15*time.Second), "how long in-flight requests may finish on shutdown")
	fs.IntVar(&neo.MaxConcurrent, "max-concurrent-queries", e.int("ACTORGRAPH_MAX_CONCURRENT_QUERIES", 64), "Neo4j queries in flight at once; more wait briefly, then fail with 503 (env ACTORGRAPH_MAX_CONCURRENT_QUERIES)")
	fs.DurationVar(&neo.Cypher.Timeout, "cypher-timeout", e.duration("ACTORGRAPH_CYPHER_TIMEOUT", 5*time.Second), "time limit of an analyst's Cypher query, enforced by Neo4j (env ACTORGRAPH_CYPHER_TIMEOUT)")
	fs.IntVar(&neo.Cypher.MaxRows, "cypher-max-rows", e.int("ACTORGRAPH_CYPHER_MAX_ROWS", 1000), "row cap of an analyst's Cypher query; `limit` may lower it (env ACTORGRAPH_CYPHER_MAX_ROWS)")
	fs.IntVar(&neo.Cypher.MaxBytes, "cypher-max-bytes", e.int("ACTORGRAPH_CYPHER_MAX_BYTES", 4<<20), "byte cap of a Cypher result's rows (env ACTORGRAPH_CYPHER_MAX_BYTES)")
	fs.Int64Var(&c.maxBody, "max-body", int64(e.int("ACTORGRAPH_MAX_BODY", 1<<20)), "request body limit in bytes (env ACTORGRAPH_MAX_BODY)")
	if err := parseFlags(fs, args, e, stderr); err != nil {
		return c, err
	}
	// The environment is checked by env; flags are checked here, so that a
	// zero limit (every request refused or timed out) fails at start.
	if c.requestTimeout <= 0 || c.shutdownTimeout <= 0 || c.maxBody <= 0 || neo.MaxConcurrent <= 0 || neo.Cypher.Timeout <= 0 ||
		neo.Cypher.MaxRows <= 0 || neo.Cypher.MaxBytes <= 0 || neo.ConnectTimeout <= 0 {
		return c, fmt.Errorf("%w: time limits, sizes and counts must be positive", errUsage)
	}
	finishNeo4j(neo)
	neo.QueryTimeout = c.requestTimeout
	return c, nil
}

// serve runs the HTTP server until ctx ends, then drains it: in-flight
// requests finish (up to the shutdown timeout), new ones are refused, and
// the driver is closed last.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c, err := serveFlags(args, getenv, stderr)
	if err != nil {
		return err
	}
	log := newLogger(stderr)
	gcPercent := tuneGC(getenv)
	m := metrics.New()
	c.neo.Observe = func(st store.Statement) { m.Statement(st.Write, st.Duration, st.Err) }
	st, err := store.Open(*c.neo)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	pingCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	if err := st.Ping(pingCtx); err != nil {
		log.Warn("Neo4j is not reachable yet; serving anyway, /readyz says when it is", "uri", c.neo.URI, "err", err)
	}
	cancel()

	handler := httpapi.NewServer(httpapi.Deps{
		Store: st,
		Resolver: &graph.Resolver{Store: st, WritesEnabled: c.apiToken != "", Loader: loader.New(st, loader.Options{
			OnWrite: func(kind string, w store.WriteResult) { m.RowsWritten(kind, w.Created, w.Updated, w.Unchanged) },
		})},
		Log:            log,
		Metrics:        m,
		APIToken:       c.apiToken,
		CypherToken:    c.cypherToken,
		RequestTimeout: c.requestTimeout,
		MaxBody:        c.maxBody,
		Limits:         graph.DefaultLimits,
	})
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", c.addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       c.requestTimeout + 5*time.Second,
		WriteTimeout:      c.requestTimeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "actorgraph listening on http://%s\n", ln.Addr())
	log.Info("serving", "addr", ln.Addr().String(), "neo4j", c.neo.URI, "database", c.neo.Database, "mutations", c.apiToken != "", "gcPercent", gcPercent)
	return serveUntilDone(ctx, srv, ln, log, c.shutdownTimeout)
}

// serverGCPercent is the server's garbage collection target unless GOGC
// says otherwise. The server's live heap is a few megabytes, so the
// runtime's default (GOGC=100, a 4 MB heap goal at least) collects every
// few requests under load: at concurrency 8, op (a) on the medium graph
// made 681 collections in 10 s, and GC was most of the server's CPU
// (bench/OPA.md). 400 lets the heap grow to five times what is live, a
// few tens of megabytes, and takes a fifth off the CPU per request.
const serverGCPercent = 400

// tuneGC sets the server's garbage collection target, unless GOGC is set
// (the runtime reads it), and returns the target in force.
func tuneGC(getenv func(string) string) int {
	if getenv("GOGC") != "" {
		percent := debug.SetGCPercent(100)
		debug.SetGCPercent(percent)
		return percent
	}
	debug.SetGCPercent(serverGCPercent)
	return serverGCPercent
}

// serveUntilDone serves on ln until ctx ends, then shuts srv down,
// letting in-flight requests finish within shutdownTimeout.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger, shutdownTimeout time.Duration) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", shutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
