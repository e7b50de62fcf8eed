// Package metrics exposes actorgraph's Prometheus metrics: requests by
// endpoint, operation and outcome, their latency, Neo4j statement
// durations and errors, rows written, and the Go runtime.
package metrics

import (
	"net/http"
	"regexp"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one registry of actorgraph's metrics. It is safe for
// concurrent use.
type Metrics struct {
	registry        *prometheus.Registry
	requests        *prometheus.CounterVec
	requestDuration *prometheus.HistogramVec
	statements      *prometheus.HistogramVec
	statementErrors *prometheus.CounterVec
	rowsWritten     *prometheus.CounterVec
	operations      *boundedNames
}

// New registers every metric, with the Go runtime and process collectors.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "actorgraph_requests_total",
			Help: "HTTP requests by endpoint, GraphQL operation name and outcome (ok, or the error code).",
		}, []string{"endpoint", "operation", "outcome"}),
		requestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "actorgraph_request_duration_seconds",
			Help:    "HTTP request latency by endpoint and GraphQL operation name.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"endpoint", "operation"}),
		statements: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "actorgraph_neo4j_statement_duration_seconds",
			Help:    "Time of each Cypher statement actorgraph sent, until its records were read, by access mode.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"mode"}),
		statementErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "actorgraph_neo4j_statement_errors_total",
			Help: "Cypher statements that failed, by access mode.",
		}, []string{"mode"}),
		rowsWritten: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "actorgraph_rows_written_total",
			Help: "Rows the loader wrote (also through mutations), by record kind and change (created, updated, unchanged).",
		}, []string{"kind", "change"}),
		operations: &boundedNames{max: 200, seen: map[string]bool{}},
	}
	reg.MustRegister(m.requests, m.requestDuration, m.statements, m.statementErrors, m.rowsWritten,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Request records one HTTP request.
func (m *Metrics) Request(endpoint, operation, outcome string, d time.Duration) {
	operation = m.operations.label(operation)
	m.requests.WithLabelValues(endpoint, operation, outcome).Inc()
	m.requestDuration.WithLabelValues(endpoint, operation).Observe(d.Seconds())
}

// Statement records one Cypher statement.
func (m *Metrics) Statement(write bool, d time.Duration, err error) {
	mode := "read"
	if write {
		mode = "write"
	}
	m.statements.WithLabelValues(mode).Observe(d.Seconds())
	if err != nil {
		m.statementErrors.WithLabelValues(mode).Inc()
	}
}

// RowsWritten records what one write did.
func (m *Metrics) RowsWritten(kind string, created, updated, unchanged int) {
	m.rowsWritten.WithLabelValues(kind, "created").Add(float64(created))
	m.rowsWritten.WithLabelValues(kind, "updated").Add(float64(updated))
	m.rowsWritten.WithLabelValues(kind, "unchanged").Add(float64(unchanged))
}

// boundedNames keeps the operation label's cardinality bounded: clients
// choose operation names, so only the first max well-formed names get a
// series of their own; the rest are "other".
type boundedNames struct {
	mu   sync.Mutex
	max  int
	seen map[string]bool
}

var operationName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

func (b *boundedNames) label(name string) string {
	if name == "" {
		return "anonymous"
	}
	if !operationName.MatchString(name) {
		return "other"
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.seen[name] {
		return name
	}
	if len(b.seen) >= b.max {
		return "other"
	}
	b.seen[name] = true
	return name
}
