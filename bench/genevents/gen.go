package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// icewsHeader is the header row of an ICEWS events file.
var icewsHeader = []string{"Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
	"CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number",
	"Publisher", "City", "District", "Province", "Country", "Latitude", "Longitude"}

// Column positions in icewsHeader.
const (
	colID, colDate, colSourceName, colSourceSectors, colSourceCountry = 0, 1, 2, 3, 4
	colTargetName, colTargetSectors, colTargetCountry, colStory       = 8, 9, 10, 11
)

// Shape is what the generator takes from a sample: its rows, as templates
// that keep the joint distribution of actors, countries and CAMEO codes,
// and its countries ranked by how often they appear, for synthetic actors.
type Shape struct {
	Rows      [][]string
	Countries []string // most frequent first
}

// ReadShape reads an ICEWS .tab sample.
func ReadShape(r io.Reader) (*Shape, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	shape := &Shape{}
	counts := map[string]int{}
	for line := 1; sc.Scan(); line++ {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != len(icewsHeader) {
			return nil, fmt.Errorf("line %d: %d fields, want %d", line, len(fields), len(icewsHeader))
		}
		if line == 1 {
			if !slices.Equal(fields, icewsHeader) {
				return nil, fmt.Errorf("line 1: not the ICEWS header")
			}
			continue
		}
		shape.Rows = append(shape.Rows, fields)
		for _, c := range []string{fields[colSourceCountry], fields[colTargetCountry]} {
			if c != "NA" && c != "" {
				counts[c]++
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(shape.Rows) == 0 {
		return nil, fmt.Errorf("the sample has no rows")
	}
	for c := range counts {
		shape.Countries = append(shape.Countries, c)
	}
	slices.SortFunc(shape.Countries, func(a, b string) int {
		if counts[a] != counts[b] {
			return counts[b] - counts[a]
		}
		return strings.Compare(a, b)
	})
	return shape, nil
}

// Options of a generated file.
type Options struct {
	Events int
	Seed   uint64
	Start  time.Time // the first day
	// Days is how many days from Start the events cover, in date order
	// (ICEWS files, the sample among them, are sorted by Event Date), the
	// same number of events each day.
	Days int
	// Synthetic is the share of actors replaced by generated ones, whose
	// country follows a Zipf law over the sample's countries by rank.
	Synthetic float64
}

// sectors of synthetic actors, as ICEWS spells sectors.
var sectors = []struct{ name, sectors string }{
	{"Citizen", "Social"}, {"Police", "Police,Government"}, {"Protester", "Protestors / Popular Opposition / Mobs,Dissident"},
	{"Government", "Government"}, {"Military", "Military,Government"}, {"Business", "Business"}, {"Media", "News / Media,Social"},
}

// Write writes o.Events ICEWS rows shaped like the sample to w, the same
// bytes for the same options.
func Write(w io.Writer, shape *Shape, o Options) error {
	rng := rand.New(rand.NewPCG(o.Seed, 0x1ce45))
	zipf := rand.NewZipf(rand.New(rand.NewPCG(o.Seed, 0x2f)), 1.2, 1, uint64(len(shape.Countries)-1))
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(strings.Join(icewsHeader, "\t") + "\n")
	row := make([]string, len(icewsHeader))
	for i := range o.Events {
		copy(row, shape.Rows[rng.IntN(len(shape.Rows))])
		day := o.Start.AddDate(0, 0, i*o.Days/max(o.Events, 1))
		row[colID] = strconv.Itoa(40_000_000 + i)
		row[colDate] = day.Format(time.DateOnly)
		row[colStory] = strconv.Itoa(60_000_000 + i/3)
		for _, cols := range [][3]int{{colSourceName, colSourceSectors, colSourceCountry}, {colTargetName, colTargetSectors, colTargetCountry}} {
			if rng.Float64() >= o.Synthetic || len(shape.Countries) == 0 {
				continue
			}
			country := shape.Countries[zipf.Uint64()]
			s := sectors[rng.IntN(len(sectors))]
			row[cols[0]], row[cols[1]], row[cols[2]] = s.name+" ("+country+")", s.sectors, country
		}
		bw.WriteString(strings.Join(row, "\t") + "\n")
	}
	return bw.Flush()
}

func readShapeFile(path string) (*Shape, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	shape, err := ReadShape(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return shape, nil
}
