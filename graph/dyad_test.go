package graph

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/eventfixture"
	"github.com/actorgraph/actorgraph/internal/gqltest"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// ask posts a query to h and decodes its data into out; it returns the
// errors' codes.
func ask(t *testing.T, h http.Handler, query string, out any) []string {
	t.Helper()
	rec := gqltest.Serve(t, h, query, nil)
	var resp struct {
		Data   json.RawMessage
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		t.Fatalf("status %d: %v: %s", rec.Code, err, rec.Body)
	}
	var codes []string
	for _, e := range resp.Errors {
		codes = append(codes, e.Extensions.Code)
	}
	if len(codes) == 0 && out != nil {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			t.Fatalf("%v: %s", err, resp.Data)
		}
	}
	return codes
}

func eventHandler(t *testing.T) http.Handler {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	eventfixture.Write(t)
	return NewHandler(&Resolver{Store: s}, DefaultLimits, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

type period struct {
	Start, End                                                                       string
	Events, VerbalCooperation, MaterialCooperation, VerbalConflict, MaterialConflict int
	ScoreSum                                                                         float64
	ScoreMean                                                                        *float64
}

// counts is the period's counts as the domain keeps them (ScoreCount aside).
func (p period) counts() domain.QuadCounts {
	return domain.QuadCounts{Events: p.Events, VerbalCooperation: p.VerbalCooperation, MaterialCooperation: p.MaterialCooperation,
		VerbalConflict: p.VerbalConflict, MaterialConflict: p.MaterialConflict, ScoreSum: p.ScoreSum}
}

func TestDyadQuery(t *testing.T) {
	h := eventHandler(t)
	var got struct {
		Dyad struct {
			A, B                   struct{ ID, Kind string }
			Granularity, Direction string
			Periods                []period
		}
	}
	ask(t, h, `{ dyad(a: "icews-vladimir-putin", b: "united-states", from: "2018", to: "2018") {
  a { id kind } b { id kind } granularity direction
  periods { start end events verbalCooperation materialCooperation verbalConflict materialConflict scoreSum scoreMean } } }`, &got)
	d := got.Dyad
	if d.A.ID != "russia" || d.A.Kind != "STATE" || d.B.ID != "united-states" || d.Granularity != "MONTH" || d.Direction != "BOTH" || len(d.Periods) != 12 {
		t.Fatalf("dyad %+v: want russia and united-states, MONTH, BOTH, 12 periods", d)
	}
	for _, p := range d.Periods {
		first, _ := time.Parse(time.DateOnly, p.Start)
		last, _ := time.Parse(time.DateOnly, p.End)
		want := eventfixture.Counts("russia", "united-states", true, first, last)
		if p.counts() != (domain.QuadCounts{Events: want.Events, VerbalCooperation: want.VerbalCooperation, MaterialCooperation: want.MaterialCooperation,
			VerbalConflict: want.VerbalConflict, MaterialConflict: want.MaterialConflict, ScoreSum: want.ScoreSum}) {
			t.Errorf("%s: %+v, want %+v", p.Start, p, want)
		}
		if (p.ScoreMean == nil) != (want.ScoreCount == 0) || p.ScoreMean != nil && *p.ScoreMean != *want.ScoreMean() {
			t.Errorf("%s: mean %v, want %v", p.Start, p.ScoreMean, want.ScoreMean())
		}
	}
	if d.Periods[2].Events != 0 || d.Periods[2].ScoreMean != nil {
		t.Errorf("March: %+v, want an empty period", d.Periods[2])
	}

	var week struct{ Dyad struct{ Periods []period } }
	ask(t, h, `{ dyad(a: "russia", b: "united-states", from: "2018-02-01", to: "2018-02-28", granularity: WEEK, direction: A_TO_B) { periods { start end events } } }`, &week)
	if p := week.Dyad.Periods; len(p) != 5 || p[0].Start != "2018-01-29" || p[0].End != "2018-02-04" {
		t.Errorf("weeks %+v, want 5 from Monday 2018-01-29", p)
	}
}

func TestCounterpartsQuery(t *testing.T) {
	h := eventHandler(t)
	var got struct {
		Counterparts []struct {
			Actor     struct{ ID, Name string }
			Events    int
			ScoreMean *float64
		}
	}
	ask(t, h, `{ counterparts(actor: "russia", from: "2018", to: "2018", by: SCORE_MEAN_ASC, first: 2) { actor { id name } events scoreMean } }`, &got)
	if len(got.Counterparts) != 2 || got.Counterparts[0].Actor.ID != "ukraine" || got.Counterparts[0].Actor.Name != "Ukraine" {
		t.Fatalf("counterparts %+v: want two, Ukraine (the most hostile) first", got.Counterparts)
	}
	want := eventfixture.Counts("russia", "ukraine", true, time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2018, 12, 31, 0, 0, 0, 0, time.UTC))
	if c := got.Counterparts[0]; c.Events != want.Events || c.ScoreMean == nil || *c.ScoreMean != *want.ScoreMean() {
		t.Errorf("ukraine: %+v, want %+v", c, want)
	}
}

func TestCodedEventFields(t *testing.T) {
	h := eventHandler(t)
	neo4jtest.Exec(t, "CREATE (:Entity:Event {id: 'curated-summit', name: 'A summit', kind: 'MEETING', date: '2018-06', dateStart: date('2018-06-01'), dateEnd: date('2018-06-30')})", nil)
	e := eventfixture.Events[0]
	var got struct {
		Coded, Curated struct {
			Kind      string
			Dataset   *string
			Code      *string
			QuadClass *string
			Score     *float64
			Record    *struct {
				Dataset, RecordID string
				Code, Publisher   *string
				StoryID, URL      *string
				SentenceNumber    *int
			}
		}
		Relation struct {
			Evidence []struct {
				Source struct{ ID string }
				Record *struct {
					RecordID string
					Code     *string
				}
			}
		}
		Stats struct{ CodedEvents, DyadDays int }
	}
	fields := `kind dataset code quadClass score record { dataset recordId code publisher storyId sentenceNumber url }`
	codes := ask(t, h, `{ coded: event(id: "`+e.ID()+`") { `+fields+` } curated: event(id: "curated-summit") { `+fields+` }
  relation(id: "`+e.Source+`:PARTICIPATED_IN:`+e.ID()+`") { evidence { source { id } record { recordId code } } }
  stats { codedEvents dyadDays } }`, &got)
	if len(codes) > 0 {
		t.Fatalf("errors %v", codes)
	}
	c := got.Coded
	if c.Kind != "CODED" || *c.Dataset != "icews" || *c.Code != e.Code || *c.QuadClass != string(e.Quad) || *c.Score != *e.Score ||
		c.Record == nil || c.Record.RecordID != e.RecordID || *c.Record.Publisher != e.Publisher || *c.Record.StoryID != e.StoryID ||
		*c.Record.SentenceNumber != e.SentenceNumber || c.Record.URL != nil {
		t.Errorf("coded event %+v, record %+v: want those of %+v", c, c.Record, e)
	}
	if k := got.Curated; k.Dataset != nil || k.Code != nil || k.QuadClass != nil || k.Score != nil || k.Record != nil {
		t.Errorf("curated event %+v: want no coded fields", k)
	}
	if ev := got.Relation.Evidence; len(ev) != 1 || ev[0].Source.ID != "icews" || ev[0].Record == nil || ev[0].Record.RecordID != e.RecordID || ev[0].Record.Code == nil || *ev[0].Record.Code != e.Code {
		t.Errorf("evidence %+v: want the record %s with its code", ev, e.RecordID)
	}
	if got.Stats.CodedEvents != len(eventfixture.Events) || got.Stats.DyadDays == 0 {
		t.Errorf("stats %+v: want %d coded events and some dyad days", got.Stats, len(eventfixture.Events))
	}
}

func TestDyadLimits(t *testing.T) {
	h := eventHandler(t)
	for _, q := range []string{
		`{ dyad(a: "russia", b: "china", from: "2000", to: "2018", granularity: DAY) { periods { start } } }`,
		`{ counterparts(actor: "russia", first: 101) { events } }`,
		`{ counterparts(actor: "russia", from: "2000", to: "2018") { events } }`,
	} {
		if codes := ask(t, h, q, nil); len(codes) != 1 || codes[0] != "LIMIT_EXCEEDED" {
			t.Errorf("%s: errors %v, want LIMIT_EXCEEDED", q, codes)
		}
	}
}

// TestDyadComplexity: a dyad costs its periods, known from the window when
// both ends are given, else the cap.
func TestDyadComplexity(t *testing.T) {
	month, week, day := domain.GranularityMonth, domain.GranularityWeek, domain.GranularityDay
	for _, c := range []struct {
		from, to string
		g        *domain.Granularity
		want     int
	}{
		{"2018", "2018", nil, 12},
		{"2018", "2018", &month, 12},
		{"2018-02-01", "2018-02-28", &week, 5},
		{"2018-06", "2018-06", &day, 30},
		{"2000", "2018", &day, store.MaxDyadPeriods},
		{"", "2018", &month, store.MaxDyadPeriods},
	} {
		var from *domain.PartialDate
		if c.from != "" {
			from = new(domain.PartialDate)
			*from = domain.PartialDate(c.from)
		}
		to := domain.PartialDate(c.to)
		if got := dyadPeriods(from, &to, c.g); got != c.want {
			t.Errorf("%s..%s by %v: %d periods, want %d", c.from, c.to, c.g, got, c.want)
		}
	}
}
