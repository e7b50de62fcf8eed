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
	"time"

	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/internal/httpapi"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/metrics"
	"github.com/actorgraph/actorgraph/store"
)

// serve runs the HTTP server until ctx ends, then drains it: in-flight
// requests finish (up to the shutdown timeout), new ones are refused, and
// the driver is closed last.
func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	e := &env{getenv: getenv}
	neo := neo4jFlags(fs, e)
	addr := fs.String("addr", envOr(getenv, "ACTORGRAPH_ADDR", ":8080"), "listen address (env ACTORGRAPH_ADDR)")
	requestTimeout := fs.Duration("request-timeout", e.duration("ACTORGRAPH_REQUEST_TIMEOUT", 10*time.Second), "time limit of one request (env ACTORGRAPH_REQUEST_TIMEOUT)")
	shutdownTimeout := fs.Duration("shutdown-timeout", e.duration("ACTORGRAPH_SHUTDOWN_TIMEOUT", 15*time.Second), "how long in-flight requests may finish on shutdown")
	fs.IntVar(&neo.MaxConcurrent, "max-concurrent-queries", e.int("ACTORGRAPH_MAX_CONCURRENT_QUERIES", 64), "Neo4j queries in flight at once; more wait briefly, then fail with 503 (env ACTORGRAPH_MAX_CONCURRENT_QUERIES)")
	fs.DurationVar(&neo.Cypher.Timeout, "cypher-timeout", e.duration("ACTORGRAPH_CYPHER_TIMEOUT", 5*time.Second), "time limit of an analyst's Cypher query, enforced by Neo4j (env ACTORGRAPH_CYPHER_TIMEOUT)")
	fs.IntVar(&neo.Cypher.MaxRows, "cypher-max-rows", e.int("ACTORGRAPH_CYPHER_MAX_ROWS", 1000), "row cap of an analyst's Cypher query; `limit` may lower it (env ACTORGRAPH_CYPHER_MAX_ROWS)")
	fs.IntVar(&neo.Cypher.MaxBytes, "cypher-max-bytes", e.int("ACTORGRAPH_CYPHER_MAX_BYTES", 4<<20), "byte cap of a Cypher result's rows (env ACTORGRAPH_CYPHER_MAX_BYTES)")
	maxBody := fs.Int64("max-body", int64(e.int("ACTORGRAPH_MAX_BODY", 1<<20)), "request body limit in bytes (env ACTORGRAPH_MAX_BODY)")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if err := e.err(); err != nil {
		return err
	}
	finishNeo4j(neo)
	neo.QueryTimeout = *requestTimeout
	log := newLogger(stderr)
	m := metrics.New()
	neo.Observe = func(st store.Statement) { m.Statement(st.Write, st.Duration, st.Err) }

	st, err := store.Open(*neo)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	pingCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	if err := st.Ping(pingCtx); err != nil {
		log.Warn("Neo4j is not reachable yet; serving anyway, /readyz says when it is", "uri", neo.URI, "err", err)
	}
	cancel()

	apiToken := getenv("ACTORGRAPH_API_TOKEN")
	handler := httpapi.NewServer(httpapi.Deps{
		Store: st,
		Resolver: &graph.Resolver{Store: st, WritesEnabled: apiToken != "", Loader: loader.New(st, loader.Options{
			OnWrite: func(kind string, w store.WriteResult) { m.RowsWritten(kind, w.Created, w.Updated, w.Unchanged) },
		})},
		Log:            log,
		Metrics:        m,
		APIToken:       apiToken,
		CypherToken:    getenv("ACTORGRAPH_CYPHER_TOKEN"),
		RequestTimeout: *requestTimeout,
		MaxBody:        *maxBody,
		Limits:         graph.DefaultLimits,
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", *addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       *requestTimeout + 5*time.Second,
		WriteTimeout:      *requestTimeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "actorgraph listening on http://%s\n", ln.Addr())
	log.Info("serving", "addr", ln.Addr().String(), "neo4j", neo.URI, "database", neo.Database, "mutations", apiToken != "")

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", shutdownTimeout.String())
	shutdownCtx, cancelShutdown := context.WithTimeout(context.WithoutCancel(ctx), *shutdownTimeout)
	defer cancelShutdown()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
