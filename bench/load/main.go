// Command load measures latency and throughput of the three benchmark
// operations against actorgraph's GraphQL API, the peer GraphQL server, or
// Neo4j directly over Bolt (through actorgraph's store: the same Cypher
// without HTTP and GraphQL, the floor). It runs as its own process, sends
// traffic only to the loopback addresses it is given, and stops by itself.
//
//	go run ./bench/load -target actorgraph -url http://127.0.0.1:8080/graphql -op a -c 1,8,32 -d 10s
//
// Each line it prints is one result as JSON. Given several URLs (-url
// A,B), it compares servers: requests alternate between them, and each
// gets its own result.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run() error {
	target := flag.String("target", "actorgraph", "actorgraph, peer or bolt")
	urls := flag.String("url", "", "GraphQL endpoint (actorgraph, peer); several, comma-separated, take turns (one result each)")
	neo4jURI := flag.String("neo4j-uri", "bolt://127.0.0.1:7687", "Neo4j (bolt target, and to pick the actors)")
	op := flag.String("op", "a", "a: actor by name with 20 relations and evidence; b: neighbourhood depth 2, limit 100; b-baseline: b as before issue 14 (bolt only); c: shortest paths")
	levels := flag.String("c", "1,8,32", "concurrency levels")
	duration := flag.Duration("d", 10*time.Second, "measuring time per level")
	warmup := flag.Duration("warmup", 2*time.Second, "unmeasured time before each level")
	flag.Parse()

	ctx := context.Background()
	subjects, err := pickSubjects(ctx, *neo4jURI)
	if err != nil {
		return err
	}
	endpoints := strings.Split(*urls, ",")
	if *target == "bolt" {
		endpoints = []string{""}
	}
	calls := make([]call, len(endpoints))
	for i, url := range endpoints {
		c, closeFn, err := newCall(*target, strings.TrimSpace(url), *neo4jURI, *op, subjects)
		if err != nil {
			return err
		}
		defer closeFn()
		calls[i] = c
	}
	for _, level := range strings.Split(*levels, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(level))
		if err != nil || c < 1 || c > 256 {
			return fmt.Errorf("bad concurrency %q", level)
		}
		measure(ctx, calls, c, *warmup)
		for i, res := range measure(ctx, calls, c, *duration) {
			res.Target, res.Op, res.Size = *target, *op, os.Getenv("BENCH_SIZE")
			if len(calls) > 1 {
				res.URL = endpoints[i]
			}
			fmt.Println(res.JSON())
		}
	}
	return nil
}
