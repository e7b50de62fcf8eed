package eventdata

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// icewsColumns are the ICEWS columns the importer reads; the header row
// must have them all, in any order (others are ignored).
var icewsColumns = []string{"Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
	"CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher"}

var (
	digits    = regexp.MustCompile(`^[0-9]+$`)
	cameoCode = regexp.MustCompile(`^[0-9]{2,4}$`)
)

// parseICEWS reads an ICEWS .tab file: a header row, then one event per
// line, tab-separated, NA for a missing value.
func parseICEWS(r io.Reader, name string, fn Handler) error {
	var col map[string]int
	var width int
	return lines(r, name, func(line string, n int) error {
		cells := strings.Split(line, "\t")
		if col == nil {
			var err error
			col, err = icewsHeader(cells, name)
			width = len(cells)
			return err
		}
		if strings.TrimSpace(line) == "" {
			return nil
		}
		pos := Position{name, n}
		if len(cells) != width {
			return fn(nil, &RowError{pos, ReasonColumns, fmt.Sprintf("%d, the header has %d", len(cells), width)})
		}
		get := func(c string) string {
			v := strings.TrimSpace(cells[col[c]])
			if v == "NA" {
				return ""
			}
			return v
		}
		rec, rowErr := icewsRecord(get, pos)
		return fn(rec, rowErr)
	})
}

func icewsHeader(cells []string, name string) (map[string]int, error) {
	col := map[string]int{}
	for i, c := range cells {
		col[strings.TrimSpace(strings.TrimPrefix(c, "\ufeff"))] = i
	}
	var missing []string
	for _, c := range icewsColumns {
		if _, ok := col[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%s:1: not an ICEWS file: the header row lacks %s", name, strings.Join(missing, ", "))
	}
	return col, nil
}

func icewsRecord(get func(string) string, pos Position) (*Record, *RowError) {
	id, date := get("Event ID"), get("Event Date")
	if !digits.MatchString(id) {
		return nil, &RowError{pos, ReasonID, fmt.Sprintf("Event ID %q is not a number", id)}
	}
	if !isoDate(date) {
		return nil, &RowError{pos, ReasonDate, fmt.Sprintf("Event Date %q is not yyyy-mm-dd", date)}
	}
	code := get("CAMEO Code")
	if !cameoCode.MatchString(code) {
		return nil, &RowError{pos, ReasonCode, fmt.Sprintf("CAMEO Code %q is not 2-4 digits", code)}
	}
	rec := &Record{Dataset: ICEWS, RecordID: id + "-" + strings.ReplaceAll(date, "-", ""), Date: date, Code: code,
		EventText: get("Event Text"), Publisher: get("Publisher"), StoryID: get("Story ID"), Pos: pos}
	if s := get("Intensity"); s != "" {
		score, err := strconv.ParseFloat(s, 64)
		if err != nil || score < -10 || score > 10 {
			return nil, &RowError{pos, ReasonScore, fmt.Sprintf("Intensity %q is not a number from -10 to 10", s)}
		}
		rec.Score = &score
	}
	if s := get("Sentence Number"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return nil, &RowError{pos, ReasonNumber, fmt.Sprintf("Sentence Number %q is not a whole number", s)}
		}
		rec.Sentence = &n
	}
	rec.Sources = icewsActor(get("Source Name"), get("Source Sectors"), get("Source Country"))
	rec.Targets = icewsActor(get("Target Name"), get("Target Sectors"), get("Target Country"))
	if len(rec.Sources)+len(rec.Targets) == 0 {
		return nil, &RowError{pos, ReasonNoActors, "neither Source Name nor Target Name is given"}
	}
	return rec, nil
}

func icewsActor(name, sectors, country string) []Actor {
	if name == "" {
		return nil
	}
	a := Actor{Name: name, Country: country}
	for _, s := range strings.Split(sectors, ",") {
		if s = strings.TrimSpace(s); s != "" {
			a.Sectors = append(a.Sectors, s)
		}
	}
	return []Actor{a}
}
