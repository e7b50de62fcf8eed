package importer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/eventdata"
	"github.com/actorgraph/actorgraph/store"
)

// ReasonUnknownCode is the row error of a record whose code the event
// code table (domain/eventcodes.yaml) does not know.
const ReasonUnknownCode = "unknown event code"

// coding is what the event code table makes of a record's code.
type coding struct {
	quadClass    domain.Stance
	relationType string
	rootCode     string
	verb         string // for the event's name
}

// codeOf maps a record's code through the table: CAMEO roots for ICEWS
// and GDELT (GDELT's own QuadClass column gives the quad class), PLOVER
// event types for PLOVER.
func codeOf(codes *domain.EventCodes, rec *eventdata.Record) (coding, *eventdata.RowError) {
	unknown := func(what string) *eventdata.RowError {
		return &eventdata.RowError{Pos: rec.Pos, Reason: ReasonUnknownCode, Detail: fmt.Sprintf("%s %q is not in domain/eventcodes.yaml", what, rec.Code)}
	}
	switch rec.Dataset {
	case eventdata.PLOVER:
		c, ok := codes.PloverType(rec.Code)
		if !ok || c.Documentation {
			return coding{}, unknown("PLOVER event type")
		}
		return coding{quadClass: c.QuadClass, relationType: c.RelationType, verb: strings.ToLower(c.Type)}, nil
	case eventdata.GDELT:
		c, ok := codes.CameoRoot(rec.RootCode)
		quad, qok := codes.GdeltQuadClass(rec.QuadClass)
		if !ok || !qok {
			return coding{}, unknown("EventRootCode")
		}
		return coding{quadClass: quad, relationType: c.RelationType, rootCode: c.Root, verb: lowerFirst(c.Name)}, nil
	}
	c, ok := codes.CameoRoot(rec.Code)
	if !ok {
		return coding{}, unknown("CAMEO Code")
	}
	verb := lowerFirst(rec.EventText)
	if verb == "" {
		verb = lowerFirst(c.Name)
	}
	return coding{quadClass: c.QuadClass, relationType: c.RelationType, rootCode: c.Root, verb: verb}, nil
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// eventOf builds the stored event of a record whose actors resolved to
// sources and targets.
func eventOf(rec *eventdata.Record, c coding, sources, targets []resolved) store.CodedEvent {
	e := store.CodedEvent{
		ID: domain.CodedEventID(string(rec.Dataset), rec.RecordID), Date: rec.Date, Dataset: string(rec.Dataset), RecordID: rec.RecordID,
		Code: rec.Code, RootCode: c.rootCode, QuadClass: c.quadClass, RelationType: c.relationType, Score: rec.Score,
		Mode: rec.Mode, Publisher: rec.Publisher, StoryID: rec.StoryID, SentenceNumber: rec.Sentence, URL: rec.URL, Text: rec.Text,
	}
	e.Name = eventName(rec, c.verb)
	roles := map[string]string{}
	var order []string
	for _, group := range []struct {
		role   string
		actors []resolved
	}{{"source", sources}, {"target", targets}} {
		for _, a := range group.actors {
			switch roles[a.id] {
			case "":
				roles[a.id] = group.role
				order = append(order, a.id)
			case "source":
				if group.role == "target" {
					roles[a.id] = "both"
				}
			}
		}
	}
	for _, id := range order {
		e.Participants = append(e.Participants, store.Participant{ActorID: id, Role: roles[id]})
	}
	if len(sources) > 0 {
		e.SourceCountry = sources[0].country
	}
	if len(targets) > 0 {
		e.TargetCountry = targets[0].country
	}
	return e
}

// eventName reads like the record: "Foreign Affairs (Bangladesh) consult
// High Ranking Military Personnel (Vietnam)".
func eventName(rec *eventdata.Record, verb string) string {
	names := func(actors []eventdata.Actor) string {
		parts := make([]string, len(actors))
		for i, a := range actors {
			parts[i] = a.Name
		}
		return strings.Join(parts, ", ")
	}
	name := strings.Join(strings.Fields(names(rec.Sources)+" "+verb+" "+names(rec.Targets)), " ")
	if len(name) > 300 {
		name = strings.ToValidUTF8(name[:297], "") + "..."
	}
	return name
}
