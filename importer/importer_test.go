package importer_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/eventdata"
	"github.com/actorgraph/actorgraph/graph"
	"github.com/actorgraph/actorgraph/importer"
	"github.com/actorgraph/actorgraph/internal/gqltest"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/internal/testfiles"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/store"
)

func sample(name string) string { return neo4jtest.RepoPath("testdata", "eventdata", name) }

const icewsSample = "icews-events-2018-06-sample.tab"

func importFiles(t *testing.T, s *store.Store, opts importer.Options, paths ...string) *importer.Report {
	t.Helper()
	rep, err := importer.New(s, opts).Import(context.Background(), paths)
	if err != nil {
		t.Fatalf("import %v: %v", paths, err)
	}
	return rep
}

func count(t *testing.T, cypher string, params map[string]any) int {
	t.Helper()
	n, _ := neo4jtest.Exec(t, cypher, params)[0].Values[0].(int64)
	return int(n)
}

func TestICEWSSampleImportsAndImportingTwiceChangesNothing(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	first := importFiles(t, s, importer.Options{Format: eventdata.ICEWS, BatchSize: 1000}, sample(icewsSample))
	if first.Read != 3705 || first.Created != 3705 || first.SkippedRows() != 0 || first.Batches != 4 {
		t.Fatalf("first import: %s", first)
	}
	if n := count(t, "MATCH (e:CodedEvent {dataset: 'icews', kind: 'CODED'}) RETURN count(e)", nil); n != 3705 {
		t.Fatalf("%d coded events stored, want 3705", n)
	}
	sum := neo4jtest.Checksum(t)
	second := importFiles(t, s, importer.Options{Format: eventdata.ICEWS, BatchSize: 700}, sample(icewsSample))
	if second.Created != 0 || second.Existing != 3705 || second.ActorsCreated != 0 {
		t.Errorf("second import: %s", second)
	}
	if after := neo4jtest.Checksum(t); after != sum {
		t.Errorf("importing twice changed the graph: %s -> %s", sum, after)
	}
	// The first record, and the claim that cites it.
	rows := neo4jtest.Exec(t, `MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e:CodedEvent {id: 'icews-32889836-20180601'})
RETURN e.name, e.code, e.rootCode, e.quadClass, e.relationType, e.score, e.storyId, e.sentenceNumber, e.sourceCountry, e.targetCountry,
       collect([a.id, a.kind, a.country, r.role, r.claimSources[0], r.claimRecords[0], r.claimModalities[0], r.claimStatedOn[0]])`, nil)
	if len(rows) != 1 {
		t.Fatal("the first record's event is missing")
	}
	got := fmt.Sprint(rows[0].Values)
	want := "[Foreign Affairs (Bangladesh) consult High Ranking Military Personnel (Vietnam) 040 04 VERBAL_COOPERATION ENGAGES_DIPLOMATICALLY_WITH 1 47400351 2 BGD VNM " +
		"[[icews-foreign-affairs-bangladesh GOVERNMENT_BODY BGD source icews 32889836-20180601 REPORTED 2018-06-01] " +
		"[icews-high-ranking-military-personnel-vietnam GOVERNMENT_BODY VNM target icews 32889836-20180601 REPORTED 2018-06-01]]]"
	if got != want && got != strings.Replace(want, "[[icews-foreign-affairs-bangladesh GOVERNMENT_BODY BGD source icews 32889836-20180601 REPORTED 2018-06-01] [icews-high-ranking-military-personnel-vietnam GOVERNMENT_BODY VNM target icews 32889836-20180601 REPORTED 2018-06-01]]",
		"[[icews-high-ranking-military-personnel-vietnam GOVERNMENT_BODY VNM target icews 32889836-20180601 REPORTED 2018-06-01] [icews-foreign-affairs-bangladesh GOVERNMENT_BODY BGD source icews 32889836-20180601 REPORTED 2018-06-01]]", 1) {
		t.Errorf("first record:\n got %s\nwant %s", got, want)
	}
}

// quadOfRoot is the CAMEO quad class of a root code, written out here
// rather than read from domain/eventcodes.yaml.
func quadOfRoot(root int) string {
	switch {
	case root <= 5:
		return "verbalCooperation"
	case root <= 8:
		return "materialCooperation"
	case root <= 13:
		return "verbalConflict"
	}
	return "materialConflict"
}

// TestDyadDaysEqualCountsFromTheRawFile counts, per (source country,
// target country) and quad class, the raw ICEWS rows with plain string
// handling, and compares them with the stored DyadDay aggregates.
func TestDyadDaysEqualCountsFromTheRawFile(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	importFiles(t, s, importer.Options{Format: eventdata.ICEWS, BatchSize: 500}, sample(icewsSample))
	data, err := os.ReadFile(sample(icewsSample))
	if err != nil {
		t.Fatal(err)
	}
	type dyad struct{ a, b string }
	want := map[dyad]map[string]float64{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n")[1:] {
		c := strings.Split(line, "\t")
		d := dyad{c[4], c[10]}
		if want[d] == nil {
			want[d] = map[string]float64{}
		}
		root, _ := strconv.Atoi(c[6][:2])
		score, _ := strconv.ParseFloat(c[7], 64)
		want[d]["events"]++
		want[d][quadOfRoot(root)]++
		want[d]["scoreSum"] += score
	}
	for _, tc := range []struct{ a, b, idA, idB string }{
		{"United States", "North Korea", "united-states", "state-prk"},
		{"Russian Federation", "United States", "russia", "united-states"},
		{"India", "India", "state-ind", "state-ind"},
		{"North Korea", "United States", "state-prk", "united-states"},
		{"China", "United States", "china", "united-states"},
	} {
		idA, idB := stateID(t, tc.a), stateID(t, tc.b)
		if idA != tc.idA || idB != tc.idB {
			t.Fatalf("%s, %s are states %s, %s in the graph; want %s, %s", tc.a, tc.b, idA, idB, tc.idA, tc.idB)
		}
		rows := neo4jtest.Exec(t, `MATCH (d:DyadDay) WHERE d.a = $a AND d.b = $b
RETURN sum(d.events), sum(d.verbalCooperation), sum(d.materialCooperation), sum(d.verbalConflict), sum(d.materialConflict), sum(d.scoreSum)`,
			map[string]any{"a": idA, "b": idB})
		v := rows[0].Values
		w := want[dyad{tc.a, tc.b}]
		if w["events"] < 5 {
			t.Fatalf("%s → %s has only %v events in the file: pick a busier dyad", tc.a, tc.b, w["events"])
		}
		got := fmt.Sprintf("%v %v %v %v %v %.2f", v[0], v[1], v[2], v[3], v[4], v[5])
		exp := fmt.Sprintf("%v %v %v %v %v %.2f", w["events"], w["verbalCooperation"], w["materialCooperation"], w["verbalConflict"], w["materialConflict"], w["scoreSum"])
		if got != exp {
			t.Errorf("%s → %s: DyadDay sums %s, the raw file %s", tc.a, tc.b, got, exp)
		}
		if api := apiDyad(t, s, idA, idB); api != exp {
			t.Errorf("%s → %s: the API's dyad %s, the raw file %s", tc.a, tc.b, api, exp)
		}
	}
}

// apiDyad asks the GraphQL API for the dyad a → b over 2018, one yearly
// period, and returns its counts as TestDyadDaysEqualCountsFromTheRawFile
// prints them.
func apiDyad(t *testing.T, s *store.Store, a, b string) string {
	t.Helper()
	h := graph.NewHandler(&graph.Resolver{Store: s, Loader: loader.New(s, loader.Options{})}, graph.DefaultLimits,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	rec := gqltest.Serve(t, h, `query($a: ID!, $b: ID!) {
  dyad(a: $a, b: $b, from: "2018", to: "2018", granularity: YEAR, direction: A_TO_B) {
    periods { events verbalCooperation materialCooperation verbalConflict materialConflict scoreSum } } }`,
		map[string]any{"a": a, "b": b})
	var out struct {
		Data struct {
			Dyad struct {
				Periods []struct {
					Events, VerbalCooperation, MaterialCooperation, VerbalConflict, MaterialConflict int
					ScoreSum                                                                         float64
				}
			}
		}
		Errors []any
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Errors) > 0 || len(out.Data.Dyad.Periods) != 1 {
		t.Fatalf("dyad %s → %s: %v %s", a, b, err, rec.Body)
	}
	p := out.Data.Dyad.Periods[0]
	return fmt.Sprintf("%v %v %v %v %v %.2f", p.Events, p.VerbalCooperation, p.MaterialCooperation, p.VerbalConflict, p.MaterialConflict, p.ScoreSum)
}

// stateID is the id of the state actor of a country, as the graph holds
// it: the curated state with that country, else state-<iso>.
func stateID(t *testing.T, country string) string {
	t.Helper()
	c, ok := domain.DefaultCountries.Lookup(country)
	if !ok {
		t.Fatalf("country %q is not in the table", country)
	}
	rows := neo4jtest.Exec(t, "MATCH (a:State {country: $c}) WHERE a.dataset IS NULL RETURN a.id ORDER BY a.id STARTS WITH 'state-', a.id LIMIT 1",
		map[string]any{"c": c.Code})
	if len(rows) == 0 {
		t.Fatalf("no state of %s", c.Code)
	}
	return rows[0].Values[0].(string)
}

func TestCountryNamesAndCodesResolveToTheCuratedStates(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	dir := t.TempDir()
	header := "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher"
	body := header + "\n" +
		"1\t2018-06-01\tRussian Federation\tNA\tRussian Federation\tConsult\t040\t1\tUnited States\tNA\tUnited States\t9\t1\tPub\n" +
		"2\t2018-06-01\tRUS\tNA\tRUS\tThreaten\t130\t-4\tUSA\tNA\tUSA\t9\t2\tPub\n" +
		"3\t2018-06-01\tForeign Affairs (Russia)\tExecutive,Foreign Ministry,Government\tRussian Federation\tCriticize or denounce\t111\t-2\tUSA\tNA\tUSA\t9\t3\tPub\n"
	path := filepath.Join(dir, "events.tab")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := importFiles(t, s, importer.Options{Format: eventdata.ICEWS}, path)
	rows := neo4jtest.Exec(t, `MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e:CodedEvent {dataset: 'icews'})
RETURN e.recordId, r.role, a.id, a.country ORDER BY e.recordId, r.role`, nil)
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprint(r.Values...))
	}
	want := []string{"1-20180601sourcerussiaRUS", "1-20180601targetunited-statesUSA", "2-20180601sourcerussiaRUS", "2-20180601targetunited-statesUSA",
		"3-20180601sourceicews-foreign-affairs-russiaRUS", "3-20180601targetunited-statesUSA"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("participants:\n got %v\nwant %v", got, want)
	}
	// The ministry counts toward Russia: all three events are russia → united-states.
	if n := count(t, "MATCH (d:DyadDay {a: 'russia', b: 'united-states'}) RETURN sum(d.events)", nil); n != 3 {
		t.Errorf("russia → united-states has %d events in DyadDay, want 3", n)
	}
	if rep.Resolution["resolved"].Mentions != 5 || rep.Resolution["created"].Names != 1 {
		t.Errorf("resolution: %s", rep)
	}
}

func TestAmbiguousNamesAreReportedNotMerged(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	neo4jtest.Exec(t, `CREATE (:Entity:Actor:Organization {id: 'ministry-of-truth-a', name: 'Ministry of Truth', kind: 'ORGANIZATION'}),
       (:Entity:Actor:Organization {id: 'ministry-of-truth-b', name: 'Ministry of Truth', kind: 'ORGANIZATION'})`, nil)
	path := filepath.Join(t.TempDir(), "events.tab")
	body := "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tCAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher\n" +
		"1\t2018-06-01\tMinistry of Truth\tNA\tNA\tMake statement\t010\t0\tRussia\tNA\tRussian Federation\t9\t1\tPub\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := importFiles(t, s, importer.Options{Format: eventdata.ICEWS}, path)
	if a := rep.Resolution["ambiguous"]; a.Names != 1 || a.Top[0].Name != "Ministry of Truth" {
		t.Errorf("ambiguous: %+v\n%s", a, rep)
	}
	if !strings.Contains(rep.String(), "ambiguous  1 names, 1 mentions; top: Ministry of Truth (1)") {
		t.Errorf("report does not list the ambiguous name:\n%s", rep)
	}
	if n := count(t, "MATCH (a:Actor)-[:PARTICIPATED_IN]->(:CodedEvent) WHERE a.id STARTS WITH 'ministry-of-truth' RETURN count(a)", nil); n != 0 {
		t.Errorf("an ambiguous name was merged into %d curated actors", n)
	}
	if n := count(t, "MATCH (a:Actor {id: 'icews-ministry-of-truth', dataset: 'icews'})-[:PARTICIPATED_IN {role: 'source'}]->(:CodedEvent) RETURN count(a)", nil); n != 1 {
		t.Error("the ambiguous name did not get an actor of the data set")
	}
}

// TestAnInterruptedImportIsCompletedByARerun stops an import after its
// second batch, then imports again: the graph is the one an uninterrupted
// import makes. With one writer the import stops right after the second
// batch; with two, batches the other writer is writing may commit too.
func TestAnInterruptedImportIsCompletedByARerun(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	importFiles(t, s, importer.Options{Format: eventdata.ICEWS, BatchSize: 800}, sample(icewsSample))
	whole := neo4jtest.Checksum(t)

	for _, writers := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d writers", writers), func(t *testing.T) {
			neo4jtest.LoadSeed(t, s)
			stop := errors.New("interrupted")
			_, err := importer.New(s, importer.Options{Format: eventdata.ICEWS, BatchSize: 800, Writers: writers,
				AfterBatch: func(batch int, _ store.CodedResult) error {
					if batch == 2 {
						return stop
					}
					return nil
				}}).Import(context.Background(), []string{sample(icewsSample)})
			if !errors.Is(err, stop) {
				t.Fatalf("import: %v, want it stopped", err)
			}
			// Whole batches of 800 (the last has 505), batch 2 among them. With
			// one writer, exactly batches 1 and 2. With two, batch 2 may commit
			// before batch 1, which the stop then cancels.
			n := count(t, "MATCH (e:CodedEvent) RETURN count(e)", nil)
			batches := (n%800 == 0 || n%800 == 3705%800) && n >= 800
			if !batches || writers == 1 && n != 1600 {
				t.Fatalf("%d events after stopping at the second batch of 800 with %d writers", n, writers)
			}
			rerun := importFiles(t, s, importer.Options{Format: eventdata.ICEWS, BatchSize: 800, Writers: writers}, sample(icewsSample))
			if rerun.Existing != n || rerun.Created != 3705-n {
				t.Errorf("rerun: %s", rerun)
			}
			if got := neo4jtest.Checksum(t); got != whole {
				t.Errorf("interrupted and rerun: checksum %s, uninterrupted %s", got, whole)
			}
		})
	}
}

func writeBadICEWS(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(sample(icewsSample))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")[:21] // the header and 20 events
	lines[5] = strings.Replace(lines[5], "2018-06-01", "2018-06-41", 1)
	lines[9] = strings.Join(strings.Split(lines[9], "\t")[:5], "\t")
	cells := strings.Split(lines[12], "\t")
	cells[6] = "999"
	lines[12] = strings.Join(cells, "\t")
	path := filepath.Join(t.TempDir(), "bad.tab")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBadRowsStopWithFileLineAndWriteNothing(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	path := writeBadICEWS(t)
	_, err := importer.New(s, importer.Options{Format: eventdata.ICEWS}).Import(context.Background(), []string{path})
	var inputErr *importer.InputError
	if !errors.As(err, &inputErr) {
		t.Fatalf("got %v, want an InputError", err)
	}
	var got []string
	for _, r := range inputErr.Rows {
		got = append(got, r.Error())
	}
	want := []string{path + ":6: " + eventdata.ReasonDate, path + ":10: " + eventdata.ReasonColumns, path + ":13: " + importer.ReasonUnknownCode}
	if len(got) != len(want) {
		t.Fatalf("rows %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("row %d: %q, want it to start with %q", i, got[i], want[i])
		}
	}
	if n := count(t, "MATCH (e:CodedEvent) RETURN count(e)", nil); n != 0 {
		t.Errorf("%d events written after a stop", n)
	}
}

func TestBadRowsSkippedAreSummarisedByReason(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	path := writeBadICEWS(t)
	rep := importFiles(t, s, importer.Options{Format: eventdata.ICEWS, OnError: importer.OnErrorSkip}, path)
	if rep.Created != 17 || rep.SkippedRows() != 3 {
		t.Fatalf("report: %s", rep)
	}
	for _, reason := range []string{eventdata.ReasonDate, eventdata.ReasonColumns, importer.ReasonUnknownCode} {
		sk := rep.Skipped[reason]
		if sk == nil || sk.Count != 1 || !strings.HasPrefix(sk.First[0], path+":") {
			t.Errorf("skipped for %q: %+v", reason, sk)
		}
	}
	if !strings.Contains(rep.String(), "skipped: 3 rows\n") || !strings.Contains(rep.String(), "1 × "+importer.ReasonUnknownCode+", e.g. "+path+":13: ") {
		t.Errorf("summary:\n%s", rep)
	}
	if n := count(t, "MATCH (e:CodedEvent) RETURN count(e)", nil); n != 17 {
		t.Errorf("%d events written, want 17", n)
	}
}

func TestPLOVERSampleImportsWithItsSentences(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	_, err := importer.New(s, importer.Options{Format: eventdata.PLOVER}).Import(context.Background(), []string{sample("plover-gsr-cameo.json")})
	var inputErr *importer.InputError
	if !errors.As(err, &inputErr) || len(inputErr.Rows) != 1 || !strings.Contains(inputErr.Rows[0].Error(), "diplomatic") {
		t.Fatalf("stop mode: %v, want the one malformed row", err)
	}
	rep := importFiles(t, s, importer.Options{Format: eventdata.PLOVER, OnError: importer.OnErrorSkip}, sample("plover-gsr-cameo.json"))
	// 323 records: a DOCUMENT header, a malformed target, and one id given
	// twice in the file (PLOVER-GSR01-COERCE-0004): 320 events.
	if rep.Read != 323 || rep.Created != 320 || rep.Skipped[importer.ReasonDocumentation].Count != 1 ||
		rep.Skipped[eventdata.ReasonActors].Count != 1 || rep.Skipped[importer.ReasonRepeated].Count != 1 {
		t.Fatalf("report: %s", rep)
	}
	rows := neo4jtest.Exec(t, `MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e:CodedEvent {id: 'plover-plover-gsr01-agree-0005'})
RETURN e.quadClass, e.relationType, e.text, a.id, r.role, r.claimQuotes[0], r.claimRecords[0] ORDER BY r.role`, nil)
	if len(rows) != 2 {
		t.Fatalf("AGREE-0005 has %d participants, want 2", len(rows))
	}
	src := rows[0].Values
	if src[0] != "VERBAL_COOPERATION" || src[1] != "PARTNERS_WITH" || src[3] != "state-lby" || src[4] != "source" ||
		!strings.HasPrefix(src[5].(string), "Libya has offered to hand over to Great Britain") || src[6] != "PLOVER-GSR01-AGREE-0005" || src[2] != src[5] {
		t.Errorf("AGREE-0005 source: %v", src)
	}
	if n := count(t, "MATCH (e:CodedEvent {dataset: 'plover', code: 'FIGHT'}) WHERE e.quadClass = 'MATERIAL_CONFLICT' RETURN count(e)", nil); n != 17 {
		t.Errorf("%d FIGHT events in material conflict, want 17", n)
	}
}

func TestGDELTFixtureImportsPlainAndZipped(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	plain := sample("gdelt-fixture.export.CSV")
	rep := importFiles(t, s, importer.Options{Format: eventdata.GDELT}, plain)
	if rep.Created != 5 || rep.NotAggregated != 1 {
		t.Fatalf("plain: %s", rep)
	}
	sum := neo4jtest.Checksum(t)
	neo4jtest.LoadSeed(t, s)
	zipped := filepath.Join(t.TempDir(), "20240302.export.CSV.zip")
	testfiles.Zip(t, zipped, "20240302.export.CSV", plain)
	if rep := importFiles(t, s, importer.Options{Format: eventdata.GDELT}, zipped); rep.Created != 5 {
		t.Fatalf("zipped: %s", rep)
	}
	if got := neo4jtest.Checksum(t); got != sum {
		t.Error("the zipped fixture gives another graph than the plain one")
	}
	rows := neo4jtest.Exec(t, `MATCH (d:DyadDay {a: 'russia', b: 'united-states'}) RETURN d.day, d.events, d.verbalCooperation, d.scoreSum, d.scoreCount`, nil)
	if len(rows) != 1 || fmt.Sprintf("%v", rows[0].Values[1:]) != "[1 1 4 1]" {
		t.Errorf("russia → united-states: %d rows, %v", len(rows), rows[0].Values)
	}
	if n := count(t, "MATCH (d:DyadDay {a: 'united-states', b: 'russia'}) RETURN sum(d.events)", nil); n != 2 {
		t.Errorf("united-states → russia: %d events, want 2 (the White House counts toward the United States)", n)
	}
	ev := neo4jtest.Exec(t, "MATCH (e:CodedEvent {id: 'gdelt-1000000002'}) RETURN e.url, e.code, e.rootCode, e.quadClass, e.score", nil)
	if len(ev) != 1 || fmt.Sprintf("%v", ev[0].Values) != "[https://example.org/news/2 163 16 MATERIAL_CONFLICT -8]" {
		t.Errorf("event 2: %v", ev)
	}
}
