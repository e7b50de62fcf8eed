package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Coded events (actorgraph import) are stored as
//
//	(:Source {id: 'icews'|'gdelt'|'plover'})          the data set, with an empty ledger
//	(:Entity:Actor:<Kind> {id, name, kind, country, dataset})   actors an import created
//	(:Entity:Event:CodedEvent {id: '<dataset>-<record id>', kind: 'CODED', date, dateStart,
//	   dateEnd, dataset, recordId, code, rootCode, quadClass, relationType, score, mode,
//	   publisher, storyId, sentenceNumber, url, text, sourceCountry, targetCountry})
//	(actor)-[:PARTICIPATED_IN {id: '<actor>:PARTICIPATED_IN:<event>', role: source|target|both,
//	   one claim citing the record (claimRecords), stance: the quad class}]->(event)
//	(:DyadDay {id: '<a>|<b>|<yyyy-mm-dd>', a, b, day, events, verbalCooperation,
//	   materialCooperation, verbalConflict, materialConflict, scoreSum, scoreCount})
//
// A batch is one transaction: its actors, its events that do not exist
// yet, their participations, and the dyad aggregates of exactly those
// new events. Re-importing a record finds its event and counts nothing,
// so importing twice changes nothing and an interrupted import is
// completed by importing again.

// DataSet is the :Source node of an event data set.
type DataSet struct {
	ID, Title, Publisher, URL string
}

// ImportedActor is an actor that an import creates when it does not exist:
// an actor of a data set, or the state of a country that no curated actor
// stands for.
type ImportedActor struct {
	ID      string
	Name    string
	Kind    domain.ActorKind
	Country string // ISO alpha-3, or ""
	Dataset string // "" for a state shared by every data set
}

// Participant is an actor's part in a coded event.
type Participant struct {
	ActorID string
	Role    string // source, target or both
}

// CodedEvent is one coded event record to store.
type CodedEvent struct {
	ID, Name       string
	Date           string // yyyy-mm-dd
	Dataset        string
	RecordID       string
	Code, RootCode string
	QuadClass      domain.Stance
	RelationType   string
	Score          *float64
	Mode           string
	Publisher      string
	StoryID        string
	SentenceNumber *int
	URL, Text      string
	SourceCountry  string // ISO alpha-3, or ""
	TargetCountry  string
	Participants   []Participant
	// DyadA and DyadB are the ids of the states of the source's and the
	// target's countries; the event is counted in their DyadDay when both
	// are set.
	DyadA, DyadB string
}

// CodedBatch is what one transaction writes.
type CodedBatch struct {
	Actors []ImportedActor
	Events []CodedEvent
}

// CodedResult counts what a batch did.
type CodedResult struct {
	EventsCreated  int // events that did not exist
	EventsExisting int // events already stored: nothing of them was counted
	ActorsCreated  int
	DyadDays       int // DyadDay rows written (created or added to)
	// Created holds the ids of the events created.
	Created []string
}

// EnsureDataSet creates the :Source node of a data set, with an empty
// ledger (imports never prune), or updates its title and publisher.
func (s *Store) EnsureDataSet(ctx context.Context, ds DataSet) error {
	_, err := writeTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := s.run(ctx, tx, `
MERGE (x:Source {id: $id})
ON CREATE SET x.claimRelations = [], x.claimNodes = [], x.text = ''
SET x.title = $title, x.publisher = $publisher, x.url = $url`,
			map[string]any{"id": ds.ID, "title": ds.Title, "publisher": ds.Publisher, "url": ds.URL})
		return struct{}{}, err
	})
	return err
}

// WriteCodedBatch writes one batch in one transaction (see above).
func (s *Store) WriteCodedBatch(ctx context.Context, b CodedBatch) (CodedResult, error) {
	events := make([]map[string]any, len(b.Events))
	byID := make(map[string]*CodedEvent, len(b.Events))
	for i := range b.Events {
		e := &b.Events[i]
		if _, dup := byID[e.ID]; dup {
			return CodedResult{}, domain.Errorf(domain.EINVALID, "event %s is twice in one batch", e.ID)
		}
		byID[e.ID] = e
		p, err := codedEventProps(e)
		if err != nil {
			return CodedResult{}, err
		}
		events[i] = map[string]any{"id": e.ID, "props": map[string]any(p)}
	}
	return writeTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (CodedResult, error) {
		var res CodedResult
		var err error
		if res.ActorsCreated, err = s.mergeImportedActors(ctx, tx, b.Actors); err != nil {
			return CodedResult{}, err
		}
		if res.Created, err = s.createCodedEvents(ctx, tx, events); err != nil {
			return CodedResult{}, err
		}
		res.EventsCreated, res.EventsExisting = len(res.Created), len(events)-len(res.Created)
		created := make([]*CodedEvent, len(res.Created))
		for i, id := range res.Created {
			created[i] = byID[id]
		}
		if err = s.createParticipations(ctx, tx, created); err != nil {
			return CodedResult{}, err
		}
		res.DyadDays, err = s.addDyadDays(ctx, tx, created)
		return res, err
	})
}

func codedEventProps(e *CodedEvent) (props, error) {
	date, err := domain.ParsePartialDate(e.Date)
	if err != nil {
		return nil, domain.Errorf(domain.EINVALID, "event %s: date: %s", e.ID, domain.ErrorMessage(err))
	}
	p := props{"id": e.ID, "name": e.Name, "kind": string(domain.EventCoded), "date": string(date),
		"dateStart": neoDate(date.Start()), "dateEnd": neoDate(date.End()), "dataset": e.Dataset, "recordId": e.RecordID,
		"quadClass": string(e.QuadClass), "relationType": e.RelationType}
	for k, v := range map[string]string{"code": e.Code, "rootCode": e.RootCode, "mode": e.Mode, "publisher": e.Publisher,
		"storyId": e.StoryID, "url": e.URL, "text": e.Text, "sourceCountry": e.SourceCountry, "targetCountry": e.TargetCountry} {
		p.setString(k, v)
	}
	if e.Score != nil {
		p["score"] = *e.Score
	}
	if e.SentenceNumber != nil {
		p["sentenceNumber"] = int64(*e.SentenceNumber)
	}
	return p, nil
}

// mergeImportedActors creates the actors that do not exist, one statement
// per kind so that labels are static; an existing actor is left as it is.
func (s *Store) mergeImportedActors(ctx context.Context, tx neo4j.ManagedTransaction, actors []ImportedActor) (int, error) {
	byKind := map[domain.ActorKind][]map[string]any{}
	for _, a := range actors {
		if _, ok := domain.ActorKinds[a.Kind]; !ok {
			return 0, domain.Errorf(domain.EINVALID, "actor %s: unknown kind %q", a.ID, a.Kind)
		}
		p := props{"id": a.ID, "name": a.Name, "kind": string(a.Kind)}
		p.setString("country", a.Country)
		p.setString("dataset", a.Dataset)
		byKind[a.Kind] = append(byKind[a.Kind], map[string]any{"id": a.ID, "props": map[string]any(p)})
	}
	created := 0
	for _, kind := range slices.Sorted(maps.Keys(byKind)) {
		rec, err := s.single(ctx, tx, `
UNWIND $rows AS row
OPTIONAL MATCH (old:Entity {id: row.id})
WITH row, old IS NULL AS isNew
MERGE (a:Entity {id: row.id})
ON CREATE SET a = row.props, a:Actor:`+kind.Label()+`
RETURN sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS created`, map[string]any{"rows": byKind[kind]})
		if err != nil {
			return 0, err
		}
		created += asInt(rec.Values[0])
	}
	return created, nil
}

// createCodedEvents creates the events that do not exist yet and returns
// their ids.
func (s *Store) createCodedEvents(ctx context.Context, tx neo4j.ManagedTransaction, rows []map[string]any) ([]string, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	rec, err := s.single(ctx, tx, `
UNWIND $rows AS row
OPTIONAL MATCH (old:Event {id: row.id})
WITH row WHERE old IS NULL
CREATE (e:Entity:Event:CodedEvent)
SET e = row.props
RETURN collect(row.id) AS created`, map[string]any{"rows": rows})
	if err != nil {
		return nil, err
	}
	ids, _ := rec.Values[0].([]any)
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i], _ = id.(string)
	}
	return out, nil
}

// createParticipations links new events to their actors, each link with
// the claim that cites the record. An event that existed got its links in
// the transaction that created it.
func (s *Store) createParticipations(ctx context.Context, tx neo4j.ManagedTransaction, events []*CodedEvent) error {
	var rows []map[string]any
	for _, e := range events {
		day, _ := domain.ParsePartialDate(e.Date)
		for _, p := range e.Participants {
			id := p.ActorID + ":PARTICIPATED_IN:" + e.ID
			props := claimProps([]domain.Evidence{{SourceID: e.Dataset, Quote: e.Text, Modality: reported,
				StatedOn: &day, Record: e.RecordID}}, nil)
			props["id"], props["role"], props["stance"], props["confidence"] = id, p.Role, string(e.QuadClass), 1.0
			rows = append(rows, map[string]any{"actor": p.ActorID, "event": e.ID, "id": id, "props": props})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	rec, err := s.single(ctx, tx, `
UNWIND $rows AS row
MATCH (a:Actor {id: row.actor})
MATCH (e:Event {id: row.event})
CREATE (a)-[r:PARTICIPATED_IN]->(e)
SET r = row.props
RETURN count(*) AS written`, map[string]any{"rows": rows})
	if err != nil {
		return err
	}
	if n := asInt(rec.Values[0]); n != len(rows) {
		return domain.Errorf(domain.EINVALID, "%d of %d participations were not written: an actor or event does not exist", len(rows)-n, len(rows))
	}
	return nil
}

// reported is the modality of the claim an event record makes: the data
// set reports what its news sources said.
const reported domain.Modality = "REPORTED"

// dyadKey is the property of a DyadDay that counts events of a quad class:
// VERBAL_COOPERATION → verbalCooperation.
func dyadKey(q domain.Stance) string {
	words := strings.Split(strings.ToLower(string(q)), "_")
	for i := 1; i < len(words); i++ {
		words[i] = strings.ToUpper(words[i][:1]) + words[i][1:]
	}
	return strings.Join(words, "")
}

// addDyadDays adds the events to the aggregates of their dyad and day.
func (s *Store) addDyadDays(ctx context.Context, tx neo4j.ManagedTransaction, events []*CodedEvent) (int, error) {
	agg := map[string]map[string]any{}
	for _, e := range events {
		if e.DyadA == "" || e.DyadB == "" {
			continue
		}
		day, err := time.Parse(time.DateOnly, e.Date)
		if err != nil {
			return 0, domain.Errorf(domain.EINVALID, "event %s: a dyad needs a day, not %q", e.ID, e.Date)
		}
		id := e.DyadA + "|" + e.DyadB + "|" + e.Date
		row, ok := agg[id]
		if !ok {
			row = map[string]any{"id": id, "a": e.DyadA, "b": e.DyadB, "day": neoDate(day), "events": int64(0), "scoreSum": 0.0, "scoreCount": int64(0)}
			for _, q := range domain.EventQuadClasses {
				row[dyadKey(q)] = int64(0)
			}
			agg[id] = row
		}
		row["events"] = row["events"].(int64) + 1
		if !slices.Contains(domain.EventQuadClasses, e.QuadClass) {
			return 0, fmt.Errorf("event %s: %q is not a quad class", e.ID, e.QuadClass)
		}
		row[dyadKey(e.QuadClass)] = row[dyadKey(e.QuadClass)].(int64) + 1
		if e.Score != nil {
			row["scoreSum"] = row["scoreSum"].(float64) + *e.Score
			row["scoreCount"] = row["scoreCount"].(int64) + 1
		}
	}
	if len(agg) == 0 {
		return 0, nil
	}
	rows := slices.Collect(maps.Values(agg))
	slices.SortFunc(rows, func(a, b map[string]any) int { return strings.Compare(a["id"].(string), b["id"].(string)) })
	counts := []string{"events", "scoreSum", "scoreCount"}
	for _, q := range domain.EventQuadClasses {
		counts = append(counts, dyadKey(q))
	}
	var onCreate, add []string
	for _, k := range counts {
		zero := "0"
		if k == "scoreSum" {
			zero = "0.0"
		}
		onCreate = append(onCreate, "d."+k+" = "+zero)
		add = append(add, "d."+k+" = d."+k+" + row."+k)
	}
	_, err := s.run(ctx, tx, `
UNWIND $rows AS row
MERGE (d:DyadDay {id: row.id})
ON CREATE SET d.a = row.a, d.b = row.b, d.day = row.day, `+strings.Join(onCreate, ", ")+`
SET `+strings.Join(add, ", "), map[string]any{"rows": rows})
	return len(rows), err
}

// ActorName is what resolving a name needs to know of an actor.
type ActorName struct {
	ID, Name string
	Aliases  []string
	Kind     domain.ActorKind
	Country  string
}

// ActorDirectory returns every actor that no import created (the curated
// actors and the states imports share), for resolving the names of event
// data against them.
func (s *Store) ActorDirectory(ctx context.Context) ([]ActorName, error) {
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]ActorName, error) {
		records, err := s.run(ctx, tx, `
MATCH (a:Actor) WHERE a.dataset IS NULL
RETURN a.id, a.name, coalesce(a.aliases, []), a.kind, coalesce(a.country, '') ORDER BY a.id`, nil)
		out := make([]ActorName, 0, len(records))
		for _, r := range records {
			id, _ := r.Values[0].(string)
			name, _ := r.Values[1].(string)
			kind, _ := r.Values[3].(string)
			country, _ := r.Values[4].(string)
			out = append(out, ActorName{ID: id, Name: name, Aliases: stringList(map[string]any{"a": r.Values[2]}, "a"),
				Kind: domain.ActorKind(kind), Country: country})
		}
		return out, err
	})
}
