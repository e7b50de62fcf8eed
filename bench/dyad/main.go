// Command dyad measures the latency of a 12-month monthly dyad series on
// the busiest dyad of the graph (the pair of states with the most coded
// events), three ways, one request at a time: RawMonthly over the raw
// :CodedEvent nodes through Bolt, AggregateMonthly over the :DyadDay
// aggregates through Bolt, and the API's dyad query over HTTP. Each line
// it prints is one result as JSON: target, requests, p50/p95/p99 in ms,
// and BENCH_SIZE as size.
//
//	go run ./bench/dyad -neo4j-uri bolt://127.0.0.1:7687 -url http://127.0.0.1:8080/graphql -from 2018-01-01 -to 2018-12-31
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "dyad:", err)
		os.Exit(1)
	}
}

func run() error {
	uri := flag.String("neo4j-uri", "bolt://127.0.0.1:7687", "Neo4j")
	url := flag.String("url", "", "actorgraph's GraphQL endpoint (none: Bolt only)")
	n := flag.Int("n", 200, "requests per target")
	warmup := flag.Int("warmup", 20, "unmeasured requests before each target")
	fromFlag := flag.String("from", "2018-01-01", "first day of the series")
	toFlag := flag.String("to", "2018-12-31", "last day of the series")
	flag.Parse()
	from, err1 := time.Parse(time.DateOnly, *fromFlag)
	to, err2 := time.Parse(time.DateOnly, *toFlag)
	if err1 != nil || err2 != nil || *n < 1 {
		return fmt.Errorf("-from and -to are dates, -n at least 1")
	}
	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(*uri, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	res, err := neo4j.ExecuteQuery(ctx, driver, busiestDyad, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
	if err != nil || len(res.Records) == 0 {
		return fmt.Errorf("no dyad to measure (no :DyadDay): %v", err)
	}
	a, b := res.Records[0].Values[0].(string), res.Records[0].Values[1].(string)
	params := map[string]any{"a": a, "b": b, "from": neo4j.DateOf(from), "to": neo4j.DateOf(to)}
	targets := map[string]func() error{
		"raw":       func() error { return bolt(ctx, driver, RawMonthly, params) },
		"aggregate": func() error { return bolt(ctx, driver, AggregateMonthly, params) },
	}
	if *url != "" {
		vars := map[string]any{"a": a, "b": b, "from": *fromFlag, "to": *toFlag}
		targets["api"] = func() error { return graphql(*url, vars) }
	}
	for _, name := range []string{"raw", "aggregate", "api"} {
		call, ok := targets[name]
		if !ok {
			continue
		}
		for range *warmup {
			if err := call(); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		took := make([]time.Duration, *n)
		for i := range took {
			start := time.Now()
			if err := call(); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			took[i] = time.Since(start)
		}
		fmt.Println(resultLine(name, a, b, took))
	}
	return nil
}

func bolt(ctx context.Context, driver neo4j.DriverWithContext, cypher string, params map[string]any) error {
	_, err := neo4j.ExecuteQuery(ctx, driver, cypher, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
	return err
}

func graphql(url string, vars map[string]any) error {
	body, _ := json.Marshal(map[string]any{"query": apiQuery, "variables": vars})
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var out struct{ Errors []json.RawMessage }
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d, %v, errors %s", resp.StatusCode, err, out.Errors)
	}
	return nil
}

// resultLine is one target's latencies as a JSON line.
func resultLine(target, a, b string, took []time.Duration) string {
	slices.Sort(took)
	q := func(p float64) float64 {
		return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds()) / 1000
	}
	line, _ := json.Marshal(map[string]any{"target": target, "a": a, "b": b, "requests": len(took),
		"p50ms": q(0.50), "p95ms": q(0.95), "p99ms": q(0.99), "size": os.Getenv("BENCH_SIZE")})
	return string(line)
}
