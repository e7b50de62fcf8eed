// Command loadcsv loads a generated data set (bench/gen), or with -icews a
// generated events file (bench/genevents, see events.go), with Neo4j's own
// bulk path, LOAD CSV with CALL { … } IN TRANSACTIONS, writing the same
// graph shape with the same MERGE semantics as actorgraph's loader (nodes
// keyed by id with their kind label, relationships keyed by the relation
// id, claims merged into the same lists, derived properties and source
// ledgers: see cypher.go), so that the two can be timed side by side. The
// files are served to Neo4j over HTTP on loopback, since the bench Neo4j,
// like every actorgraph Neo4j, refuses file URLs.
//
//	go run ./bench/loadcsv -neo4j-uri bolt://127.0.0.1:7687 -dir /tmp/medium -batch 2000
//
// What it does not do, and actorgraph's loader does: validate anything
// (ids, vocabulary, endpoint kinds, dates, verbatim quotes), parse
// attributes, keep source texts, or prune what a source no longer claims.
// Its time is a floor for the writes.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadcsv:", err)
		os.Exit(1)
	}
}

// Result is one timed phase, printed as a JSON line.
type Result struct {
	Phase   string  `json:"phase"`
	Rows    int     `json:"rows"`
	Seconds float64 `json:"seconds"`
	PerSec  float64 `json:"perSecond"`
	Batch   int     `json:"batch"`
}

func run() error {
	uri := flag.String("neo4j-uri", "bolt://127.0.0.1:7687", "Neo4j")
	dir := flag.String("dir", "", "a folder written by bench/gen")
	batch := flag.Int("batch", 2000, "rows per transaction (IN TRANSACTIONS OF n ROWS)")
	icews := flag.String("icews", "", "an ICEWS .tab file (bench/genevents) to write as `actorgraph import` does, instead of -dir")
	flag.Parse()
	if *icews != "" {
		*dir = filepath.Dir(*icews)
	}
	if *dir == "" {
		return fmt.Errorf("give -dir or -icews")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	go func() { _ = http.Serve(ln, http.FileServer(http.Dir(*dir))) }()
	base := "http://" + ln.Addr().String() + "/"

	ctx := context.Background()
	driver, err := neo4j.NewDriverWithContext(*uri, neo4j.NoAuth())
	if err != nil {
		return err
	}
	defer driver.Close(ctx)
	if *icews != "" {
		start := time.Now()
		n, err := loadEvents(ctx, driver, base+filepath.Base(*icews), *batch)
		if err != nil {
			return fmt.Errorf("%s: %w", *icews, err)
		}
		printResult("events", n, start, *batch)
		return nil
	}
	entries, err := os.ReadDir(*dir)
	if err != nil {
		return err
	}
	for _, kind := range []string{"sources", "actors", "policies", "events", "relations"} {
		var files []string
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), kind) && strings.HasSuffix(e.Name(), ".csv") {
				files = append(files, e.Name())
			}
		}
		slices.Sort(files)
		start, rows := time.Now(), 0
		for _, f := range files {
			if kind != "relations" {
				n, err := loadFile(ctx, driver, base+f, statements[kind], nil, *batch)
				if err != nil {
					return fmt.Errorf("%s: %w", filepath.Join(*dir, f), err)
				}
				rows += n
				continue
			}
			for _, rt := range domain.DefaultVocabulary.Types() {
				params := claimParams()
				params["type"], params["symmetric"], params["stance"] = rt.Type, rt.Symmetric, string(rt.Stances[0])
				n, err := loadFile(ctx, driver, base+f, strings.ReplaceAll(statements[kind], "%TYPE%", rt.Type), params, *batch)
				if err != nil {
					return fmt.Errorf("%s: %s: %w", filepath.Join(*dir, f), rt.Type, err)
				}
				rows += n
			}
		}
		printResult(kind, rows, start, *batch)
	}
	start, rows := time.Now(), 0
	for _, cypher := range ledgers {
		res, err := neo4j.ExecuteQuery(ctx, driver, cypher, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("neo4j"))
		if err != nil {
			return fmt.Errorf("ledgers: %w", err)
		}
		n, _ := res.Records[0].Values[0].(int64)
		rows += int(n)
	}
	printResult("ledgers", rows, start, *batch)
	return nil
}

// printResult prints one phase's result as a JSON line.
func printResult(phase string, rows int, start time.Time, batch int) {
	secs := time.Since(start).Seconds()
	b, _ := json.Marshal(Result{Phase: phase, Rows: rows, Seconds: secs, PerSec: float64(rows) / secs, Batch: batch})
	fmt.Println(string(b))
}

// loadFile runs one LOAD CSV ... IN TRANSACTIONS statement (auto-commit,
// as IN TRANSACTIONS requires) and returns the rows it read. params are
// the statement's own; a "type" among them passes only the rows of that
// relationship type into the transactions.
func loadFile(ctx context.Context, driver neo4j.DriverWithContext, url, body string, params map[string]any, batch int) (int, error) {
	all := map[string]any{"url": url}
	maps.Copy(all, params)
	filter := ""
	if _, ok := params["type"]; ok {
		filter = " WITH row WHERE row.type = $type"
		body = strings.Replace(body, "WITH row WHERE row.type = $type\n  ", "", 1)
	}
	cypher := fmt.Sprintf("LOAD CSV WITH HEADERS FROM $url AS row%s CALL (row) {\n  %s\n} IN TRANSACTIONS OF %d ROWS RETURN count(*) AS rows", filter, body, batch)
	return countRows(ctx, driver, cypher, all)
}

// countRows runs one LOAD CSV ... IN TRANSACTIONS statement, which must
// return the rows it read as its one value, in a session of its own.
func countRows(ctx context.Context, driver neo4j.DriverWithContext, cypher string, params map[string]any) (int, error) {
	session := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: "neo4j"})
	defer session.Close(ctx)
	result, err := session.Run(ctx, cypher, params, neo4j.WithTxTimeout(statementTimeout))
	if err != nil {
		return 0, err
	}
	record, err := result.Single(ctx)
	if err != nil {
		return 0, err
	}
	n, _ := record.Values[0].(int64)
	return int(n), nil
}

// statementTimeout bounds one LOAD CSV ... IN TRANSACTIONS statement: its
// outer transaction lasts the whole file, far past the bench Neo4j's
// default transaction timeout (devdb: NEO4J_TX_TIMEOUT, 60s), which ended
// the 1M-event load.
const statementTimeout = 2 * time.Hour
