package main

import (
	"bytes"
	"context"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
)

// TestHelpDoesNotRun checks that `COMMAND -h` prints usage and returns,
// instead of going on to serve or load. The context is cancelled already:
// a serve that went on would listen, say so on stdout and return; a load
// that went on would fail for want of a PATH.
func TestHelpDoesNotRun(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	getenv := func(key string) string {
		if key == "ACTORGRAPH_ADDR" {
			return "127.0.0.1:0"
		}
		return ""
	}
	for _, command := range []string{"serve", "load"} {
		var stdout, stderr bytes.Buffer
		if err := run(cancelled, []string{"actorgraph", command, "-h"}, getenv, &stdout, &stderr); err != nil {
			t.Errorf("%s -h: %v", command, err)
		}
		if stdout.Len() > 0 {
			t.Errorf("%s -h went on to run: %q", command, stdout.String())
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

// TestZeroLimitsAreRefusedAtStart: a limit of zero given as a flag would
// refuse or time out every request; serve says so before it listens.
func TestZeroLimitsAreRefusedAtStart(t *testing.T) {
	noEnv := func(string) string { return "" }
	for _, flag := range []string{"-max-body=0", "-request-timeout=0s", "-cypher-max-rows=0", "-neo4j-connect-timeout=0s"} {
		var stdout bytes.Buffer
		err := run(context.Background(), []string{"actorgraph", "serve", "-addr", "127.0.0.1:0", flag}, noEnv, &stdout, &bytes.Buffer{})
		if exitCode(err) != 2 || !strings.Contains(fmt.Sprint(err), "must be positive") {
			t.Errorf("%s: %v (exit %d), want a usage error", flag, err, exitCode(err))
		}
		if strings.Contains(stdout.String(), "listening") {
			t.Errorf("%s: serve started listening", flag)
		}
	}
}

// The server collects garbage less often than the runtime's default,
// unless GOGC says how often.
func TestServerGCTarget(t *testing.T) {
	prev := debug.SetGCPercent(123)
	t.Cleanup(func() { debug.SetGCPercent(prev) })
	if got := tuneGC(func(string) string { return "" }); got != serverGCPercent || debug.SetGCPercent(123) != serverGCPercent {
		t.Errorf("without GOGC: target %d, want %d", got, serverGCPercent)
	}
	gogc := func(k string) string {
		if k == "GOGC" {
			return "50"
		}
		return ""
	}
	if got := tuneGC(gogc); got != 123 || debug.SetGCPercent(123) != 123 {
		t.Errorf("with GOGC set: target %d, want the runtime's own (123) left as it is", got)
	}
}
