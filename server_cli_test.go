package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestHelpDoesNotRun checks that `COMMAND -h` prints usage and returns,
// instead of going on to serve or load.
func TestHelpDoesNotRun(t *testing.T) {
	for _, command := range []string{"serve", "load"} {
		var stderr bytes.Buffer
		getenv := func(string) string { return "" }
		done := make(chan error, 1)
		go func() {
			done <- run(context.Background(), []string{"actorgraph", command, "-h"}, getenv, &bytes.Buffer{}, &stderr)
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s -h: %v", command, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s -h did not return: it went on to run", command)
		}
		if !strings.Contains(stderr.String(), "-neo4j-uri") {
			t.Errorf("%s -h printed no usage: %q", command, stderr.String())
		}
	}
}

func TestUnknownCommandIsAUsageError(t *testing.T) {
	err := run(context.Background(), []string{"actorgraph", "serv"}, func(string) string { return "" }, &bytes.Buffer{}, &bytes.Buffer{})
	if exitCode(err) != 2 {
		t.Errorf("unknown command: %v (exit %d), want a usage error", err, exitCode(err))
	}
}
