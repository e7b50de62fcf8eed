package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/actorgraph/actorgraph/store"
)

// TestMain lets a test run the real command in a child process (to kill
// it, for one): the test binary runs main() when ACTORGRAPH_TEST_RUN_MAIN=1.
// With ACTORGRAPH_TEST_PAUSE_AFTER=N as well, a load stops for good once
// its N-th relation batch is committed (see pauseAfter).
func TestMain(m *testing.M) {
	if os.Getenv("ACTORGRAPH_TEST_RUN_MAIN") == "1" {
		if n := os.Getenv("ACTORGRAPH_TEST_PAUSE_AFTER"); n != "" {
			batches, err := strconv.Atoi(n)
			if err != nil || batches < 1 {
				fmt.Fprintf(os.Stderr, "ACTORGRAPH_TEST_PAUSE_AFTER=%q: want a number of batches, 1 or more\n", n)
				os.Exit(2)
			}
			afterBatch = pauseAfter(batches)
		}
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// pausedMarker starts the line a paused load prints to stderr.
const pausedMarker = "test: load paused after relation batch"

// pauseAfter stops a load once its n-th relation batch is committed: it
// prints pausedMarker and blocks until stdin closes (the parent test holds
// it open, and closes it at the latest when it ends), then exits without
// writing anything more. The parent kills it meanwhile.
func pauseAfter(n int) func(kind string, result store.WriteResult) {
	batches := 0
	return func(kind string, _ store.WriteResult) {
		if kind != "relations" {
			return
		}
		if batches++; batches < n {
			return
		}
		fmt.Fprintf(os.Stderr, "%s %d\n", pausedMarker, batches)
		_, _ = io.Copy(io.Discard, os.Stdin)
		os.Exit(1)
	}
}
