package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

func TestImportCommandNeedsAFormatAndAPath(t *testing.T) {
	noEnv := func(string) string { return "" }
	for _, args := range [][]string{{}, {"--format", "icews"}, {"--format", "acled", "x.tab"}, {"--format", "icews", "--on-error", "ignore", "x.tab"}} {
		err := run(context.Background(), append([]string{"actorgraph", "import"}, args...), noEnv, &bytes.Buffer{}, &bytes.Buffer{})
		if exitCode(err) != 2 {
			t.Errorf("import %v: %v (exit %d), want a usage error", args, err, exitCode(err))
		}
	}
}

// TestImportCommandPrintsBadRowsAndTheReport imports a file with a bad
// row: stopping, it prints the row as file:line and writes nothing;
// skipping, it imports the rest and prints the report with the summary.
func TestImportCommandPrintsBadRowsAndTheReport(t *testing.T) {
	cfg := neo4jtest.Config(t)
	neo4jtest.Reset(t)
	data, err := os.ReadFile(neo4jtest.RepoPath("testdata", "eventdata", "icews-events-2018-06-sample.tab"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")[:6]
	cells := strings.Split(lines[3], "\t")
	cells[6] = "04x" // CAMEO Code
	lines[3] = strings.Join(cells, "\t")
	path := filepath.Join(t.TempDir(), "events.tab")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := func(key string) string {
		if key == "NEO4J_URI" {
			return cfg.URI
		}
		return os.Getenv(key)
	}
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"actorgraph", "import", "--format", "icews", path}, getenv, &stdout, &stderr)
	if exitCode(err) != 1 || !strings.Contains(stderr.String(), path+":4: missing or malformed event code") {
		t.Fatalf("stop: %v (exit %d), stderr %q", err, exitCode(err), stderr.String())
	}
	stdout.Reset()
	err = run(context.Background(), []string{"actorgraph", "import", "--format", "icews", "--on-error", "skip", path}, getenv, &stdout, &stderr)
	if err != nil {
		t.Fatalf("skip: %v", err)
	}
	for _, want := range []string{"icews: 5 records read, 4 events imported", "skipped: 1 rows", "1 × missing or malformed event code, e.g. " + path + ":4: "} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, stdout.String())
		}
	}
}
