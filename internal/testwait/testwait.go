// Package testwait lets tests wait for something they can observe (a
// count in Neo4j, a refused connection, a value on a channel) for as long
// as the test itself may run, rather than for a guessed duration: a slow
// machine makes a test slower, never wrong.
package testwait

import (
	"context"
	"testing"
	"time"
)

// Context ends a little before the test binary's own timeout (go test
// -timeout), so that a wait for something that never happens fails with a
// message saying what, instead of a panic dumping every goroutine. Without
// a timeout it ends only when cancelled. It does not derive from
// t.Context(), so it also serves in t.Cleanup functions.
func Context(t *testing.T) (context.Context, context.CancelFunc) {
	deadline, ok := t.Deadline()
	if !ok {
		return context.WithCancel(context.Background())
	}
	margin := min(10*time.Second, time.Until(deadline)/10)
	return context.WithDeadline(context.Background(), deadline.Add(-margin))
}

// pollEvery is how often Until looks again; it bounds nothing.
const pollEvery = 20 * time.Millisecond

// Until calls cond until it returns true, and fails the test, saying what
// did not happen, if the test runs out of time first. cond may call
// t.Fatal.
func Until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := Context(t)
	defer cancel()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("the test ran out of time waiting for this: %s", what)
		case <-tick.C:
		}
	}
}

// Receive returns the next value on ch, or fails the test, saying what
// did not happen, if the test runs out of time first.
func Receive[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	ctx, cancel := Context(t)
	defer cancel()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
	}
	t.Fatalf("the test ran out of time waiting for this: %s", what)
	var zero T
	return zero
}
