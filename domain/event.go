package domain

// EventKind classifies events.
type EventKind string

// EventKinds lists every event kind with its meaning.
var EventKinds = map[EventKind]string{
	"SPEECH":                "an address or speech",
	"STATEMENT":             "a public statement, post or remark",
	"INTERVIEW":             "an interview given to an outlet",
	"MEETING":               "a meeting, summit or conference",
	"RALLY":                 "a political rally",
	"FUNDRAISING":           "a fundraiser or a reported fundraising result",
	"ELECTION_CAMPAIGN":     "an election campaign",
	"REPORT":                "a published report or revelation",
	"NEGOTIATION":           "talks or negotiations",
	"MILITARY_INTERVENTION": "a military intervention in another country",
	"INVASION":              "an invasion",
	"WAR":                   "a war",
	"CONFLICT":              "a long-running conflict or crisis",
	"PERIOD":                "a named period, e.g. a détente",
	EventCoded:              "a coded event of an event data set (ICEWS, GDELT, PLOVER), written by actorgraph import",
}

// EventCoded is the kind of the events that `actorgraph import` writes
// from coded event data (domain/eventcodes.yaml).
const EventCoded EventKind = "CODED"

// Event is a dated happening.
type Event struct {
	Profile
	Kind     EventKind
	Date     PartialDate
	EndDate  *PartialDate
	Location string
	// Coded holds what an event data set says of a coded event; nil for a
	// curated event.
	Coded *CodedRecord
}

// CodedRecord is an event data set's record of a coded event: which record
// it is, its event code and quad class, and where it was reported.
type CodedRecord struct {
	Dataset        string // icews, gdelt or plover
	RecordID       string // as the data set gives it
	Code           string // CAMEO or PLOVER event type, as given
	QuadClass      Stance
	Score          *float64 // Goldstein or intensity; nil when not given
	Publisher      string
	StoryID        string
	SentenceNumber *int // the sentence's number in its story; nil when not given
	URL            string
}

// EntityKind returns KindEvent.
func (*Event) EntityKind() EntityKind { return KindEvent }

// Validate returns an EINVALID error listing every problem of the event.
func (e *Event) Validate() error {
	var v Problems
	e.validate(&v)
	checkKind(&v, "event kind", e.Kind, EventKinds)
	if e.Date == "" {
		v.Add("date", "is required")
	} else if _, err := ParsePartialDate(string(e.Date)); err != nil {
		v.Add("date", ErrorMessage(err))
	}
	validateOptionalDate(&v, "endDate", e.EndDate)
	if e.EndDate != nil && e.Date != "" && e.EndDate.End().Before(e.Date.Start()) {
		v.Add("endDate", "is before date")
	}
	checkText(&v, "location", e.Location, maxNameLength, false)
	return v.Err()
}
