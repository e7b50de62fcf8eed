package httpapi

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/metrics"
)

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// endpoints are the metric labels of the routes; anything else is "other",
// so that scanners cannot mint label values.
var endpoints = map[string]string{"/graphql": "graphql", "/cypher": "cypher", "/": "graphiql",
	"/healthz": "healthz", "/readyz": "readyz", "/metrics": "metrics"}

// withObservability logs one line per request and records its metrics:
// endpoint, GraphQL operation name, outcome and duration. It never logs
// bodies, headers or parameters, which may carry tokens and analysts' data.
func withObservability(log *slog.Logger, m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ctx, op := graph.WithOperationInfo(r.Context())
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r.WithContext(ctx))
		elapsed := time.Since(start)
		outcome := outcomeOf(op.Outcome, rec.status)
		endpoint, ok := endpoints[r.URL.Path]
		if !ok {
			endpoint = "other"
		}
		m.Request(endpoint, op.Name, outcome, elapsed)
		log.InfoContext(r.Context(), "request", "method", r.Method, "endpoint", endpoint, "operation", op.Name,
			"outcome", outcome, "status", rec.status, "duration_ms", float64(elapsed.Microseconds())/1000)
	})
}

// outcomeOf labels a request: the GraphQL error code when the operation
// reported one, else http_<status> for a failed request, else ok.
func outcomeOf(operationOutcome string, status int) string {
	switch {
	case operationOutcome != "" && operationOutcome != "ok":
		return operationOutcome
	case status >= 400:
		return "http_" + strconv.Itoa(status)
	}
	return "ok"
}
