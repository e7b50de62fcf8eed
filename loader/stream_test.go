package loader_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/store"
)

const relationsHeader = "from,type,to,since,until,stance,confidence,role,attributes,source,quote\n"

// csvNodes copies the CSV test nodes (not their relations) to a folder
// and returns it; the source text is next to it, where sources.csv says.
func csvNodes(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "data")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"actors.csv", "events.csv", "policies.csv", "sources.csv"} {
		writeFile(t, filepath.Join(dir, name), string(mustRead(t, filepath.Join("testdata", "csv", name))))
	}
	writeFile(t, filepath.Join(root, "source.txt"), string(mustRead(t, filepath.Join("testdata", "source.txt"))))
	return dir
}

// TestRepeatedRowsMergeWhereverTheyAre: rows of one identity merge their
// evidence whether adjacent, apart in one file, or in two files, and the
// graph is the one the in-memory path (ReadPaths + Apply) makes.
func TestRepeatedRowsMergeWhereverTheyAre(t *testing.T) {
	s := neo4jtest.Open(t)
	dir := csvNodes(t)
	writeFile(t, filepath.Join(dir, "relations-a.csv"), relationsHeader+
		"russia,PARTNERS_WITH,iran,,,,0.9,,,test-source,Russia maintains a strategic partnership with Iran.\n"+
		"us-congress,ISSUED,congressional-sanctions,2017,,,,,,test-source,The U.S. Congress institutionalized sanctions\n"+
		"us-congress,ISSUED,congressional-sanctions,2017,,,,,,test-source,institutionalized sanctions on Russia\n"+
		"congressional-sanctions,TARGETS,russia,,,MATERIAL_CONFLICT,,,,test-source,sanctions on Russia in 2017.\n"+
		"russia,PARTNERS_WITH,iran,,,,0.9,,,test-source,The two collaborate on military and economic fronts.\n")
	writeFile(t, filepath.Join(dir, "relations-b.csv"), relationsHeader+
		"us-congress,ISSUED,congressional-sanctions,2017,,,,,,test-source,\"sanctions on\n Russia in 2017.\"\n"+
		"russia,PARTNERS_WITH,iran,,,,0.9,,,test-source,Russia maintains a strategic partnership with Iran.\n"+
		"congressional-sanctions,TARGETS,russia,,,MATERIAL_CONFLICT,,,,test-source,sanctions on Russia in 2017.\n")
	wantEvidence := map[string][]string{
		"iran:PARTNERS_WITH:russia": {"Russia maintains a strategic partnership with Iran.", "The two collaborate on military and economic fronts."},
		"us-congress:ISSUED:congressional-sanctions:2017": {"The U.S. Congress institutionalized sanctions",
			"institutionalized sanctions on Russia", "sanctions on\n Russia in 2017."},
		"congressional-sanctions:TARGETS:russia": {"sanctions on Russia in 2017."},
	}
	ctx := context.Background()

	dry, err := loader.New(s, loader.Options{DryRun: true}).Load(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if dry.Relations.Unchanged != 3 {
		t.Errorf("dry run counts %d relations, want 3", dry.Relations.Unchanged)
	}

	var sums []string
	for _, how := range []string{"Load", "Apply"} {
		neo4jtest.Reset(t)
		var rep loader.Report
		ld := loader.New(s, loader.Options{BatchSize: 1})
		if how == "Load" {
			rep, err = ld.Load(ctx, []string{dir})
		} else {
			var ds *loader.Dataset
			if ds, err = loader.ReadPaths([]string{dir}); err == nil {
				rep, err = ld.Apply(ctx, ds)
			}
		}
		if err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		if rep.Relations != (store.WriteResult{Created: 3}) {
			t.Errorf("%s: relations %+v, want 3 created", how, rep.Relations)
		}
		for id, want := range wantEvidence {
			if got := quotesOf(t, id); !slices.Equal(got, want) {
				t.Errorf("%s: %s has evidence %q, want %q", how, id, got, want)
			}
		}
		counts, sum := snapshot(t, s)
		if counts.Relationships != 3 {
			t.Errorf("%s: %d relationships, want 3", how, counts.Relationships)
		}
		sums = append(sums, sum)
	}
	if sums[0] != sums[1] {
		t.Errorf("streamed Load and in-memory Apply give different graphs: %s vs %s", sums[0], sums[1])
	}

	again, err := loader.New(s, loader.Options{BatchSize: 2}).Load(ctx, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if again.Relations != (store.WriteResult{Unchanged: 3}) {
		t.Errorf("second load: relations %+v, want 3 unchanged", again.Relations)
	}
}

// TestAConflictingRepeatInAnotherFileWritesNothing: the same identity with
// other fields in a second relations file is reported at both places.
func TestAConflictingRepeatInAnotherFileWritesNothing(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	_, before := snapshot(t, s)
	dir := csvNodes(t)
	writeFile(t, filepath.Join(dir, "relations-a.csv"), relationsHeader+
		"us-congress,ISSUED,congressional-sanctions,2017,,,,,,test-source,The U.S. Congress institutionalized sanctions\n"+
		"russia,PARTNERS_WITH,iran,,,,0.9,,,test-source,Russia maintains a strategic partnership with Iran.\n")
	writeFile(t, filepath.Join(dir, "relations-b.csv"), relationsHeader+
		"congressional-sanctions,TARGETS,russia,,,MATERIAL_CONFLICT,,,,test-source,sanctions on Russia in 2017.\n"+
		"russia,PARTNERS_WITH,iran,,,,0.5,,,test-source,The two collaborate on military and economic fronts.\n")
	_, err := loader.New(s, loader.Options{BatchSize: 1}).Load(context.Background(), []string{dir})
	var inputErr *loader.InputError
	if !errors.As(err, &inputErr) {
		t.Fatalf("error = %v, want an *InputError", err)
	}
	want := fmt.Sprintf("%s:3: relation iran:PARTNERS_WITH:russia is given twice with different fields (first at %s:3)",
		filepath.Join(dir, "relations-b.csv"), filepath.Join(dir, "relations-a.csv"))
	if len(inputErr.Issues) != 1 || !strings.Contains(err.Error(), want) {
		t.Errorf("problems:\n%v\nwant exactly one, with %q", err, want)
	}
	if _, after := snapshot(t, s); after != before {
		t.Fatal("the graph changed although the input was refused")
	}
}

// TestStreamedProblemsKeepTheirLines: in a relations file larger than a
// lookup chunk, with a quoted cell over two lines, every problem is at its
// own line, for problems of a row on its own and for those found with the
// graph's help.
func TestStreamedProblemsKeepTheirLines(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	ctx := context.Background()
	nodes := csvNodes(t)
	if _, err := loader.New(s, loader.Options{}).Load(ctx, []string{nodes}); err != nil {
		t.Fatal(err)
	}
	_, before := snapshot(t, s)

	// Only relations: every endpoint and source is looked up in the graph.
	const rows = 12000
	build := func(bad map[int]string) (string, map[int]int) {
		var b strings.Builder
		b.WriteString(relationsHeader)
		line, lines := 2, map[int]int{}
		for i := 0; i < rows; i++ {
			since := fmt.Sprintf("%04d", 1000+i%4000) + fmt.Sprintf("-%02d", 1+i/4000)
			row := "russia,PARTNERS_WITH,iran," + since + ",,,0.9,,,test-source,Russia maintains a strategic partnership with Iran.\n"
			if i == 100 {
				row = "russia,PARTNERS_WITH,iran," + since + ",,,0.9,,,test-source,\"Russia maintains\na strategic partnership\"\n"
			}
			if r, ok := bad[i]; ok {
				row = strings.ReplaceAll(r, "SINCE", since)
			}
			lines[i] = line
			b.WriteString(row)
			line += strings.Count(row, "\n")
		}
		dir := t.TempDir()
		path := filepath.Join(dir, "relations.csv")
		writeFile(t, path, b.String())
		return path, lines
	}
	for _, tc := range []struct {
		name string
		bad  map[int]string
		want map[int]string // row -> problem, without "file:line: "
	}{
		{"rows on their own", map[int]string{
			3:     "russia,PARTNERS_WITH,iran,yesterday,,,0.9,,,test-source,x\n",
			7000:  "russia,LIKES,iran,SINCE,,,0.9,,,test-source,x\n",
			11999: "russia,PARTNERS_WITH,iran,SINCE,,,2,,,test-source,x\n",
		}, map[int]string{
			3:     `since: malformed date "yesterday"`,
			7000:  `type: unknown relation type "LIKES"`,
			11999: "confidence: must be between 0 and 1",
		}},
		{"with the graph", map[int]string{
			5:     "russia,PARTNERS_WITH,atlantis,SINCE,,,0.9,,,test-source,Russia maintains a strategic partnership with Iran.\n",
			6001:  "russia,PARTNERS_WITH,iran,SINCE,,,0.9,,,test-source,Iran maintains nothing\n",
			9000:  "russia,PARTNERS_WITH,iran,SINCE,,,0.9,,,no-such-source,Iran maintains nothing\n",
			11000: "congressional-sanctions,PARTNERS_WITH,iran,SINCE,,,0.9,,,test-source,Russia maintains a strategic partnership with Iran.\n",
		}, map[int]string{
			5:     `to: no actor, policy or event with id "atlantis"`,
			6001:  `evidence[0].quote: quote is not verbatim text of source "test-source"`,
			9000:  `evidence[0].source: no source with id "no-such-source"`,
			11000: "type: PARTNERS_WITH cannot start at Policy",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, lines := build(tc.bad)
			_, err := loader.New(s, loader.Options{}).Load(ctx, []string{path})
			var inputErr *loader.InputError
			if !errors.As(err, &inputErr) {
				t.Fatalf("error = %v, want an *InputError", err)
			}
			var got []string
			for _, is := range inputErr.Issues {
				got = append(got, is.String())
			}
			var want []string
			for row, problem := range tc.want {
				want = append(want, fmt.Sprintf("%s:%d: %s", path, lines[row], problem))
			}
			if len(got) != len(want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
			}
			for _, w := range want {
				if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) }) {
					t.Errorf("no problem %s…; got:\n%s", w, strings.Join(got, "\n"))
				}
			}
			if _, after := snapshot(t, s); after != before {
				t.Fatal("the graph changed although the input was refused")
			}
		})
	}

	// And the same file without its problems is valid, every row a
	// relation. (Not written: 12000 edges between one pair make MERGE slow.)
	path, _ := build(nil)
	rep, err := loader.New(s, loader.Options{DryRun: true}).Load(ctx, []string{path})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Relations.Unchanged != rows {
		t.Errorf("dry run counts %d relations, want %d", rep.Relations.Unchanged, rows)
	}
}

// TestApplyKeepsItsChecks: the API's one-record data sets go through the
// same validation as files.
func TestApplyKeepsItsChecks(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	rel := &domain.Relation{From: "russia", Type: "PARTNERS_WITH", To: "atlantis",
		Evidence: []domain.Evidence{{SourceID: "nowhere", Quote: "x"}}}
	_, err := loader.New(s, loader.Options{}).Apply(context.Background(),
		&loader.Dataset{Relations: []*loader.Record[*domain.Relation]{loader.Single(rel, loader.Position{File: "input"})}})
	for _, want := range []string{`input: to: no actor, policy or event with id "atlantis"`, `input: evidence[0].source: no source with id "nowhere"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %q", err, want)
		}
	}
}
