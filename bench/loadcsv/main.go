// Command loadcsv loads a generated data set (bench/gen) with Neo4j's own
// bulk path, LOAD CSV with CALL { … } IN TRANSACTIONS, writing the same
// graph shape with the same MERGE semantics as actorgraph's loader (nodes
// keyed by id with their kind label, relationships keyed by the relation
// id, evidence merged), so that the two can be timed side by side. The
// files are served to Neo4j over HTTP on loopback, since the bench Neo4j,
// like every actorgraph Neo4j, refuses file URLs.
//
//	go run ./bench/loadcsv -neo4j-uri bolt://127.0.0.1:7687 -dir /tmp/medium -batch 2000
//
// What it does not do, and actorgraph's loader does: validate anything
// (ids, vocabulary, endpoint kinds, dates, verbatim quotes), parse
// attributes, or keep source texts. Its time is a floor for the writes.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
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

// labelOf turns a kind column into the actor's kind label, as the loader does.
const labelOf = `CASE row.kind WHEN 'STATE' THEN 'State' WHEN 'PERSON' THEN 'Person' WHEN 'GOVERNMENT_BODY' THEN 'GovernmentBody'
  WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'ALLIANCE' THEN 'Alliance' WHEN 'ARMED_GROUP' THEN 'ArmedGroup'
  WHEN 'MEDIA' THEN 'Media' ELSE 'Region' END`

// evidence appends a row's {source, quote} unless the entity has it.
const evidence = `
  WITH x, row WHERE row.quote IS NOT NULL AND NOT row.quote IN coalesce(x.evidenceQuotes, [])
  SET x.evidenceSources = coalesce(x.evidenceSources, []) + row.source,
      x.evidenceQuotes = coalesce(x.evidenceQuotes, []) + row.quote`

var statements = map[string]string{
	"sources": `MERGE (x:Source {id: row.id}) SET x.title = row.title, x.publisher = row.publisher, x.url = row.url, x.published = row.published`,
	"actors": `MERGE (x:Entity {id: row.id})
  SET x:Actor, x:$(` + labelOf + `), x.name = row.name, x.kind = row.kind, x.country = row.country, x.description = row.description,
      x.aliases = CASE WHEN row.aliases IS NULL THEN null ELSE split(row.aliases, ';') END,
      x.aliasText = CASE WHEN row.aliases IS NULL THEN null ELSE replace(row.aliases, ';', '\n') END` + evidence,
	"policies": `MERGE (x:Entity {id: row.id})
  SET x:Policy, x.name = row.name, x.kind = row.kind, x.description = row.description, x.adopted = row.adopted,
      x.adoptedStart = CASE WHEN row.adopted IS NULL THEN null ELSE date(row.adopted) END` + evidence,
	"events": `MERGE (x:Entity {id: row.id})
  SET x:Event, x.name = row.name, x.kind = row.kind, x.date = row.date, x.dateStart = date(row.date),
      x.endDate = row.endDate, x.location = row.location, x.description = row.description` + evidence,
	// One pass per relationship type, each with the type static: a
	// dynamic type ($(row.type)) is not planned as an expand between the
	// two endpoints and made this 30x slower.
	"relations": `WITH row WHERE row.type = $type
  MATCH (a:Entity {id: row.from})
  MATCH (b:Entity {id: row.to})
  MERGE (a)-[x:%TYPE% {id: row.from + ':' + row.type + ':' + row.to + coalesce(':' + row.since, '')}]->(b)
  SET x.stance = row.stance, x.confidence = coalesce(toFloat(row.confidence), 1.0), x.role = row.role,
      x.since = row.since, x.until = row.until,
      x.validFrom = CASE WHEN row.since IS NULL THEN null ELSE date(row.since) END,
      x.validTo = CASE WHEN row.until IS NULL THEN null ELSE date(row.until) END` + evidence,
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
	flag.Parse()
	if *dir == "" {
		return fmt.Errorf("give -dir")
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
				n, err := loadFile(ctx, driver, base+f, statements[kind], "", *batch)
				if err != nil {
					return fmt.Errorf("%s: %w", filepath.Join(*dir, f), err)
				}
				rows += n
				continue
			}
			for _, rt := range domain.DefaultVocabulary.Types() {
				n, err := loadFile(ctx, driver, base+f, strings.ReplaceAll(statements[kind], "%TYPE%", rt.Type), rt.Type, *batch)
				if err != nil {
					return fmt.Errorf("%s: %s: %w", filepath.Join(*dir, f), rt.Type, err)
				}
				rows += n
			}
		}
		secs := time.Since(start).Seconds()
		b, _ := json.Marshal(Result{Phase: kind, Rows: rows, Seconds: secs, PerSec: float64(rows) / secs, Batch: *batch})
		fmt.Println(string(b))
	}
	return nil
}

// loadFile runs one LOAD CSV ... IN TRANSACTIONS statement (auto-commit,
// as IN TRANSACTIONS requires) and returns the rows it wrote.
func loadFile(ctx context.Context, driver neo4j.DriverWithContext, url, body, relType string, batch int) (int, error) {
	session := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeWrite, DatabaseName: "neo4j"})
	defer session.Close(ctx)
	filter := ""
	if relType != "" {
		filter = " WITH row WHERE row.type = $type"
		body = strings.Replace(body, "WITH row WHERE row.type = $type\n  ", "", 1)
	}
	cypher := fmt.Sprintf("LOAD CSV WITH HEADERS FROM $url AS row%s CALL (row) {\n  %s\n} IN TRANSACTIONS OF %d ROWS RETURN count(*) AS rows", filter, body, batch)
	result, err := session.Run(ctx, cypher, map[string]any{"url": url, "type": relType})
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
