// Package httpapi is actorgraph's HTTP layer: the routes, the middleware
// every request goes through (request log and metrics, body and time
// limits, tokens), POST /cypher, the probes, GraphiQL, and the one mapping
// of the domain's error codes to HTTP statuses.
package httpapi

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/metrics"
	"github.com/actorgraph/actorgraph/store"
)

// Deps is what the HTTP layer is built from. Every field is needed except
// the two tokens.
type Deps struct {
	Store    *store.Store     // POST /cypher and GET /readyz
	Resolver *graph.Resolver  // /graphql; its WritesEnabled should be APIToken != ""
	Log      *slog.Logger     // one line per request, and internal errors
	Metrics  *metrics.Metrics // request metrics, served at GET /metrics

	APIToken    string // bearer token that allows mutations; "" lets no request write
	CypherToken string // bearer token for the Cypher endpoints; "" leaves them open

	RequestTimeout time.Duration // time limit of one request
	MaxBody        int64         // request body limit, in bytes
	Limits         graph.Limits  // bounds of one GraphQL request
}

// NewServer returns the whole HTTP API: every route in one place, with the
// middleware that applies to all of them.
func NewServer(d Deps) http.Handler {
	mux := http.NewServeMux()
	gql := graph.NewHandler(d.Resolver, d.Limits, d.Log)
	mux.Handle("/graphql", withCypherToken(d.CypherToken, gql))
	mux.Handle("POST /cypher", handleCypher(d.Store, d.CypherToken, d.Log))
	mux.Handle("GET /{$}", handleGraphiQL())
	mux.Handle("GET /explore", handleExplorer())
	mux.Handle("GET /ui/", handleUIAssets())
	mux.Handle("GET /healthz", handleHealth())
	mux.Handle("GET /readyz", handleReady(d.Store))
	mux.Handle("GET /metrics", d.Metrics.Handler())

	// Outermost first: every request is logged and counted, whatever the
	// limits or the tokens make of it.
	var h http.Handler = mux
	h = withWriter(d.APIToken, h)
	h = withLimits(d.MaxBody, d.RequestTimeout, d.Log, h)
	return withObservability(d.Log, d.Metrics, h)
}
