package main

import (
	"fmt"
	"strconv"
)

// target is one line of the targets table: what is asked, what this run
// measured, and whether it meets it (nil when the run did not measure it).
type target struct {
	what, asked, measured string
	met                   *bool
}

// renderTargets writes the speed targets (issue 14, and issue 12's import)
// with the ratios of this run, computed from its results, so that a missed
// target shows as missed.
func renderTargets(w func(string, ...any), rs []result) {
	ts := []target{
		ratioTarget("(b) neighbourhood p50, medium, c=1: over Bolt ÷ the statements before (b-baseline)", "≤ 0.20",
			p50(rs, "medium", "b", "bolt", 1), p50(rs, "medium", "b-baseline", "bolt", 1), func(x float64) bool { return x <= 0.2 }),
		ratioTarget("(b) neighbourhood p50, actorgraph, c=1: medium ÷ small", "≤ 1.3",
			p50(rs, "medium", "b", "actorgraph", 1), p50(rs, "small", "b", "actorgraph", 1), func(x float64) bool { return x <= 1.3 }),
		msTarget("(c) shortest path p99, actorgraph, medium, c=1", p99(rs, "medium", "c", "actorgraph", 1), 300),
		msTarget("(c) shortest path p99, actorgraph, medium, c=8", p99(rs, "medium", "c", "actorgraph", 8), 300),
		ratioTarget("(a) actor with relations, medium, c=1: actorgraph ÷ Bolt cost (1 ÷ throughput)", "≤ 1.2",
			rate(rs, "medium", "a", "bolt", 1), rate(rs, "medium", "a", "actorgraph", 1), func(x float64) bool { return x <= 1.2 }),
		ratioTarget("(a) actor with relations, medium, c=8: actorgraph ÷ Bolt cost", "≤ 1.2",
			rate(rs, "medium", "a", "bolt", 8), rate(rs, "medium", "a", "actorgraph", 8), func(x float64) bool { return x <= 1.2 }),
		msTarget("(a) actor with relations p99, actorgraph, medium, c=32", p99(rs, "medium", "a", "actorgraph", 32), 100),
		ratioTarget("loader: LOAD CSV time ÷ loader time (largest size, best batch)", "≥ 2",
			csvSeconds(rs), loaderSeconds(rs), func(x float64) bool { return x >= 2 }),
		ratioTarget("event import: LOAD CSV time ÷ import time (largest import)", "≥ 1.5",
			eventSeconds(rs, "eventcsv"), eventSeconds(rs, "import"), func(x float64) bool { return x >= 1.5 }),
		ratioTarget("dyad series p50, most events: raw aggregation ÷ the API", "≥ 10",
			dyadP50(rs, "raw", true), dyadP50(rs, "api", true), func(x float64) bool { return x >= 10 }),
		ratioTarget("dyad series p50 through the API: most events ÷ fewest", "≤ 1.3",
			dyadP50(rs, "api", true), dyadP50(rs, "api", false), func(x float64) bool { return x <= 1.3 }),
	}
	w("## Targets in this run\n\nThe speed targets (issue 14; the last three are issue 12's), computed by bench/report from this run's results. The sections below have the figures and, for each missed target, what the profile shows. The hand-written sections (from section 6 on) were measured side by side on a busy shared machine before this run; where they say the medium graph was not measured, the tables of sections 1 to 4 have it.\n\n")
	w("| target | asked | this run | met |\n|---|---|---|---|\n")
	for _, t := range ts {
		met := "not measured"
		if t.met != nil {
			met = map[bool]string{true: "yes", false: "**no**"}[*t.met]
		}
		w("| %s | %s | %s | %s |\n", t.what, t.asked, t.measured, met)
	}
	w("\nNo cache was added: every figure is cold in the sense of the issue (no result is kept between requests).\n\n")
}

// ratioTarget is the target num ÷ den, met when ok says so.
func ratioTarget(what, asked string, num, den float64, ok func(float64) bool) target {
	t := target{what: what, asked: asked, measured: "n/a"}
	if num > 0 && den > 0 {
		x := num / den
		m := ok(x)
		t.measured, t.met = fmt.Sprintf("%.3f", x), &m
	}
	return t
}

// msTarget is the target of a latency of at most limit ms.
func msTarget(what string, ms, limit float64) target {
	t := target{what: what, asked: fmt.Sprintf("≤ %.0f ms", limit), measured: "n/a"}
	if ms > 0 {
		m := ms <= limit
		t.measured, t.met = fmt.Sprintf("%.0f ms", ms), &m
	}
	return t
}

// api is the API result of one operation, target and concurrency.
func api(rs []result, size, op, tgt string, c int) (result, bool) {
	for _, r := range rs {
		if r.Bench == "api" && r.Size == size && r.Op == op && r.Target == tgt && r.Concurrency == c {
			return r, true
		}
	}
	return result{}, false
}

func p50(rs []result, size, op, tgt string, c int) float64 {
	r, _ := api(rs, size, op, tgt, c)
	return r.P50ms
}

func p99(rs []result, size, op, tgt string, c int) float64 {
	r, ok := api(rs, size, op, tgt, c)
	if ok && r.Errors > 0 {
		return 1e9 // errors miss the target whatever the latency
	}
	return r.P99ms
}

func rate(rs []result, size, op, tgt string, c int) float64 {
	r, _ := api(rs, size, op, tgt, c)
	return r.PerSecond
}

// loaderSeconds is the fastest load of the size LOAD CSV ran on, and
// csvSeconds LOAD CSV's time at that load's batch size.
func loaderSeconds(rs []result) float64 {
	l, ok := fastestLoad(rs)
	if !ok {
		return 0
	}
	return l.Seconds
}

func csvSeconds(rs []result) float64 {
	l, ok := fastestLoad(rs)
	if !ok {
		return 0
	}
	total := 0.0
	for _, c := range filter(rs, func(r result) bool { return r.Bench == "loadcsv" && r.Size == l.Size && r.Batch == l.Batch }) {
		total += c.Seconds
	}
	return total
}

func fastestLoad(rs []result) (result, bool) {
	var best result
	found := false
	for _, l := range filter(rs, func(r result) bool { return r.Bench == "loader" }) {
		if !found || l.Seconds < best.Seconds {
			best, found = l, true
		}
	}
	return best, found
}

// eventSeconds is the time of bench (import or eventcsv) on the largest
// number of events LOAD CSV wrote.
func eventSeconds(rs []result, bench string) float64 {
	largest := 0
	for _, r := range filter(rs, func(r result) bool { return r.Bench == "eventcsv" }) {
		largest = max(largest, r.Events)
	}
	total := 0.0
	for _, r := range filter(rs, func(r result) bool { return r.Bench == bench && r.Events == largest && largest > 0 }) {
		total += r.Seconds
	}
	return total
}

// dyadP50 is the p50 of the dyad series read by target (raw, aggregate or
// api) on the most events measured, or the fewest.
func dyadP50(rs []result, target string, most bool) float64 {
	var best result
	found := false
	for _, r := range filter(rs, func(r result) bool { return r.Bench == "dyad" && r.Target == target }) {
		n, err := strconv.Atoi(r.Size)
		if err != nil {
			continue
		}
		b, _ := strconv.Atoi(best.Size)
		if !found || most && n > b || !most && n < b {
			best, found = r, true
		}
	}
	return best.P50ms
}
