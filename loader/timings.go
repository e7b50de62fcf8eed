package loader

import (
	"fmt"
	"time"
)

// Timings says where a load's time went, for finding what to make faster
// (BENCHMARKS.md). The parts overlap: the write pass reads the next batch
// of relations while Neo4j writes the last one, so they may add up to
// more than the load's elapsed time.
type Timings struct {
	// Parse is reading and decoding the files, in both passes over
	// relations CSV files.
	Parse time.Duration
	// Validate is the checks, the graph lookups they need included, less
	// their parsing.
	Validate time.Duration
	// Write is the write transactions: sources, ledgers, nodes, relations
	// and the pruning, each from building its rows to its commit.
	Write time.Duration
}

func (t Timings) String() string {
	round := func(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }
	return fmt.Sprintf("parse %s, validate %s, write %s", round(t.Parse), round(t.Validate), round(t.Write))
}

// since adds the time since start to *d.
func since(d *time.Duration, start time.Time) {
	*d += time.Since(start)
}
