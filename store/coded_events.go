package store

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
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
// A batch is one transaction: its events that do not exist yet with their
// participations, and the dyad aggregates of exactly those new events;
// the actors it needs that the import has not made sure of yet are
// created first, in a small transaction of their own (EnsureActors), or
// else in the batch's. Re-importing a record finds its event and counts
// nothing, so importing twice changes nothing; a batch needs nothing from
// a batch being written, so batches may commit in any order, and an
// interrupted import is completed by importing again.

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
	Timing  CodedTiming
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

// CodedWriter writes the batches of one import, each in one transaction
// (see above). It remembers, by element id, the actors that its committed
// batches created or found: a batch sends only the actors that no
// committed batch did, and participations find their actors by element id
// instead of an index seek each. It is safe for concurrent use: batches
// may be written in parallel transactions. Their actors and aggregates are
// written in order of id, so that two of them take shared locks in the
// same order; a deadlock that Neo4j still detects is retried.
type CodedWriter struct {
	s      *Store
	mu     sync.Mutex
	actors map[string]string // actor id → element id, of actors that committed batches made sure of
}

// NewCodedWriter returns a writer for one import.
func (s *Store) NewCodedWriter() *CodedWriter {
	return &CodedWriter{s: s, actors: map[string]string{}}
}

// CodedTiming is where the time of a batch's transaction went.
type CodedTiming struct {
	Actors time.Duration // creating and finding its actors
	Events time.Duration // creating its events with their participations
	Dyads  time.Duration // adding to the dyad aggregates
	// Commit is the rest: beginning and committing the transaction, and
	// any attempt that failed and was retried.
	Commit time.Duration
}

// Add adds the times of another batch.
func (t *CodedTiming) Add(o CodedTiming) {
	t.Actors += o.Actors
	t.Events += o.Events
	t.Dyads += o.Dyads
	t.Commit += o.Commit
}

// codedRows are the parameters of a batch's statements, built once for
// every attempt at its transaction.
type codedRows struct {
	events []map[string]any
	byID   map[string]*CodedEvent
	merge  []map[string]any // actors to create if missing, sorted by id
	find   []string         // other actors the events need, sorted
	known  map[string]any   // actor id → element id, of actors already made sure of
}

// Write writes one batch in one transaction (see above).
func (w *CodedWriter) Write(ctx context.Context, b CodedBatch) (CodedResult, error) {
	rows, err := w.rows(b)
	if err != nil {
		return CodedResult{}, err
	}
	start := time.Now()
	var found map[string]string
	res, err := writeTx(ctx, w.s, func(ctx context.Context, tx neo4j.ManagedTransaction) (CodedResult, error) {
		var res CodedResult
		var err error
		t0 := time.Now()
		if found, res.ActorsCreated, err = w.s.ensureActors(ctx, tx, rows); err != nil {
			return CodedResult{}, err
		}
		t1 := time.Now()
		if res.Created, err = w.s.createCodedEvents(ctx, tx, rows, found); err != nil {
			return CodedResult{}, err
		}
		res.EventsCreated, res.EventsExisting = len(res.Created), len(rows.events)-len(res.Created)
		created := make([]*CodedEvent, len(res.Created))
		for i, id := range res.Created {
			created[i] = rows.byID[id]
		}
		t2 := time.Now()
		res.DyadDays, err = w.s.addDyadDays(ctx, tx, created)
		res.Timing = CodedTiming{Actors: t1.Sub(t0), Events: t2.Sub(t1), Dyads: time.Since(t2)}
		return res, err
	})
	if err != nil {
		return CodedResult{}, err
	}
	res.Timing.Commit = time.Since(start) - res.Timing.Actors - res.Timing.Events - res.Timing.Dyads
	w.mu.Lock()
	maps.Copy(w.actors, found)
	w.mu.Unlock()
	return res, nil
}

// EnsureActors makes sure, in a transaction of its own, of the actors
// that batch b needs and that the writer has not made sure of: it creates
// those of b.Actors that do not exist and finds the others. Batch b,
// written after it, then refers only to actors that exist, so that
// batches written at the same time do not wait for each other's new
// actors. It returns how many actors it created.
func (w *CodedWriter) EnsureActors(ctx context.Context, b CodedBatch) (int, error) {
	rows := &codedRows{known: map[string]any{}}
	if err := w.actorRows(b, rows); err != nil || len(rows.merge) == 0 && len(rows.find) == 0 {
		return 0, err
	}
	var found map[string]string
	created, err := writeTx(ctx, w.s, func(ctx context.Context, tx neo4j.ManagedTransaction) (int, error) {
		var n int
		var err error
		found, n, err = w.s.ensureActors(ctx, tx, rows)
		return n, err
	})
	if err != nil {
		return 0, err
	}
	w.mu.Lock()
	maps.Copy(w.actors, found)
	w.mu.Unlock()
	return created, nil
}

// rows builds the parameters of a batch: its events with their
// participations, and the actors that the writer has not made sure of.
func (w *CodedWriter) rows(b CodedBatch) (*codedRows, error) {
	rows := &codedRows{events: make([]map[string]any, len(b.Events)), byID: make(map[string]*CodedEvent, len(b.Events)),
		known: map[string]any{}}
	for i := range b.Events {
		e := &b.Events[i]
		if _, dup := rows.byID[e.ID]; dup {
			return nil, domain.Errorf(domain.EINVALID, "event %s is twice in one batch", e.ID)
		}
		rows.byID[e.ID] = e
		row, err := codedEventRow(e)
		if err != nil {
			return nil, err
		}
		rows.events[i] = row
	}
	return rows, w.actorRows(b, rows)
}

// actorRows fills in the actors of batch b: those the writer made sure
// of (known), those to create if missing (merge) and the others its
// events need (find).
func (w *CodedWriter) actorRows(b CodedBatch, rows *codedRows) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	merging := map[string]bool{}
	for _, a := range b.Actors {
		if _, ok := w.actors[a.ID]; ok || merging[a.ID] {
			continue
		}
		if _, ok := domain.ActorKinds[a.Kind]; !ok {
			return domain.Errorf(domain.EINVALID, "actor %s: unknown kind %q", a.ID, a.Kind)
		}
		p := props{"id": a.ID, "name": a.Name, "kind": string(a.Kind)}
		p.setString("country", a.Country)
		p.setString("dataset", a.Dataset)
		merging[a.ID] = true
		rows.merge = append(rows.merge, map[string]any{"id": a.ID, "label": a.Kind.Label(), "props": map[string]any(p)})
	}
	slices.SortFunc(rows.merge, func(a, b map[string]any) int { return strings.Compare(a["id"].(string), b["id"].(string)) })
	for _, e := range b.Events {
		for _, p := range e.Participants {
			if eid, ok := w.actors[p.ActorID]; ok {
				rows.known[p.ActorID] = eid
			} else if !merging[p.ActorID] {
				merging[p.ActorID] = true
				rows.find = append(rows.find, p.ActorID)
			}
		}
	}
	slices.Sort(rows.find)
	return nil
}

// codedEventRow is the row of one event: its properties and its
// participations, each with the claim that cites the record.
func codedEventRow(e *CodedEvent) (map[string]any, error) {
	p, err := codedEventProps(e)
	if err != nil {
		return nil, err
	}
	day, _ := domain.ParsePartialDate(e.Date)
	claim := claimProps([]domain.Evidence{{SourceID: e.Dataset, Quote: e.Text, Modality: reported, StatedOn: &day, Record: e.RecordID}}, nil)
	parts := make([]map[string]any, len(e.Participants))
	for i, pt := range e.Participants {
		link := maps.Clone(claim)
		link["id"], link["role"], link["stance"], link["confidence"] = pt.ActorID+":PARTICIPATED_IN:"+e.ID, pt.Role, string(e.QuadClass), 1.0
		parts[i] = map[string]any{"actor": pt.ActorID, "props": link}
	}
	return map[string]any{"id": e.ID, "props": map[string]any(p), "parts": parts}, nil
}

// ensureActors creates the batch's actors that do not exist (an existing
// one is left as it is) and finds the others that its events need. It
// returns the element ids of both, and how many actors it created.
func (s *Store) ensureActors(ctx context.Context, tx neo4j.ManagedTransaction, rows *codedRows) (map[string]string, int, error) {
	found, created := map[string]string{}, 0
	if len(rows.merge) > 0 {
		records, err := s.run(ctx, tx, `
UNWIND $rows AS row
OPTIONAL MATCH (old:Entity {id: row.id})
WITH row, old IS NULL AS isNew
MERGE (a:Entity {id: row.id})
ON CREATE SET a = row.props, a:Actor, a:$(row.label)
RETURN row.id, elementId(a), isNew, a:Actor`, map[string]any{"rows": rows.merge})
		if err != nil {
			return nil, 0, err
		}
		for _, r := range records {
			id := r.Values[0].(string)
			if r.Values[3] != true {
				return nil, 0, domain.Errorf(domain.EINVALID, "%s is the id of a node that is not an actor", id)
			}
			found[id] = r.Values[1].(string)
			if r.Values[2] == true {
				created++
			}
		}
	}
	if len(rows.find) > 0 {
		records, err := s.run(ctx, tx, `
UNWIND $ids AS id
MATCH (a:Actor {id: id})
RETURN id, elementId(a)`, map[string]any{"ids": rows.find})
		if err != nil {
			return nil, 0, err
		}
		for _, r := range records {
			found[r.Values[0].(string)] = r.Values[1].(string)
		}
		for _, id := range rows.find {
			if _, ok := found[id]; !ok {
				return nil, 0, domain.Errorf(domain.EINVALID, "actor %s does not exist", id)
			}
		}
	}
	return found, created, nil
}

// createCodedEvents creates the events that do not exist yet, each with
// its participations (the actors found by element id in actors), and
// returns their ids. An event that existed got its participations in the
// transaction that created it.
func (s *Store) createCodedEvents(ctx context.Context, tx neo4j.ManagedTransaction, rows *codedRows, found map[string]string) ([]string, error) {
	if len(rows.events) == 0 {
		return nil, nil
	}
	actors := maps.Clone(rows.known)
	for id, eid := range found {
		actors[id] = eid
	}
	rec, err := s.single(ctx, tx, `
UNWIND $rows AS row
OPTIONAL MATCH (old:Event {id: row.id})
WITH row WHERE old IS NULL
CREATE (e:Entity:Event:CodedEvent)
SET e = row.props
WITH row, e
CALL (row, e) {
  UNWIND row.parts AS p
  MATCH (a:Actor) WHERE elementId(a) = $actors[p.actor]
  CREATE (a)-[r:PARTICIPATED_IN]->(e)
  SET r = p.props
  RETURN count(r) AS linked
}
RETURN collect(row.id) AS created, sum(linked) AS linked`, map[string]any{"rows": rows.events, "actors": actors})
	if err != nil {
		return nil, err
	}
	ids, _ := rec.Values[0].([]any)
	out, want := make([]string, len(ids)), 0
	for i, id := range ids {
		out[i], _ = id.(string)
		want += len(rows.byID[out[i]].Participants)
	}
	if n := asInt(rec.Values[1]); n != want {
		return nil, domain.Errorf(domain.EINVALID, "%d of %d participations were not written: an actor does not exist", want-n, want)
	}
	return out, nil
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

// scoreDecimals is the precision a DyadDay's scoreSum is kept to.
// Goldstein and intensity scores have one decimal; a sum of floats
// depends on the order of its additions, and batches written in parallel
// commit in any order, so each sum is rounded to this many decimals as it
// is added to. The sum of scores of at most three decimals is then the
// same whatever the order, and an interrupted import completed by a rerun
// keeps the same aggregates as one that was not interrupted.
const scoreDecimals = 3

// roundScore rounds a score sum to scoreDecimals decimals, as Cypher's
// round(x, scoreDecimals) does.
func roundScore(x float64) float64 {
	const scale = 1e3 // 10^scoreDecimals
	return math.Round(x*scale) / scale
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
	for _, row := range rows {
		row["scoreSum"] = roundScore(row["scoreSum"].(float64))
	}
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
		if k == "scoreSum" {
			add = append(add, "d.scoreSum = round(d.scoreSum + row.scoreSum, "+strconv.Itoa(scoreDecimals)+")")
			continue
		}
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
