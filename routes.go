package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/metrics"
	"github.com/actorgraph/actorgraph/store"
)

type serverDeps struct {
	store          *store.Store
	resolver       *graph.Resolver
	log            *slog.Logger
	metrics        *metrics.Metrics
	apiToken       string // "" disables mutations
	cypherToken    string // "" leaves the Cypher endpoints open
	requestTimeout time.Duration
	maxBody        int64
	limits         graph.Limits
}

// newServer wires every route in one place, with the middleware that
// applies to all of them.
func newServer(d serverDeps) http.Handler {
	mux := http.NewServeMux()
	gql := graph.NewHandler(d.resolver, d.limits, d.log)
	mux.Handle("/graphql", withCypherToken(d.cypherToken, gql))
	mux.Handle("POST /cypher", handleCypher(d.store, d.cypherToken))
	mux.Handle("GET /{$}", handleGraphiQL())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.Handle("GET /readyz", handleReady(d.store))
	mux.Handle("GET /metrics", d.metrics.Handler())

	var h http.Handler = mux
	h = withWriter(d.apiToken, h)
	h = withLimits(d.maxBody, d.requestTimeout, h)
	return withObservability(d.log, d.metrics, h)
}

// withLimits bounds every request's body and time. The body is read here,
// whole, so an oversized one gets a clear 413 before any handler runs.
func withLimits(maxBody int64, timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				writeError(w, domain.Errorf(domain.ELIMIT, "the request body is larger than the limit of %d bytes", maxBody))
				return
			}
			writeError(w, domain.Errorf(domain.EINVALID, "could not read the request body"))
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// bearer reports whether r carries `Authorization: Bearer <token>`. The
// comparison is of hashes, in constant time, so neither the token nor its
// length leaks through timing.
func bearer(r *http.Request, token string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	gotSum, wantSum := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(token))
	return ok && subtle.ConstantTimeCompare(gotSum[:], wantSum[:]) == 1
}

// withWriter marks requests that carry the API token as allowed to write.
func withWriter(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" && bearer(r, token) {
			r = r.WithContext(graph.WithWriter(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

// withCypherToken lets the GraphQL cypher field run only for callers with
// the Cypher token, when one is configured; other fields stay open.
func withCypherToken(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" || bearer(r, token) {
			r = r.WithContext(graph.WithCypherAccess(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

// handleReady answers 200 when Neo4j answers and the schema is in place,
// else 503 with the reason: a Kubernetes readiness probe.
func handleReady(s *store.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		err := s.Ping(ctx)
		if err == nil {
			err = s.SchemaPresent(ctx)
		}
		if err != nil {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": domain.ErrorMessage(err)})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	})
}

const exampleQuery = `# Who does Russia partner with, and on what evidence?
query RussiaPartners {
  actor(name: "Russia") {
    name
    relations(types: ["PARTNERS_WITH"], first: 10) {
      totalCount
      edges {
        node {
          type
          to { ... on Actor { name kind } }
          since
          evidence { quote source { title } }
        }
      }
    }
  }
}
`

// handleGraphiQL serves GraphiQL, opening on an example query.
func handleGraphiQL() http.Handler {
	page := playground.Handler("actorgraph", "/graphql", playground.WithGraphiqlPersistStateInURL(true))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("query") == "" {
			http.Redirect(w, r, "/?query="+url.QueryEscape(exampleQuery), http.StatusFound)
			return
		}
		page.ServeHTTP(w, r)
	})
}
