package eventdata

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/internal/testfiles"
)

func testdata(name string) string { return filepath.Join("..", "testdata", "eventdata", name) }

// readAll reads paths and returns the records and the row errors.
func readAll(t *testing.T, format Format, paths ...string) ([]*Record, []*RowError) {
	t.Helper()
	var recs []*Record
	var errs []*RowError
	err := Read(context.Background(), format, paths, func(rec *Record, rowErr *RowError) error {
		if rowErr != nil {
			errs = append(errs, rowErr)
		} else {
			recs = append(recs, rec)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return recs, errs
}

func TestICEWSSampleReadsEveryRowWithItsLine(t *testing.T) {
	recs, errs := readAll(t, ICEWS, testdata("icews-events-2018-06-sample.tab"))
	if len(errs) != 0 || len(recs) != 3705 {
		t.Fatalf("%d records, errors %v; want 3705 and none", len(recs), errs)
	}
	r := recs[0]
	if r.RecordID != "32889836-20180601" || r.Date != "2018-06-01" || r.Code != "040" || r.Pos.Line != 2 ||
		r.Sources[0].Name != "Foreign Affairs (Bangladesh)" || r.Sources[0].Country != "Bangladesh" ||
		len(r.Sources[0].Sectors) != 3 || r.Targets[0].Country != "Vietnam" || *r.Score != 1 || *r.Sentence != 2 ||
		r.StoryID != "47400351" || r.Publisher != "Vietnam News Agency Bulletin" {
		t.Errorf("first record: %+v", r)
	}
	if last := recs[len(recs)-1]; last.Pos.Line != 3706 {
		t.Errorf("last record at line %d, want 3706", last.Pos.Line)
	}
}

func TestMalformedICEWSRowsGetFileLineAndReason(t *testing.T) {
	dir := t.TempDir()
	header := strings.Join(icewsColumns, "\t")
	good := "1\t2018-06-01\tRussia\tNA\tRussian Federation\tConsult\t040\t1\tUnited States\tNA\tUnited States\t9\t1\tPub"
	bad := strings.Join([]string{header, good,
		"2\t2018-13-01\tRussia\tNA\tRussian Federation\tConsult\t040\t1\tUnited States\tNA\tUnited States\t9\t1\tPub",
		"3\t2018-06-01\tRussia\tNA\tRussian Federation\tConsult\t04x\t1\tUnited States\tNA\tUnited States\t9\t1\tPub",
		"4\t2018-06-01\tRussia",
		"5\t2018-06-01\tRussia\tNA\tRussian Federation\tConsult\t040\thigh\tUnited States\tNA\tUnited States\t9\t1\tPub",
		"NA\t2018-06-01\tRussia\tNA\tRussian Federation\tConsult\t040\t1\tUnited States\tNA\tUnited States\t9\t1\tPub",
	}, "\n")
	path := filepath.Join(dir, "events.tab")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, ICEWS, path)
	if len(recs) != 1 {
		t.Errorf("%d good records, want 1", len(recs))
	}
	want := []string{path + ":3: " + ReasonDate, path + ":4: " + ReasonCode, path + ":5: " + ReasonColumns,
		path + ":6: " + ReasonScore, path + ":7: " + ReasonID}
	if len(errs) != len(want) {
		t.Fatalf("errors %v, want %d", errs, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d = %q, want it to start with %q", i, errs[i], w)
		}
	}
}

func TestICEWSFileWithoutTheHeaderIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.tab")
	if err := os.WriteFile(path, []byte("a\tb\n1\t2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Read(context.Background(), ICEWS, []string{path}, func(*Record, *RowError) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "not an ICEWS file") || !strings.Contains(err.Error(), path+":1") {
		t.Fatalf("got %v", err)
	}
}

func TestPLOVERSampleReadsBothActorsAndTheOddRows(t *testing.T) {
	recs, errs := readAll(t, PLOVER, testdata("plover-gsr-cameo.json"))
	docs := 0
	for _, r := range recs {
		if r.Documentation {
			docs++
		}
	}
	if docs != 1 || len(recs) != 322 {
		t.Errorf("%d records (%d documentation), want 322 (1)", len(recs), docs)
	}
	if len(errs) != 1 || errs[0].Reason != ReasonActors || !strings.Contains(errs[0].Detail, "diplomatic") {
		t.Fatalf("errors %v, want the one string target", errs)
	}
	var agree5 *Record
	for _, r := range recs {
		if r.RecordID == "PLOVER-GSR01-AGREE-0005" {
			agree5 = r
		}
	}
	if agree5 == nil || agree5.Sources[0].Name != "Libya" || agree5.Targets[0].Country != "GBR" ||
		!strings.HasPrefix(agree5.Text, "Libya has offered") || agree5.Code != "AGREE" {
		t.Fatalf("AGREE-0005: %+v", agree5)
	}
	data, _ := os.ReadFile(testdata("plover-gsr-cameo.json"))
	lines := strings.Split(string(data), "\n")
	if !strings.Contains(lines[agree5.Pos.Line-1]+lines[agree5.Pos.Line], "PLOVER-GSR01-AGREE-0005") {
		t.Errorf("AGREE-0005 at line %d: %q", agree5.Pos.Line, lines[agree5.Pos.Line-1])
	}
}

func TestPLOVERCurrentFieldNamesInJSONLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	body := `{"id": "x-1", "date": "2021-05-04", "event": "ACCUSE", "mode": "", "actor": [{"actor_text": "Russia", "code": "RUS"}], "recipient": [{"actor_text": "Ukraine", "code": "UKR", "sector": "GOV"}], "event_text": "accused", "text": "Russia accused Ukraine.", "text_info": {}}

{"id": "x-2", "date": "2021-05-05", "event": "CONSULT", "actor": {"actor_text": "France", "code": "FRA"}, "recipient": "Germany"}
{"id": "x-3", "date": "2021-05-05", "event": "CONSULT", "actor": 
`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, PLOVER, path)
	if len(recs) != 2 || recs[0].Sources[0].Name != "Russia" || recs[0].Targets[0].Sectors[0] != "GOV" ||
		recs[0].EventText != "accused" || recs[1].Sources[0].Country != "FRA" || recs[1].Targets[0].Name != "Germany" || recs[1].Pos.Line != 3 {
		t.Errorf("records: %+v %+v", recs[0], recs[1])
	}
	if len(errs) != 1 || errs[0].Pos.Line != 4 || errs[0].Reason != ReasonJSON {
		t.Errorf("errors %v, want line 4 malformed JSON", errs)
	}
}

func TestGDELTFixturePlainAndZipped(t *testing.T) {
	plain := testdata("gdelt-fixture.export.CSV")
	zipped := filepath.Join(t.TempDir(), "20240302.export.CSV.zip")
	testfiles.Zip(t, zipped, "20240302.export.CSV", plain)
	for _, path := range []string{plain, zipped} {
		recs, errs := readAll(t, GDELT, path)
		if len(errs) != 0 || len(recs) != 5 {
			t.Fatalf("%s: %d records, errors %v", path, len(recs), errs)
		}
		r := recs[1]
		if r.RecordID != "1000000002" || r.Date != "2024-03-01" || r.Code != "163" || r.RootCode != "16" || r.QuadClass != 4 ||
			*r.Score != -8 || r.Sources[0].Name != "WHITE HOUSE" || r.Sources[0].Sectors[0] != "GOV" || r.Targets[0].Country != "RUS" ||
			r.URL != "https://example.org/news/2" || r.Pos.Line != 2 {
			t.Errorf("%s: record 2: %+v", path, r)
		}
		if len(recs[3].Targets) != 0 {
			t.Errorf("record 4 has a target: %+v", recs[3].Targets)
		}
	}
	recs, _ := readAll(t, GDELT, zipped)
	if want := zipped + ":20240302.export.CSV:3"; recs[2].Pos.String() != want {
		t.Errorf("position %s, want %s", recs[2].Pos, want)
	}
}

func TestMalformedGDELTRows(t *testing.T) {
	data, err := os.ReadFile(testdata("gdelt-fixture.export.CSV"))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(data)), "\n")
	cells := strings.Split(rows[0], "\t")
	cells[29] = "7"
	path := filepath.Join(t.TempDir(), "bad.CSV")
	body := rows[1] + "\n" + strings.Join(cells, "\t") + "\n" + "1\t20240301\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, GDELT, path)
	if len(recs) != 1 || len(errs) != 2 || errs[0].Pos.Line != 2 || errs[0].Reason != ReasonCode ||
		errs[1].Pos.Line != 3 || errs[1].Reason != ReasonColumns {
		t.Fatalf("records %d, errors %v", len(recs), errs)
	}
}
