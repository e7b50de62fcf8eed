// Command genevents writes N coded events in the ICEWS .tab format, shaped
// like a real sample (testdata/eventdata/icews-events-2018-06-sample.tab by
// default): each row is a sample row taken as a template, so the joint
// distribution of actors, sectors, countries, CAMEO codes and intensities
// is the sample's, on a new Event ID, date and story. Rows are in date
// order, as ICEWS files are, spread evenly over -days from -start; a share of actors (-synthetic) is replaced by
// generated ones ("Police (India)") whose country follows a Zipf law over
// the sample's countries ranked by frequency, so that countries stay
// heavy-tailed and the actor count grows with N. The same flags write the
// same bytes.
//
//	go run ./bench/genevents -n 1000000 -out /tmp/events-1m.tab
package main

import (
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "genevents:", err)
		os.Exit(1)
	}
}

func run() error {
	sample := flag.String("sample", "testdata/eventdata/icews-events-2018-06-sample.tab", "an ICEWS .tab sample to shape the events like")
	n := flag.Int("n", 10_000, "events to write")
	seed := flag.Uint64("seed", 1, "random seed")
	start := flag.String("start", "2018-01-01", "first day")
	days := flag.Int("days", 365, "days the events spread over")
	synthetic := flag.Float64("synthetic", 0.25, "share of actors replaced by generated ones")
	out := flag.String("out", "", "output file (default: standard output)")
	flag.Parse()
	first, err := time.Parse(time.DateOnly, *start)
	if err != nil || *n < 0 || *days < 1 || *synthetic < 0 || *synthetic > 1 {
		return fmt.Errorf("bad flags: -start a date, -n ≥ 0, -days ≥ 1, -synthetic in [0, 1]")
	}
	shape, err := readShapeFile(*sample)
	if err != nil {
		return err
	}
	w := os.Stdout
	if *out != "" {
		if w, err = os.Create(*out); err != nil {
			return err
		}
		defer w.Close()
	}
	return Write(w, shape, Options{Events: *n, Seed: *seed, Start: first, Days: *days, Synthetic: *synthetic})
}
