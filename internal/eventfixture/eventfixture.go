// Package eventfixture writes a small graph of coded events and the dyad
// aggregates an import keeps of them, in the storage layout of the event
// data design (:CodedEvent nodes, PARTICIPATED_IN claims with claimRecords,
// :DyadDay aggregates), for tests of the reads over them. Its expectations
// are computed from the events in Go, independently of any Cypher.
package eventfixture

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// Actors of the fixture: four states and a person counted toward Russia.
var Actors = []Actor{
	{ID: "united-states", Name: "United States", Kind: "STATE", Label: "State", Country: "USA"},
	{ID: "russia", Name: "Russia", Kind: "STATE", Label: "State", Country: "RUS"},
	{ID: "china", Name: "China", Kind: "STATE", Label: "State", Country: "CHN"},
	{ID: "ukraine", Name: "Ukraine", Kind: "STATE", Label: "State", Country: "UKR"},
	{ID: "icews-vladimir-putin", Name: "Vladimir Putin", Kind: "PERSON", Label: "Person", Country: "RUS"},
}

// Actor is an actor of the fixture.
type Actor struct{ ID, Name, Kind, Label, Country string }

// Event is a coded event of the fixture.
type Event struct {
	RecordID       string
	Date           time.Time
	Source, Target string // actor ids
	Code           string
	Quad           domain.Stance
	Score          *float64
	Publisher      string
	StoryID        string
	SentenceNumber int
}

// ID is the event's node id.
func (e Event) ID() string { return "icews-" + e.RecordID }

// Events are the fixture's coded events, in a fixed order:
//   - United States ↔ Russia through 2018, every month but March and
//     October, several a month, some by Vladimir Putin (counted toward
//     Russia), some without a score;
//   - Russia → China and China → Russia, fewer, cooperative;
//   - Russia → Ukraine, material conflict, low scores;
//   - Russia → Russia (domestic), which no counterpart list shows.
var Events = func() []Event {
	quads := []struct {
		code  string
		quad  domain.Stance
		score float64
	}{
		{"040", "VERBAL_COOPERATION", 1}, {"057", "MATERIAL_COOPERATION", 8}, {"112", "VERBAL_CONFLICT", -2},
		{"173", "MATERIAL_CONFLICT", -5}, {"036", "VERBAL_COOPERATION", 4},
	}
	var out []Event
	add := func(day time.Time, src, tgt string, q int, scored bool) {
		n := len(out)
		e := Event{RecordID: fmt.Sprintf("%d-%s", 30000000+n, day.Format("20060102")), Date: day, Source: src, Target: tgt,
			Code: quads[q].code, Quad: quads[q].quad, Publisher: "Fixture News", StoryID: fmt.Sprint(47000000 + n/3), SentenceNumber: 1 + n%4}
		if scored {
			s := quads[q].score
			e.Score = &s
		}
		out = append(out, e)
	}
	for month := time.January; month <= time.December; month++ {
		if month == time.March || month == time.October {
			continue
		}
		for i := range 3 + int(month)%4 {
			day := time.Date(2018, month, 1+(i*7+int(month))%28, 0, 0, 0, 0, time.UTC)
			src, tgt := "united-states", "russia"
			switch i % 3 {
			case 1:
				src, tgt = "russia", "united-states"
			case 2:
				src, tgt = "icews-vladimir-putin", "united-states"
			}
			add(day, src, tgt, (i+int(month))%len(quads), i != 4)
		}
	}
	for i := range 4 {
		day := time.Date(2018, time.Month(2+i*3), 10+i, 0, 0, 0, 0, time.UTC)
		add(day, "russia", "china", 0, true)
		add(day, "china", "icews-vladimir-putin", 4, true)
		add(day, "russia", "ukraine", 3, true)
		add(day, "russia", "russia", 2, true)
	}
	add(time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC), "russia", "ukraine", 3, true)
	return out
}()

// StateOf is the state an actor of the fixture counts toward.
func StateOf(actor string) string {
	country := ""
	for _, a := range Actors {
		if a.ID == actor {
			country = a.Country
		}
	}
	for _, a := range Actors {
		if a.Kind == "STATE" && a.Country == country {
			return a.ID
		}
	}
	return ""
}

// CountryOf is an actor's country.
func CountryOf(actor string) string {
	for _, a := range Actors {
		if a.ID == actor {
			return a.Country
		}
	}
	return ""
}

// Counts adds up the events from state a to state b (and from b to a
// when both) whose day is in [from, to], as the dyad aggregates count them.
func Counts(a, b string, both bool, from, to time.Time) domain.QuadCounts {
	var q domain.QuadCounts
	for _, e := range Events {
		src, tgt := StateOf(e.Source), StateOf(e.Target)
		if e.Date.Before(from) || e.Date.After(to) {
			continue
		}
		if (src == a && tgt == b) || (both && a != b && src == b && tgt == a) {
			q.Add(countsOf(e))
		}
	}
	return q
}

func countsOf(e Event) domain.QuadCounts {
	q := domain.QuadCounts{Events: 1}
	switch e.Quad {
	case "VERBAL_COOPERATION":
		q.VerbalCooperation = 1
	case "MATERIAL_COOPERATION":
		q.MaterialCooperation = 1
	case "VERBAL_CONFLICT":
		q.VerbalConflict = 1
	case "MATERIAL_CONFLICT":
		q.MaterialConflict = 1
	}
	if e.Score != nil {
		q.ScoreSum, q.ScoreCount = *e.Score, 1
	}
	return q
}

// Write adds the fixture to the database (over what is there: actors are
// merged by id), after the store's own schema (constraints and indexes).
func Write(t testing.TB) {
	t.Helper()
	if err := neo4jtest.Open(t).EnsureSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	actors := make([]map[string]any, len(Actors))
	for i, a := range Actors {
		actors[i] = map[string]any{"id": a.ID, "name": a.Name, "kind": a.Kind, "label": a.Label, "country": a.Country}
	}
	neo4jtest.Exec(t, `UNWIND $actors AS a
MERGE (n:Entity {id: a.id}) ON CREATE SET n.name = a.name, n.aliases = [], n.kind = a.kind, n.country = a.country
SET n:Actor:$(a.label)`, map[string]any{"actors": actors})
	neo4jtest.Exec(t, `MERGE (s:Source {id: 'icews'}) SET s.title = 'ICEWS Coded Event Data', s.publisher = 'Harvard Dataverse',
  s.claimRelations = [], s.claimNodes = []`, nil)
	neo4jtest.Exec(t, `UNWIND $events AS e
MERGE (n:Entity:Event:CodedEvent {id: e.id})
SET n.name = e.name, n.kind = 'CODED', n.date = e.date, n.dateStart = date(e.date), n.dateEnd = date(e.date),
    n.dataset = 'icews', n.recordId = e.recordId, n.code = e.code, n.rootCode = left(e.code, 2), n.quadClass = e.quad,
    n.score = e.score, n.publisher = e.publisher, n.storyId = e.storyId, n.sentenceNumber = e.sentenceNumber,
    n.sourceCountry = e.sourceCountry, n.targetCountry = e.targetCountry, n.aliases = []
WITH n, e
MATCH (src:Actor {id: e.source}), (tgt:Actor {id: e.target})
CALL (n, e, src, tgt) {
  WITH CASE WHEN src = tgt THEN [[src, 'both']] ELSE [[src, 'source'], [tgt, 'target']] END AS ends
  UNWIND ends AS end
  WITH end[0] AS actor, end[1] AS role
  MERGE (actor)-[r:PARTICIPATED_IN {id: actor.id + ':PARTICIPATED_IN:' + n.id}]->(n)
  SET r.role = role, r.stance = e.quad, r.confidence = 1.0, r.claimSources = ['icews'], r.claimQuotes = [''],
      r.claimModalities = ['REPORTED'], r.claimAttributedTo = [''], r.claimStatements = [''], r.claimStatedOn = [e.date],
      r.claimStatedFrom = [date(e.date)], r.claimRecords = [e.recordId], r.modality = 'REPORTED', r.modalities = ['REPORTED'],
      r.contested = false
}`, map[string]any{"events": eventRows()})
	neo4jtest.Exec(t, `UNWIND $days AS d
MERGE (n:DyadDay {id: d.id})
SET n += d.counts, n.a = d.a, n.b = d.b, n.day = date(d.day)`, map[string]any{"days": dyadDays()})
}

func eventRows() []map[string]any {
	rows := make([]map[string]any, len(Events))
	for i, e := range Events {
		row := map[string]any{"id": e.ID(), "name": fmt.Sprintf("%s %s %s", e.Source, e.Code, e.Target), "date": e.Date.Format(time.DateOnly),
			"recordId": e.RecordID, "code": e.Code, "quad": string(e.Quad), "publisher": e.Publisher, "storyId": e.StoryID,
			"sentenceNumber": e.SentenceNumber, "sourceCountry": CountryOf(e.Source), "targetCountry": CountryOf(e.Target),
			"source": e.Source, "target": e.Target, "score": nil}
		if e.Score != nil {
			row["score"] = *e.Score
		}
		rows[i] = row
	}
	return rows
}

// dyadDays are the aggregates of the events, one per (a, b, day).
func dyadDays() []map[string]any {
	sums := map[string]*domain.QuadCounts{}
	var keys []string
	parts := map[string][3]string{}
	for _, e := range Events {
		a, b, day := StateOf(e.Source), StateOf(e.Target), e.Date.Format(time.DateOnly)
		key := a + "|" + b + "|" + day
		if sums[key] == nil {
			sums[key] = &domain.QuadCounts{}
			keys = append(keys, key)
			parts[key] = [3]string{a, b, day}
		}
		sums[key].Add(countsOf(e))
	}
	rows := make([]map[string]any, len(keys))
	for i, k := range keys {
		q, p := sums[k], parts[k]
		rows[i] = map[string]any{"id": k, "a": p[0], "b": p[1], "day": p[2], "counts": map[string]any{
			"events": q.Events, "verbalCooperation": q.VerbalCooperation, "materialCooperation": q.MaterialCooperation,
			"verbalConflict": q.VerbalConflict, "materialConflict": q.MaterialConflict, "scoreSum": q.ScoreSum, "scoreCount": q.ScoreCount,
		}}
	}
	return rows
}
