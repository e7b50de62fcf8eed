package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/store"
)

// afterBatch, when set, is told of each batch the load command commits.
// It is nil in the program; TestMain sets it in a child process that runs
// main(), to stop a load at a known batch and kill it there.
var afterBatch func(kind string, result store.WriteResult)

// load validates the files and folders given and writes them to Neo4j.
// Every problem in the input is printed, one per line as file:line, and
// nothing is written unless there are none.
func load(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	e := &env{getenv: getenv}
	neo := writerFlags(fs, e)
	batch := fs.Int("batch-size", e.int("ACTORGRAPH_BATCH_SIZE", loader.DefaultBatchSize), "rows per write transaction (env ACTORGRAPH_BATCH_SIZE)")
	dryRun := fs.Bool("dry-run", false, "validate only; write nothing")
	strict := fs.Bool("strict", false, "make warnings (an ASSERTED claim whose quote hedges) errors: write nothing if there is one")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: actorgraph load [flags] PATH...\n\nPATH is a file or a folder of actors/policies/events/sources/relations .yaml, .json or .csv files.")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, e, stderr); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("%w: give at least one PATH", errUsage)
	}
	finishNeo4j(neo)
	st, err := store.Open(*neo)
	if err != nil {
		return err
	}
	defer st.Close(context.WithoutCancel(ctx))
	ld := loader.New(st, loader.Options{BatchSize: *batch, DryRun: *dryRun, Strict: *strict, Progress: stderr, OnWrite: afterBatch})
	report, err := ld.Load(ctx, fs.Args())
	for _, w := range report.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	var inputErr *loader.InputError
	if errors.As(err, &inputErr) {
		for _, issue := range inputErr.Issues {
			fmt.Fprintln(stderr, issue)
		}
		return domain.Errorf(domain.EINVALID, "%d problem(s) in the input; nothing was written", len(inputErr.Issues))
	}
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, report)
	return nil
}
