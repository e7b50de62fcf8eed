package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

func mini(t *testing.T) *Shape {
	t.Helper()
	shape, err := readShapeFile("testdata/mini.tab")
	if err != nil {
		t.Fatal(err)
	}
	return shape
}

func generate(t *testing.T, shape *Shape, o Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, shape, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestShapeRanksCountriesByFrequency(t *testing.T) {
	shape := mini(t)
	if len(shape.Rows) != 6 {
		t.Fatalf("%d rows, want 6", len(shape.Rows))
	}
	want := []string{"India", "United States", "Chad", "Russian Federation"}
	if !slices.Equal(shape.Countries, want) {
		t.Errorf("countries %v, want %v (NA left out)", shape.Countries, want)
	}
	if _, err := ReadShape(strings.NewReader("Event ID\tEvent Date\n")); err == nil {
		t.Error("a file with two columns was read as a sample")
	}
}

func TestGeneratedEventsAreDeterministicICEWSRows(t *testing.T) {
	shape := mini(t)
	o := Options{Events: 3000, Seed: 7, Start: time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), Days: 365, Synthetic: 0.25}
	out := generate(t, shape, o)
	if again := generate(t, shape, o); !bytes.Equal(out, again) {
		t.Fatal("the same options wrote different bytes")
	}
	if other := generate(t, shape, Options{Events: 3000, Seed: 8, Start: o.Start, Days: 365, Synthetic: 0.25}); bytes.Equal(out, other) {
		t.Fatal("another seed wrote the same bytes")
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if lines[0] != strings.Join(icewsHeader, "\t") || len(lines) != o.Events+1 {
		t.Fatalf("%d lines, header %q", len(lines), lines[0])
	}
	ids := map[string]bool{}
	codes := map[string]bool{}
	for _, r := range shape.Rows {
		codes[r[6]] = true
	}
	sourceCountries := map[string]int{}
	synthetic := 0
	days := map[time.Time]int{}
	var last time.Time
	for i, line := range lines[1:] {
		f := strings.Split(line, "\t")
		if len(f) != len(icewsHeader) {
			t.Fatalf("row %d: %d fields", i, len(f))
		}
		if ids[f[colID]] {
			t.Fatalf("row %d: Event ID %s repeats", i, f[colID])
		}
		ids[f[colID]] = true
		day, err := time.Parse(time.DateOnly, f[colDate])
		if err != nil || day.Before(o.Start) || !day.Before(o.Start.AddDate(0, 0, o.Days)) {
			t.Fatalf("row %d: date %q outside the year", i, f[colDate])
		}
		if day.Before(last) {
			t.Fatalf("row %d: date %s after %s: rows are in date order", i, f[colDate], last.Format(time.DateOnly))
		}
		last = day
		days[day]++
		if !codes[f[6]] {
			t.Fatalf("row %d: CAMEO code %s is not the sample's", i, f[6])
		}
		sourceCountries[f[colSourceCountry]]++
		if !slices.ContainsFunc(shape.Rows, func(r []string) bool { return r[colSourceName] == f[colSourceName] }) {
			synthetic++
		}
	}
	// Every day of the year has its share of the events.
	if len(days) != o.Days {
		t.Errorf("events on %d days, want all %d", len(days), o.Days)
	}
	for day, n := range days {
		if n < o.Events/o.Days || n > o.Events/o.Days+1 {
			t.Errorf("%s has %d events, want %d or %d", day.Format(time.DateOnly), n, o.Events/o.Days, o.Events/o.Days+1)
		}
	}
	// A quarter of the sources are generated, the rest the sample's.
	if share := float64(synthetic) / float64(o.Events); share < 0.2 || share > 0.3 {
		t.Errorf("%.2f of the sources are generated, want about 0.25", share)
	}
	// India, the sample's most frequent country, stays the most frequent
	// source; the rarest still appears (a heavy tail, not a cut-off).
	for c, n := range sourceCountries {
		if c != "India" && n >= sourceCountries["India"] {
			t.Errorf("%s is a source %d times, India %d", c, n, sourceCountries["India"])
		}
	}
	if sourceCountries["Russian Federation"] == 0 {
		t.Error("the rarest country never appears as a source")
	}
}
