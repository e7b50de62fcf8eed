// Package eventdata reads coded event data sets: ICEWS (.tab), GDELT 2.0
// event exports (61 tab-separated columns, plain or .zip) and PLOVER
// (JSON or JSONL, in the field names of PLOVER 0.5b1 and of the current
// manual) into one Record type, each record with the file:line it came
// from. It knows the formats, not the graph: mapping codes and resolving
// actors is the importer's.
package eventdata

import (
	"fmt"
	"strings"
)

// Format names an input format; it is also the id of the data set's
// :Source node.
type Format string

// The formats.
const (
	ICEWS  Format = "icews"
	GDELT  Format = "gdelt"
	PLOVER Format = "plover"
)

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case ICEWS, GDELT, PLOVER:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: one of icews, gdelt, plover", s)
}

// Position is where a record starts: a file (for a member of a .zip
// archive, "archive.zip:member") and a 1-based line.
type Position struct {
	File string
	Line int
}

func (p Position) String() string { return fmt.Sprintf("%s:%d", p.File, p.Line) }

// Actor is a coded actor as the record gives it.
type Actor struct {
	Name string
	// Country is an ISO/CAMEO alpha-3 code (GDELT, PLOVER) or a country
	// name (ICEWS), or "".
	Country string
	// Sectors are ICEWS sector names or CAMEO type codes (GOV, MIL...).
	Sectors []string
	// Code is the actor's own code where the format has one (GDELT
	// Actor1Code, PLOVER code).
	Code string
}

// Record is one coded event as read.
type Record struct {
	Dataset  Format
	RecordID string // ICEWS: "<Event ID>-<yyyymmdd>"; GDELT: GLOBALEVENTID; PLOVER: id
	Date     string // yyyy-mm-dd
	Sources  []Actor
	Targets  []Actor
	// Code is the CAMEO code (ICEWS, GDELT) or the PLOVER event type, as
	// given; RootCode the GDELT EventRootCode.
	Code, RootCode string
	// QuadClass is the GDELT QuadClass (1..4); 0 elsewhere.
	QuadClass int
	EventText string // ICEWS Event Text, PLOVER eventText
	Mode      string // PLOVER mode
	Score     *float64
	Publisher string
	StoryID   string
	Sentence  *int // ICEWS Sentence Number
	Text      string
	URL       string
	// Documentation marks a PLOVER record that documents the file rather
	// than coding an event (event type DOCUMENT).
	Documentation bool
	Pos           Position
}

// RowError is a malformed record: where it is, why (a short reason that
// summaries group by) and what exactly.
type RowError struct {
	Pos    Position
	Reason string
	Detail string
}

func (e *RowError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("%s: %s", e.Pos, e.Reason)
	}
	return fmt.Sprintf("%s: %s: %s", e.Pos, e.Reason, e.Detail)
}

// The reasons of row errors.
const (
	ReasonColumns  = "wrong number of columns"
	ReasonID       = "missing or malformed record id"
	ReasonDate     = "missing or malformed date"
	ReasonCode     = "missing or malformed event code"
	ReasonScore    = "malformed score"
	ReasonActors   = "malformed actors"
	ReasonJSON     = "malformed JSON"
	ReasonNoActors = "no actor"
	ReasonNumber   = "malformed number"
)
