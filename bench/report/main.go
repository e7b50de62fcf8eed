// Command report turns bench/run.sh's results.jsonl into BENCHMARKS.md.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"
)

type result struct {
	Bench       string  `json:"bench"`
	Size        string  `json:"size"`
	Batch       int     `json:"batch"`
	Seconds     float64 `json:"seconds"`
	Relations   int     `json:"relations"`
	Nodes       int     `json:"nodes"`
	PeakRssKB   int     `json:"peakRssKB"`
	Phase       string  `json:"phase"`
	Rows        int     `json:"rows"`
	Target      string  `json:"target"`
	Op          string  `json:"op"`
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"firstError"`
	PerSecond   float64 `json:"perSecond"`
	P50ms       float64 `json:"p50ms"`
	P95ms       float64 `json:"p95ms"`
	P99ms       float64 `json:"p99ms"`
	Events      int     `json:"events"`
	// The loader's own breakdown (Report.Timings), the identical reload,
	// and the offline importer's schema step.
	ParseSeconds    float64 `json:"parseSeconds"`
	ValidateSeconds float64 `json:"validateSeconds"`
	WriteSeconds    float64 `json:"writeSeconds"`
	ReloadSeconds   float64 `json:"reloadSeconds"`
	SchemaSeconds   float64 `json:"schemaSeconds"`
}

var ops = map[string]string{
	"a":           "(a) actor by name with its first 20 relations and their evidence",
	"b":           "(b) neighbourhood, depth 2, limit 100",
	"c":           "(c) shortest path between two actors (at most 4 hops)",
	"a-generated": "(a) in the peer's generated API: up to 20 relations per type (27 connections), the way the library is meant to be used",
	"b-baseline":  "(b) as the store read it before issue 14 (bench/load/baseline.go), over Bolt: the baseline of bench/NEIGHBOURHOOD.md",
}

var opOrder = []string{"a", "a-generated", "b", "b-baseline", "c"}

func main() {
	in := flag.String("results", "bench/out/results.jsonl", "results from bench/run.sh")
	out := flag.String("out", "BENCHMARKS.md", "report to write")
	flag.Parse()
	results, err := read(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, []byte(render(results)), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func read(path string) ([]result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rs []result
	lines := bufio.NewScanner(f)
	for lines.Scan() {
		var r result
		if err := json.Unmarshal(lines.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%q: %w", lines.Text(), err)
		}
		rs = append(rs, r)
	}
	return rs, lines.Err()
}

func command(name string, args ...string) string {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
}

func render(rs []result) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Benchmarks\n\nWritten by `make bench` (bench/run.sh, then bench/report) on %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	w("| | |\n|---|---|\n| machine | %s, %d cores, %s |\n| Go | %s |\n| Java | %s |\n| Neo4j | Community 5.26.30, embedded with Bolt (devdb), heap %s, page cache %s |\n\n",
		runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU(), memTotal(), command("go", "version"), command("java", "-version"),
		envOr("NEO4J_HEAP", "4g"), envOr("NEO4J_PAGECACHE", "2g"))
	w("Commands: `make bench` (all of it); the pieces are `go run ./bench/gen -size medium -out DIR`, `actorgraph load -batch-size N DIR`, `go run ./bench/loadcsv -dir DIR -batch N`, `go run ./bench/load -target actorgraph|peer|bolt -op a|b|c -c 1,8,32 -d 10s`. Every measurement runs against a fresh Neo4j.\n\n")

	renderTargets(w, rs)
	w("## 1. Loader throughput vs LOAD CSV\n\n")
	w("actorgraph's loader parses, validates everything (ids, vocabulary, endpoint kinds, dates, verbatim quotes, claims) and then writes; LOAD CSV only writes, with the same MERGE keys, labels and claim lists, derived modalities and source ledgers (bench/loadcsv). Times are wall clock for the whole data set.\n\n")
	w("| size | batch | loader s | loader relations/s | loader nodes/s | LOAD CSV s | LOAD CSV relations/s | LOAD CSV ÷ loader time | loader peak RSS |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, l := range filter(rs, func(r result) bool { return r.Bench == "loader" }) {
		csvSecs, csvRels := 0.0, 0.0
		for _, c := range filter(rs, func(r result) bool { return r.Bench == "loadcsv" && r.Batch == l.Batch && r.Size == l.Size }) {
			csvSecs += c.Seconds
			if c.Phase == "relations" {
				csvRels = float64(c.Rows) / c.Seconds
			}
		}
		ratio := "n/a"
		if csvSecs > 0 {
			ratio = fmt.Sprintf("%.2f", csvSecs/l.Seconds)
		}
		w("| %s | %d | %.1f | %.0f | %.0f | %.1f | %.0f | %s | %d MB |\n", l.Size, l.Batch, l.Seconds, float64(l.Relations)/l.Seconds,
			float64(l.Nodes)/l.Seconds, csvSecs, csvRels, ratio, l.PeakRssKB/1024)
	}
	renderLoaderBreakdown(w, rs)

	sizes := uniq(rs, func(r result) string { return r.Size }, func(r result) bool { return r.Bench == "api" })
	w("\n## 2. API latency and throughput\n\nA separate process (bench/load) sends requests on loopback at fixed concurrency for the measuring time, after a warm-up of 2 s; before any is measured, every operation runs on every target for 10 s at concurrency 8, unmeasured, so that no target is measured while Neo4j is still warming up after the load. The load process checks each answer (valid JSON, data, no errors) without decoding it into Go values. `bolt` is the same Cypher through the Go driver (actorgraph's store without HTTP and GraphQL): the floor. `peer` is the Neo4j GraphQL Library (bench/peer).\n")
	for _, size := range sizes {
		for _, op := range opOrder {
			w("\n### %s, %s graph\n\n| target | concurrency | requests/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---|---|---|---|---|---|\n", ops[op], size)
			for _, r := range filter(rs, func(r result) bool { return r.Bench == "api" && r.Size == size && r.Op == op }) {
				errs := fmt.Sprint(r.Errors)
				if r.FirstError != "" {
					errs += " (" + abbreviate(r.FirstError, 60) + ")"
				}
				w("| %s | %d | %.0f | %.2f | %.2f | %.2f | %s |\n", r.Target, r.Concurrency, r.PerSecond, r.P50ms, r.P95ms, r.P99ms, errs)
			}
		}
	}

	renderRatios(&b, rs, sizes)
	renderGrowth(&b, rs, sizes)
	w("\n## 5. Memory\n\n| what | size | peak RSS |\n|---|---|---|\n")
	for _, r := range rs {
		switch r.Bench {
		case "api-memory":
			w("| API under the load above | %s | %d MB |\n", r.Size, r.PeakRssKB/1024)
		case "loader":
			w("| loader, batch %d | %s | %d MB |\n", r.Batch, r.Size, r.PeakRssKB/1024)
		}
	}
	for _, name := range handWritten {
		if extra, err := os.ReadFile(name); err == nil {
			w("\n%s", extra)
		}
	}
	renderEvents(w, rs)
	return b.String()
}

// handWritten are sections written by hand, since their "before" numbers
// come from code that no longer exists or from a browser: what profiling
// changed, op (a) before and after claims and against the Bolt floor,
// the explorer's timings, the neighbourhood's plans, op (c) before and
// after the bounded path search, the loader's, and the event import's.
var handWritten = []string{"bench/IMPROVEMENTS.md", "bench/CLAIMS.md", "bench/OPA.md", "bench/EXPLORER.md", "bench/NEIGHBOURHOOD.md", "bench/PATHS.md", "bench/LOADER.md", "bench/EVENTS.md"}

// renderLoaderBreakdown writes how each load's time divides (the loader's
// own summary line), its identical reload, and Neo4j's offline importer
// on the same data (bench/adminimport, devdb/import.sh): the floor of a
// first load into an empty database.
func renderLoaderBreakdown(w func(string, ...any), rs []result) {
	loads := filter(rs, func(r result) bool { return r.Bench == "loader" && r.WriteSeconds > 0 })
	if len(loads) > 0 {
		w("\nWhere the loader's time goes (its summary line; the parts overlap, since the write pass reads the next batch while Neo4j writes the last), and loading the same data again:\n\n")
		w("| size | batch | loader s | parse s | validate s | write s | identical reload s |\n|---|---|---|---|---|---|---|\n")
		for _, l := range loads {
			w("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |\n", l.Size, l.Batch, l.Seconds, l.ParseSeconds, l.ValidateSeconds, l.WriteSeconds, l.ReloadSeconds)
		}
	}
	for _, a := range filter(rs, func(r result) bool { return r.Bench == "adminimport" }) {
		best := 0.0
		for _, l := range filter(rs, func(r result) bool { return r.Bench == "loader" && r.Size == a.Size }) {
			if best == 0 || l.Seconds < best {
				best = l.Seconds
			}
		}
		ratio := "n/a"
		if best > 0 {
			ratio = fmt.Sprintf("%.1f", best/(a.Seconds+a.SchemaSeconds))
		}
		w("\nNeo4j's offline importer (`neo4j-admin database import full`, devdb/import.sh) on the same %s data converted to its format (bench/adminimport): %.1f s, then %.1f s to make the schema (%d nodes, %d relationships, checked after starting Neo4j on the store); the fastest loader run above takes %s× that.\n",
			a.Size, a.Seconds, a.SchemaSeconds, a.Nodes, a.Relations, ratio)
	}
}

// renderRatios writes section 3: throughput against the peer and cost
// against raw Bolt.
func renderRatios(b *strings.Builder, rs []result, sizes []string) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("\n## 3. Ratios\n\n| size | operation | concurrency | actorgraph ÷ peer throughput | actorgraph ÷ bolt cost (1 ÷ throughput) |\n|---|---|---|---|---|\n")
	for _, size := range sizes {
		for _, op := range opOrder {
			if op == "b-baseline" { // bolt only: no ratio to take
				continue
			}
			for _, c := range uniqInt(rs, func(r result) bool { return r.Bench == "api" && r.Size == size && r.Op == op }) {
				get := func(target, op string) float64 {
					for _, r := range rs {
						if r.Bench == "api" && r.Size == size && r.Op == op && r.Concurrency == c && r.Target == target {
							return r.PerSecond
						}
					}
					return 0
				}
				// The peer's generated form of (a) is compared with actorgraph's (a).
				own := op
				if op == "a-generated" {
					own = "a"
				}
				ag, peer, bolt := get("actorgraph", own), get("peer", op), get("bolt", own)
				w("| %s | %s | %d | %s | %s |\n", size, op, c, ratio(ag, peer), ratio(bolt, ag))
			}
		}
	}
}

// renderGrowth writes section 4: p50 at concurrency 1 by graph size.
func renderGrowth(b *strings.Builder, rs []result, sizes []string) {
	w := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	w("\n## 4. How cost grows (p50 ms at concurrency 1)\n\n| operation | target |")
	for _, s := range sizes {
		w(" %s |", s)
	}
	w("\n|---|---|%s\n", strings.Repeat("---|", len(sizes)))
	for _, op := range []string{"a", "b", "b-baseline", "c"} {
		for _, target := range []string{"bolt", "actorgraph", "peer"} {
			if op == "b-baseline" && target != "bolt" {
				continue
			}
			w("| %s | %s |", op, target)
			for _, s := range sizes {
				v := "n/a"
				for _, r := range rs {
					if r.Bench == "api" && r.Size == s && r.Op == op && r.Target == target && r.Concurrency == 1 {
						v = fmt.Sprintf("%.2f", r.P50ms)
					}
				}
				w(" %s |", v)
			}
			w("\n")
		}
	}
}

func ratio(a, b float64) string {
	if a == 0 || b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func filter(rs []result, keep func(result) bool) []result {
	var out []result
	for _, r := range rs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func uniq(rs []result, key func(result) string, keep func(result) bool) []string {
	var out []string
	for _, r := range filter(rs, keep) {
		if !slices.Contains(out, key(r)) {
			out = append(out, key(r))
		}
	}
	return out
}

func uniqInt(rs []result, keep func(result) bool) []int {
	var out []int
	for _, r := range filter(rs, keep) {
		if !slices.Contains(out, r.Concurrency) {
			out = append(out, r.Concurrency)
		}
	}
	return out
}

func abbreviate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

func memTotal() string {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "memory unknown"
	}
	fields := strings.Fields(strings.SplitN(string(data), "\n", 2)[0])
	if len(fields) < 2 {
		return "memory unknown"
	}
	var kb int
	fmt.Sscan(fields[1], &kb)
	return fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// renderEvents writes the event data section, after the hand-written ones
// (sections 6 to 8): `actorgraph import` of
// generated ICEWS events against the same writes with LOAD CSV, and the
// dyad series read from the aggregates against the raw events.
func renderEvents(w func(string, ...any), rs []result) {
	imports := filter(rs, func(r result) bool { return r.Bench == "import" || r.Bench == "eventcsv" })
	dyads := filter(rs, func(r result) bool { return r.Bench == "dyad" })
	if len(imports) == 0 && len(dyads) == 0 {
		return
	}
	w("\n## 9. Event data\n\nGenerated ICEWS events shaped like the June 2018 sample (bench/genevents). `import` is `actorgraph import --format icews`: parse, resolve, map codes, write events, claims and dyad aggregates; `LOAD CSV` writes the same nodes, relationships and aggregates from the same file (bench/loadcsv -icews), with simpler resolution.\n\n")
	w("| events | what | s | events/s | peak RSS | LOAD CSV ÷ import time |\n|---|---|---|---|---|---|\n")
	for _, r := range imports {
		if r.Bench == "import" {
			csv := filter(imports, func(c result) bool { return c.Bench == "eventcsv" && c.Events == r.Events })
			var csvSecs float64
			if len(csv) > 0 {
				csvSecs = csv[0].Seconds
			}
			w("| %d | import | %.1f | %.0f | %d MB | %s |\n", r.Events, r.Seconds, float64(r.Events)/r.Seconds, r.PeakRssKB/1024, ratio(csvSecs, r.Seconds))
		} else {
			w("| %d | LOAD CSV, batch %d | %.1f | %.0f | | |\n", r.Events, r.Batch, r.Seconds, r.PerSecond)
		}
	}
	w("\nA 12-month monthly dyad series on the busiest dyad (bench/dyad, one request at a time): `raw` aggregates the :CodedEvent nodes (event date index), `aggregate` sums the :DyadDay nodes (the API's Cypher, through Bolt), `api` is the GraphQL dyad over HTTP.\n\n")
	w("| events | target | p50 ms | p95 ms | p99 ms | raw ÷ this p50 |\n|---|---|---|---|---|---|\n")
	for _, r := range dyads {
		raw := filter(dyads, func(x result) bool { return x.Target == "raw" && x.Size == r.Size })
		var rawP50 float64
		if len(raw) > 0 {
			rawP50 = raw[0].P50ms
		}
		w("| %s | %s | %.1f | %.1f | %.1f | %s |\n", r.Size, r.Target, r.P50ms, r.P95ms, r.P99ms, ratio(rawP50, r.P50ms))
	}
}
