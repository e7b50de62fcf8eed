package store

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// These tests need no Neo4j: they pin the typed-JSON mapping on driver
// values. TestCypherValueTypes checks the same against a real server.

func TestCypherJSONMapping(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	a := dbtype.Node{ElementId: "4:x:1", Labels: []string{"A"}, Props: map[string]any{"n": int64(1)}}
	b := dbtype.Node{ElementId: "4:x:2", Labels: nil, Props: nil}
	ab := dbtype.Relationship{ElementId: "5:x:1", Type: "R", StartElementId: a.ElementId, EndElementId: b.ElementId}
	for _, c := range []struct {
		in   any
		want string
	}{
		{nil, `null`},
		{true, `true`},
		{int64(42), `42`},
		{int64(maxSafeInt), `9007199254740991`},
		{int64(maxSafeInt + 1), `"9007199254740992"`},
		{int64(math.MinInt64), `"-9223372036854775808"`},
		{1.5, `1.5`},
		{math.NaN(), `"NaN"`},
		{math.Inf(-1), `"-Infinity"`},
		{"s", `"s"`},
		{[]byte{0, 1, 255}, `"AAH/"`},
		{[]any{int64(1), []any{"x"}}, `[1,["x"]]`},
		{map[string]any{"k": int64(1 << 60)}, `{"k":"1152921504606846976"}`},
		{a, `{"elementId":"4:x:1","labels":["A"],"properties":{"n":1}}`},
		{b, `{"elementId":"4:x:2","labels":[],"properties":{}}`},
		{ab, `{"elementId":"5:x:1","end":"4:x:2","properties":{},"start":"4:x:1","type":"R"}`},
		// A path walked against a relationship's direction: b <-[ab]- a.
		{dbtype.Path{Nodes: []dbtype.Node{b, a}, Relationships: []dbtype.Relationship{ab}},
			`[{"elementId":"4:x:2","labels":[],"properties":{}},` +
				`{"elementId":"5:x:1","end":"4:x:2","properties":{},"start":"4:x:1","type":"R"},` +
				`{"elementId":"4:x:1","labels":["A"],"properties":{"n":1}}]`},
		{dbtype.Point2D{X: 1, Y: 2, SpatialRefId: 7203}, `{"srid":7203,"x":1,"y":2}`},
		{dbtype.Point3D{X: 1, Y: 2, Z: 3, SpatialRefId: 9157}, `{"srid":9157,"x":1,"y":2,"z":3}`},
		{dbtype.Date(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)), `"2024-02-29"`},
		{dbtype.Date(time.Date(12345, 1, 2, 0, 0, 0, 0, time.UTC)), `"+12345-01-02"`},
		{dbtype.LocalTime(time.Date(0, 1, 1, 12, 34, 56, 789000000, time.Local)), `"12:34:56.789"`},
		{dbtype.Time(time.Date(0, 1, 1, 12, 34, 56, 0, time.FixedZone("Offset", 2*3600))), `"12:34:56+02:00"`},
		{dbtype.LocalDateTime(time.Date(2024, 2, 29, 12, 34, 56, 0, time.Local)), `"2024-02-29T12:34:56"`},
		{time.Date(2024, 2, 29, 12, 34, 56, 500000000, berlin), `"2024-02-29T12:34:56.5+01:00[Europe/Berlin]"`},
		{time.Date(2024, 2, 29, 12, 34, 56, 0, time.FixedZone("Offset", 0)), `"2024-02-29T12:34:56Z"`},
		{time.Date(2024, 2, 29, 12, 34, 56, 0, time.FixedZone("Offset", 19800)), `"2024-02-29T12:34:56+05:30"`},
		{dbtype.Duration{Months: 14, Days: 3, Seconds: 4*3600 + 5*60 + 6, Nanos: 500000000}, `"P1Y2M3DT4H5M6.5S"`},
		{dbtype.Duration{}, `"PT0S"`},
		{dbtype.Duration{Seconds: -2, Nanos: 500000000}, `"PT-1.5S"`},
		{dbtype.Duration{Days: 1, Seconds: 60}, `"P1DT1M"`},
	} {
		got, err := json.Marshal(jsonValue(c.in))
		if err != nil {
			t.Errorf("%#v: %v", c.in, err)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%#v:\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestCypherParamsNormalised(t *testing.T) {
	in := map[string]any{
		"i": json.Number("42"), "f": json.Number("1.5"), "big": json.Number("1e300"),
		"list": []any{json.Number("1"), "x", nil, true}, "map": map[string]any{"n": json.Number("-7")},
	}
	got, err := cypherParams(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"i": int64(42), "f": 1.5, "big": 1e300,
		"list": []any{int64(1), "x", nil, true}, "map": map[string]any{"n": int64(-7)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
	if _, err := cypherParams(map[string]any{"x": json.Number("1e999")}); err == nil {
		t.Error("1e999 accepted")
	}
	if _, err := CypherParams([]any{1}); err == nil {
		t.Error("a list accepted as params")
	}
}
