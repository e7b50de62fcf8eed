// Command gen writes a deterministic synthetic data set in the loader's CSV
// input formats (see data/README.md), shaped like the seed data set: actors
// of every kind, policies, events, sources with their texts, and relations
// with the vocabulary's type mix, dates, stances and verbatim evidence: claims
// whose modality and attribution fit the sentence they quote, a few of them
// intentions, forecasts or denials (not served by default). The
// endpoints of relations are picked with power-law weights, so a few actors
// (states) are hubs of very high degree.
//
//	go run ./bench/gen -size small|medium -seed 1 -out DIR
//	go run ./bench/gen -relations 50000 -out DIR
//
// The same seed and size give byte-identical files. The output folder holds
// sources.csv (and texts/, the source texts it names), actors.csv,
// policies.csv, events.csv and relations.csv, or relations-001.csv, ... of
// -per-file relations each when there are more; `actorgraph load DIR` reads
// it as one data set. With -pre-claims the files are those actorgraph read
// before claims (evidence as source and quote only, no GROUP actors), with
// the same relations and quotes, for comparing the two versions.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// sizes are the named sizes of -size, in relations.
var sizes = map[string]int{
	"small":  10_000,
	"medium": 1_000_000,
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gen:", err)
		}
		os.Exit(2)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("gen", flag.ContinueOnError)
	fset.SetOutput(stderr)
	size := fset.String("size", "small", "named size: small (10,000 relations) or medium (1,000,000 relations)")
	relations := fset.Int("relations", 0, "number of relations; overrides -size when > 0")
	seed := fset.Uint64("seed", 1, "random seed: the same seed and size give byte-identical output")
	out := fset.String("out", "", "output folder (required); created if absent, must be empty unless -overwrite")
	perFile := fset.Int("per-file", DefaultPerFile, "relations per relations CSV file; more are split into relations-001.csv, ...")
	overwrite := fset.Bool("overwrite", false, "replace a previous output in -out (removes only the files gen writes)")
	preClaims := fset.Bool("pre-claims", false, "write the columns of actorgraph before claims: evidence as source and quote only, GROUP actors as PERSON (same relations and quotes)")
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "usage: go run ./bench/gen [-size small|medium | -relations N] [-seed N] [-per-file N] [-pre-claims] [-overwrite] -out DIR")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		fset.Usage()
		return fmt.Errorf("unexpected arguments: %v", fset.Args())
	}
	n := *relations
	if n <= 0 {
		var ok bool
		if n, ok = sizes[*size]; !ok {
			return fmt.Errorf("unknown -size %q: use small, medium or -relations N", *size)
		}
	}
	if *out == "" {
		fset.Usage()
		return errors.New("-out is required")
	}
	if *perFile <= 0 {
		return errors.New("-per-file must be positive")
	}
	if err := prepareDir(*out, *overwrite); err != nil {
		return err
	}
	start := time.Now()
	sum, err := Generate(*out, Config{Relations: n, Seed: *seed, PerFile: *perFile, PreClaims: *preClaims})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "gen: seed %d: %d relations (%d rows, %d files), %d actors, %d policies, %d events, %d sources; %d files, %.1f MB in %s; top hub %s (degree %d)\n",
		*seed, sum.Relations, sum.RelationRows, sum.RelationFiles, sum.Actors, sum.Policies, sum.Events, sum.Sources,
		sum.Files, float64(sum.Bytes)/1e6, time.Since(start).Round(time.Millisecond), sum.TopHub, sum.TopDegree)
	return nil
}

// ownOutput matches the names gen writes into the output folder.
var ownOutput = regexp.MustCompile(`^(sources|actors|policies|events|relations(-[0-9]+)?)\.csv$`)

// prepareDir makes dir ready for output: created if absent; if it holds
// anything, -overwrite must be given and then only gen's own files go.
func prepareDir(dir string, overwrite bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if !overwrite {
		return fmt.Errorf("%s is not empty: give a new or empty folder, or -overwrite to replace a previous output", dir)
	}
	for _, e := range entries {
		switch {
		case e.IsDir() && e.Name() == textsDir:
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		case !e.IsDir() && ownOutput.MatchString(e.Name()):
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return nil
}
