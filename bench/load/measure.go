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
	Target      string  `json:"target"`
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

// measure runs call from c workers for d and reports the latencies of the
// calls that finished in that time. i numbers the calls so that workers
// vary the subject.
func measure(ctx context.Context, call func(ctx context.Context, i int) error, c int, d time.Duration) Result {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var latencies []time.Duration
	errors, firstError := 0, ""
	var wg sync.WaitGroup
	start := time.Now()
	for w := range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for i := w; ctx.Err() == nil; i += c {
				t0 := time.Now()
				err := call(context.WithoutCancel(ctx), i)
				if ctx.Err() != nil {
					break // cut off by the end of the run: not counted
				}
				if err != nil {
					mu.Lock()
					errors++
					if firstError == "" {
						firstError = err.Error()
					}
					mu.Unlock()
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			latencies = append(latencies, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return float64(latencies[min(len(latencies)-1, int(p*float64(len(latencies))))].Microseconds()) / 1000
	}
	return Result{Concurrency: c, Requests: len(latencies), Errors: errors, FirstError: firstError,
		PerSecond: float64(len(latencies)) / elapsed.Seconds(), P50ms: pct(.50), P95ms: pct(.95), P99ms: pct(.99)}
}
