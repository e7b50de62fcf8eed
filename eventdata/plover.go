package eventdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ploverRecord holds the fields of a PLOVER record in both versions'
// names: PLOVER 0.5b1 (source, target, eventText, textInfo) and the
// current manual (actor, recipient, event_text, text_info). Other fields
// are ignored.
type ploverRecord struct {
	ID           string          `json:"id"`
	Date         string          `json:"date"`
	Event        string          `json:"event"`
	Mode         string          `json:"mode"`
	Source       json.RawMessage `json:"source"`
	Target       json.RawMessage `json:"target"`
	Actor        json.RawMessage `json:"actor"`
	Recipient    json.RawMessage `json:"recipient"`
	EventText    string          `json:"eventText"`
	EventTextNew string          `json:"event_text"`
	Text         string          `json:"text"`
	Publication  string          `json:"publication"`
	URL          string          `json:"url"`
	StoryID      string          `json:"story_id"`
}

type ploverActor struct {
	ActorText    string `json:"actorText"`
	ActorTextNew string `json:"actor_text"`
	Text         string `json:"text"`
	Name         string `json:"name"`
	Code         string `json:"code"`
	Country      string `json:"country"`
	Sector       string `json:"sector"`
}

// parsePLOVER reads a JSON array of records or JSON lines (one record per
// line), each record's position being the line it starts on.
func parsePLOVER(r io.Reader, name string, fn Handler) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return ploverArray(data, name, fn)
	}
	return lines(bytes.NewReader(data), name, func(line string, n int) error {
		if strings.TrimSpace(line) == "" {
			return nil
		}
		return ploverElement([]byte(line), Position{name, n}, fn)
	})
}

// ploverArray reads the elements of a JSON array one at a time, each at
// the line it starts on.
func ploverArray(data []byte, name string, fn Handler) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	lineAt := lineCounter(data)
	if _, err := dec.Token(); err != nil {
		return fmt.Errorf("%s:1: %s: %v", name, ReasonJSON, err)
	}
	for dec.More() {
		start := skipSeparators(data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			// The rest of the file cannot be read past a syntax error.
			return fmt.Errorf("%s:%d: %s: %v", name, lineAt(start), ReasonJSON, err)
		}
		if err := ploverElement(raw, Position{name, lineAt(start)}, fn); err != nil {
			return err
		}
	}
	return nil
}

func skipSeparators(data []byte, i int) int {
	for i < len(data) && strings.ContainsRune(" \t\r\n,[", rune(data[i])) {
		i++
	}
	return i
}

// lineCounter returns the 1-based line of an offset; offsets must not
// decrease from call to call.
func lineCounter(data []byte) func(off int) int {
	line, at := 1, 0
	return func(off int) int {
		line += bytes.Count(data[at:off], []byte{'\n'})
		at = off
		return line
	}
}

func ploverElement(raw []byte, pos Position, fn Handler) error {
	var p ploverRecord
	if err := json.Unmarshal(raw, &p); err != nil {
		return fn(nil, &RowError{pos, ReasonJSON, err.Error()})
	}
	rec, rowErr := ploverToRecord(&p, pos)
	return fn(rec, rowErr)
}

func ploverToRecord(p *ploverRecord, pos Position) (*Record, *RowError) {
	if strings.TrimSpace(p.ID) == "" {
		return nil, &RowError{pos, ReasonID, "id is missing"}
	}
	rec := &Record{Dataset: PLOVER, RecordID: p.ID, Date: p.Date, Code: strings.TrimSpace(p.Event), Mode: p.Mode,
		EventText: firstOf(p.EventText, p.EventTextNew), Text: p.Text, Publisher: p.Publication, URL: p.URL, StoryID: p.StoryID, Pos: pos}
	if strings.EqualFold(rec.Code, "DOCUMENT") {
		rec.Documentation = true
		return rec, nil
	}
	if rec.Code == "" {
		return nil, &RowError{pos, ReasonCode, "event is missing"}
	}
	if !isoDate(p.Date) {
		return nil, &RowError{pos, ReasonDate, fmt.Sprintf("date %q is not yyyy-mm-dd", p.Date)}
	}
	var err error
	if rec.Sources, err = ploverActors(p.Source, p.Actor); err != nil {
		return nil, &RowError{pos, ReasonActors, "source/actor: " + err.Error()}
	}
	if rec.Targets, err = ploverActors(p.Target, p.Recipient); err != nil {
		return nil, &RowError{pos, ReasonActors, "target/recipient: " + err.Error()}
	}
	if len(rec.Sources)+len(rec.Targets) == 0 {
		return nil, &RowError{pos, ReasonNoActors, "no source/actor and no target/recipient"}
	}
	return rec, nil
}

// ploverActors reads the actors of a record: old is the 0.5b1 field (a
// list of actor objects; "" or null for none), current the current
// manual's (the same, or one actor object, or the actor's name).
func ploverActors(old, current json.RawMessage) ([]Actor, error) {
	raw, strict := old, true
	if isEmptyJSON(raw) {
		raw, strict = current, false
	}
	if isEmptyJSON(raw) {
		return nil, nil
	}
	var name string
	if json.Unmarshal(raw, &name) == nil {
		if strict {
			return nil, fmt.Errorf("%q is not a list of actors", name)
		}
		return []Actor{{Name: name}}, nil
	}
	var list []ploverActor
	if err := json.Unmarshal(raw, &list); err != nil {
		var one ploverActor
		if json.Unmarshal(raw, &one) != nil {
			return nil, fmt.Errorf("not a list of actors: %v", err)
		}
		list = []ploverActor{one}
	}
	out := make([]Actor, 0, len(list))
	for _, a := range list {
		actor := Actor{Name: firstOf(a.ActorText, a.ActorTextNew, a.Text, a.Name), Code: a.Code, Country: firstOf(a.Country, a.Code)}
		if a.Sector != "" {
			actor.Sectors = []string{a.Sector}
		}
		if actor.Name == "" {
			actor.Name = actor.Code
		}
		if actor.Name == "" {
			return nil, fmt.Errorf("an actor has neither text nor code")
		}
		out = append(out, actor)
	}
	return out, nil
}

func isEmptyJSON(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "" || s == "null" || s == `""` || s == "[]"
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}
