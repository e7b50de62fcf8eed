package eventdata

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// The GDELT 2.0 event export: 61 tab-separated columns, no header row.
// The columns the importer reads (0-based):
const (
	gdeltColumns       = 61
	gdeltID            = 0  // GLOBALEVENTID
	gdeltDate          = 1  // SQLDATE, yyyymmdd
	gdeltActor1        = 5  // Actor1Code; then Name, CountryCode, .., Type1Code at +7
	gdeltActor2        = 15 // Actor2Code
	gdeltEventCode     = 26 // EventCode
	gdeltEventRootCode = 28
	gdeltQuadClass     = 29
	gdeltGoldstein     = 30
	gdeltSourceURL     = 60
)

// parseGDELT reads a GDELT 2.0 events file.
func parseGDELT(r io.Reader, name string, fn Handler) error {
	return lines(r, name, func(line string, n int) error {
		if strings.TrimSpace(line) == "" {
			return nil
		}
		pos := Position{name, n}
		cells := strings.Split(line, "\t")
		if len(cells) != gdeltColumns {
			return fn(nil, &RowError{pos, ReasonColumns, fmt.Sprintf("%d, GDELT 2.0 events have %d", len(cells), gdeltColumns)})
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		rec, rowErr := gdeltRecord(cells, pos)
		return fn(rec, rowErr)
	})
}

func gdeltRecord(c []string, pos Position) (*Record, *RowError) {
	if !digits.MatchString(c[gdeltID]) {
		return nil, &RowError{pos, ReasonID, fmt.Sprintf("GLOBALEVENTID %q is not a number", c[gdeltID])}
	}
	day, err := time.Parse("20060102", c[gdeltDate])
	if err != nil {
		return nil, &RowError{pos, ReasonDate, fmt.Sprintf("SQLDATE %q is not yyyymmdd", c[gdeltDate])}
	}
	if !cameoCode.MatchString(c[gdeltEventCode]) || !cameoCode.MatchString(c[gdeltEventRootCode]) {
		return nil, &RowError{pos, ReasonCode, fmt.Sprintf("EventCode %q or EventRootCode %q is not 2-4 digits", c[gdeltEventCode], c[gdeltEventRootCode])}
	}
	quad, err := strconv.Atoi(c[gdeltQuadClass])
	if err != nil || quad < 1 || quad > 4 {
		return nil, &RowError{pos, ReasonCode, fmt.Sprintf("QuadClass %q is not 1 to 4", c[gdeltQuadClass])}
	}
	rec := &Record{Dataset: GDELT, RecordID: c[gdeltID], Date: day.Format(time.DateOnly), Code: c[gdeltEventCode],
		RootCode: twoDigits(c[gdeltEventRootCode]), QuadClass: quad, URL: c[gdeltSourceURL], Pos: pos}
	if s := c[gdeltGoldstein]; s != "" {
		score, err := strconv.ParseFloat(s, 64)
		if err != nil || score < -10 || score > 10 {
			return nil, &RowError{pos, ReasonScore, fmt.Sprintf("GoldsteinScale %q is not a number from -10 to 10", s)}
		}
		rec.Score = &score
	}
	rec.Sources, rec.Targets = gdeltActor(c, gdeltActor1), gdeltActor(c, gdeltActor2)
	if len(rec.Sources)+len(rec.Targets) == 0 {
		return nil, &RowError{pos, ReasonNoActors, "neither Actor1 nor Actor2 is given"}
	}
	return rec, nil
}

// gdeltActor reads the actor whose Code column is at i: Code, Name,
// CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code,
// Type1Code, Type2Code, Type3Code.
func gdeltActor(c []string, i int) []Actor {
	a := Actor{Code: c[i], Name: c[i+1], Country: c[i+2]}
	for _, t := range c[i+7 : i+10] {
		if t != "" {
			a.Sectors = append(a.Sectors, t)
		}
	}
	if a.Name == "" && a.Country == "" {
		return nil
	}
	if a.Name == "" {
		a.Name = a.Country
	}
	return []Actor{a}
}

// twoDigits pads a one-digit root code ("4" → "04"), as GDELT writes
// EventRootCode without its leading zero.
func twoDigits(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}
