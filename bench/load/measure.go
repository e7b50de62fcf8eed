package main

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"time"
)

// Result is one operation at one concurrency level.
type Result struct {
	Target string `json:"target"`
	// URL is set when requests alternate between several (see measure).
	URL         string  `json:"url,omitempty"`
	Op          string  `json:"op"`
	Size        string  `json:"size,omitempty"`
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	Errors      int     `json:"errors"`
	FirstError  string  `json:"firstError,omitempty"`
	PerSecond   float64 `json:"perSecond"`
	P50ms       float64 `json:"p50ms"`
	P95ms       float64 `json:"p95ms"`
	P99ms       float64 `json:"p99ms"`
}

// JSON renders the result as one line.
func (r Result) JSON() string {
	b, _ := json.Marshal(r)
	return string(b)
}

// call is one request of an operation; i picks the subject.
type call func(ctx context.Context, i int) error

// tally is what one call's requests came to.
type tally struct {
	latencies  []time.Duration
	errors     int
	firstError string
}

// measure runs the calls from c workers for d and reports, for each call,
// the latencies of the requests that finished in that time. i numbers a
// worker's steps so that workers vary the subject. With several calls,
// each step sends the same subject to every call in turn, starting with a
// different one each step: calls compared so see the same load, which on
// a busy machine separate runs do not.
func measure(ctx context.Context, calls []call, c int, d time.Duration) []Result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	tallies := make([]tally, len(calls))
	var wg sync.WaitGroup
	start := time.Now()
	for w := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]tally, len(calls))
		steps:
			for i := w; ctx.Err() == nil; i += c {
				for k := range calls {
					j := (i + k) % len(calls)
					t0 := time.Now()
					err := calls[j](context.WithoutCancel(ctx), i)
					if ctx.Err() != nil {
						break steps // cut off by the end of the run: not counted
					}
					if err != nil {
						mine[j].errors++
						if mine[j].firstError == "" {
							mine[j].firstError = err.Error()
						}
						continue
					}
					mine[j].latencies = append(mine[j].latencies, time.Since(t0))
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for j, t := range mine {
				tallies[j].latencies = append(tallies[j].latencies, t.latencies...)
				tallies[j].errors += t.errors
				if tallies[j].firstError == "" {
					tallies[j].firstError = t.firstError
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	results := make([]Result, len(calls))
	for j, t := range tallies {
		results[j] = t.result(c, elapsed)
	}
	return results
}

// result summarises a tally of c workers over elapsed.
func (t tally) result(c int, elapsed time.Duration) Result {
	slices.Sort(t.latencies)
	pct := func(p float64) float64 {
		if len(t.latencies) == 0 {
			return 0
		}
		return float64(t.latencies[min(len(t.latencies)-1, int(p*float64(len(t.latencies))))].Microseconds()) / 1000
	}
	return Result{Concurrency: c, Requests: len(t.latencies), Errors: t.errors, FirstError: t.firstError,
		PerSecond: float64(len(t.latencies)) / elapsed.Seconds(), P50ms: pct(.50), P95ms: pct(.95), P99ms: pct(.99)}
}
