// Command actorgraph serves and loads a knowledge graph of geopolitical
// actors stored in Neo4j.
//
//	actorgraph serve           GraphQL at /graphql, GraphiQL at /, probes
//	actorgraph load PATH...    validate and load YAML/JSON/CSV facts
//	actorgraph import PATH...  import ICEWS, GDELT or PLOVER event data
//
// Configuration comes from flags and the environment; see the README.
package main

//go:generate go tool gqlgen generate

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/actorgraph/actorgraph/domain"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "actorgraph:", err)
		os.Exit(exitCode(err))
	}
}

const usage = `usage:
  actorgraph serve [flags]          serve GraphQL at /graphql and GraphiQL at /
  actorgraph load [flags] PATH...   validate and load facts (YAML, JSON, CSV)
  actorgraph import --format icews|gdelt|plover [flags] PATH...
                                    import coded event data
  actorgraph probe URL              exit 0 if URL answers 200 (container health checks)
  actorgraph help                   this text

Run 'actorgraph COMMAND -h' for a command's flags.`

// errUsage marks a command line that could not be understood.
var errUsage = errors.New("bad usage")

// run is the whole program, with its dependencies passed in so that tests
// can run it in-process (e.g. serve on port 0).
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, getenv, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil // a command's -h printed its usage
	}
	return err
}

func dispatch(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprintln(stderr, usage)
		return errUsage
	}
	switch args[1] {
	case "serve":
		return serve(ctx, args[2:], getenv, stdout, stderr)
	case "load":
		return load(ctx, args[2:], getenv, stdout, stderr)
	case "import":
		return importEvents(ctx, args[2:], getenv, stdout, stderr)
	case "probe":
		return probe(ctx, args[2:], stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	fmt.Fprintf(stderr, "unknown command %q\n%s\n", args[1], usage)
	return errUsage
}

// exitCode is 2 for usage errors, 1 for bad input, 3 when Neo4j fails.
func exitCode(err error) int {
	switch {
	case errors.Is(err, errUsage):
		return 2
	case domain.ErrorCode(err) == domain.EINVALID:
		return 1
	case domain.ErrorCode(err) == domain.EUNAVAILABLE || domain.ErrorCode(err) == domain.ETIMEOUT:
		return 3
	}
	return 1
}
