package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/eventdata"
	"github.com/actorgraph/actorgraph/importer"
	"github.com/actorgraph/actorgraph/store"
)

// importEvents reads coded event data (ICEWS, GDELT, PLOVER) and writes
// it to Neo4j beside the curated graph; see README "Event data".
func importEvents(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	e := &env{getenv: getenv}
	neo := writerFlags(fs, e)
	format := fs.String("format", "", "input format: icews (.tab), gdelt (2.0 events, plain or .zip) or plover (JSON or JSONL)")
	onError := fs.String("on-error", importer.OnErrorStop, "a malformed row: stop (write nothing, list every bad row) or skip (import the rest, report what was skipped)")
	batch := fs.Int("batch-size", e.int("ACTORGRAPH_BATCH_SIZE", importer.DefaultBatchSize), "events per write transaction (env ACTORGRAPH_BATCH_SIZE)")
	writers := fs.Int("writers", importer.DefaultWriters, "batches written at once, each in its own transaction")
	dryRun := fs.Bool("dry-run", false, "read, check and resolve only; write nothing")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: actorgraph import --format icews|gdelt|plover [flags] PATH...\n\nPATH is a file, a .zip archive or a folder of them.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, e, stderr); err != nil {
		return err
	}
	f, err := eventdata.ParseFormat(*format)
	if err != nil || fs.NArg() == 0 || (*onError != importer.OnErrorStop && *onError != importer.OnErrorSkip) {
		fs.Usage()
		return fmt.Errorf("%w: give --format icews|gdelt|plover, --on-error stop|skip and at least one PATH", errUsage)
	}
	finishNeo4j(neo)
	st, err := store.Open(*neo)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	im := importer.New(st, importer.Options{Format: f, OnError: *onError, BatchSize: *batch, Writers: *writers, DryRun: *dryRun, Progress: stderr})
	report, err := im.Import(ctx, fs.Args())
	var inputErr *importer.InputError
	if errors.As(err, &inputErr) {
		for _, row := range inputErr.Rows {
			fmt.Fprintln(stderr, row)
		}
		return domain.Errorf(domain.EINVALID, "%s", inputErr.Error())
	}
	fmt.Fprint(stdout, report)
	return err
}
