package store

import (
	"encoding/base64"
	"fmt"
	"math"
	"strings"
	"time"
	// Named time zones (datetime('...[Europe/Berlin]')) must decode even on
	// hosts without a zoneinfo database.
	_ "time/tzdata"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/actorgraph/actorgraph/domain"
)

// maxSafeInt is the largest integer a JSON double (JavaScript's
// Number.MAX_SAFE_INTEGER) holds exactly; larger integers become strings.
const maxSafeInt = 1<<53 - 1

// jsonValue maps a value the driver returned to typed JSON (see the README):
// only nil, bool, int64, float64, string, []any and map[string]any come out.
func jsonValue(v any) any {
	switch x := v.(type) {
	case nil, bool, string:
		return x
	case int64:
		return jsonInt(x)
	case int:
		return jsonInt(int64(x))
	case float64:
		return jsonFloat(x)
	case []byte:
		return base64.StdEncoding.EncodeToString(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		return jsonMap(x)
	case dbtype.Node:
		return nodeJSON(x)
	case dbtype.Relationship:
		return relationshipJSON(x)
	case dbtype.Path:
		return pathJSON(x)
	case dbtype.Point2D:
		return map[string]any{"srid": int64(x.SpatialRefId), "x": jsonFloat(x.X), "y": jsonFloat(x.Y)}
	case dbtype.Point3D:
		return map[string]any{"srid": int64(x.SpatialRefId), "x": jsonFloat(x.X), "y": jsonFloat(x.Y), "z": jsonFloat(x.Z)}
	case dbtype.Date:
		return isoDate(time.Time(x))
	case dbtype.LocalTime:
		return time.Time(x).Format("15:04:05.999999999")
	case dbtype.Time:
		return time.Time(x).Format("15:04:05.999999999Z07:00")
	case dbtype.LocalDateTime:
		t := time.Time(x)
		return isoDate(t) + t.Format("T15:04:05.999999999")
	case time.Time:
		return isoDateTime(x)
	case dbtype.Duration:
		return isoDuration(x)
	case *dbtype.InvalidValue:
		return fmt.Sprintf("invalid value: %s: %v", x.Message, x.Err)
	}
	return fmt.Sprint(v)
}

func jsonInt(i int64) any {
	if i > maxSafeInt || i < -maxSafeInt {
		return fmt.Sprintf("%d", i)
	}
	return i
}

// jsonFloat keeps finite floats; JSON has no NaN or infinities, so those
// become the strings "NaN", "Infinity" and "-Infinity".
func jsonFloat(f float64) any {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return f
}

func jsonMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = jsonValue(v)
	}
	return out
}

func nodeJSON(n dbtype.Node) map[string]any {
	labels := n.Labels
	if labels == nil {
		labels = []string{}
	}
	return map[string]any{"elementId": n.ElementId, "labels": labels, "properties": jsonMap(n.Props)}
}

func relationshipJSON(r dbtype.Relationship) map[string]any {
	return map[string]any{
		"elementId": r.ElementId, "type": r.Type,
		"start": r.StartElementId, "end": r.EndElementId,
		"properties": jsonMap(r.Props),
	}
}

// pathJSON lists a path as node, relationship, node, ... in path order.
// Bolt sends a path's distinct nodes, not its sequence, so the sequence is
// rebuilt by walking the relationships from the start node.
func pathJSON(p dbtype.Path) []any {
	if len(p.Nodes) == 0 {
		return []any{}
	}
	byID := make(map[string]dbtype.Node, len(p.Nodes))
	for _, n := range p.Nodes {
		byID[n.ElementId] = n
	}
	current := p.Nodes[0]
	out := make([]any, 0, 2*len(p.Relationships)+1)
	out = append(out, nodeJSON(current))
	for _, r := range p.Relationships {
		next := r.EndElementId
		if next == current.ElementId {
			next = r.StartElementId
		}
		current = byID[next]
		out = append(out, relationshipJSON(r), nodeJSON(current))
	}
	return out
}

// isoDate formats the date part as ISO-8601, with a sign and more than four
// digits for years outside 0000..9999 (as Neo4j prints them).
func isoDate(t time.Time) string {
	y := t.Year()
	if y >= 0 && y <= 9999 {
		return t.Format("2006-01-02")
	}
	sign := "+"
	if y < 0 {
		sign, y = "-", -y
	}
	return fmt.Sprintf("%s%04d-%02d-%02d", sign, y, t.Month(), t.Day())
}

// isoDateTime formats a zoned datetime with its offset and, for a named
// zone, the zone id in brackets as Neo4j does: 2024-02-29T12:34:56+01:00[Europe/Berlin].
func isoDateTime(t time.Time) string {
	s := isoDate(t) + t.Format("T15:04:05.999999999Z07:00")
	if name := t.Location().String(); name != "Offset" && name != "" && name != "Local" {
		s += "[" + name + "]"
	}
	return s
}

// isoDuration formats a duration as ISO-8601 the way Neo4j prints it:
// months as years and months, days, then hours, minutes and seconds.
func isoDuration(d dbtype.Duration) string {
	months, days, secs, nanos := d.Months, d.Days, d.Seconds, int64(d.Nanos)
	// Give seconds and nanoseconds the same sign.
	if secs < 0 && nanos > 0 {
		secs, nanos = secs+1, nanos-int64(time.Second)
	} else if secs > 0 && nanos < 0 {
		secs, nanos = secs-1, nanos+int64(time.Second)
	}
	if months == 0 && days == 0 && secs == 0 && nanos == 0 {
		return "PT0S"
	}
	var b strings.Builder
	b.WriteByte('P')
	part := func(n int64, unit byte) {
		if n != 0 {
			fmt.Fprintf(&b, "%d%c", n, unit)
		}
	}
	part(months/12, 'Y')
	part(months%12, 'M')
	part(days, 'D')
	if secs != 0 || nanos != 0 {
		b.WriteByte('T')
		part(secs/3600, 'H')
		part(secs%3600/60, 'M')
		if s := secs % 60; s != 0 || nanos != 0 {
			if s < 0 || nanos < 0 {
				b.WriteByte('-')
			}
			fmt.Fprintf(&b, "%d", abs64(s))
			if nanos != 0 {
				b.WriteString("." + strings.TrimRight(fmt.Sprintf("%09d", abs64(nanos)), "0"))
			}
			b.WriteByte('S')
		}
	}
	return b.String()
}

func abs64(i int64) int64 {
	if i < 0 {
		return -i
	}
	return i
}

// CypherParams turns the GraphQL `params` argument (any JSON value) into
// query parameters: null means none; anything but a JSON object is EINVALID.
func CypherParams(v any) (map[string]any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return x, nil
	}
	return nil, domain.Errorf(domain.EINVALID, "params must be a JSON object mapping parameter names to values")
}

// cypherParams normalises decoded JSON parameters; see domain.NormalizeJSON.
func cypherParams(params map[string]any) (map[string]any, error) {
	if params == nil {
		return map[string]any{}, nil
	}
	out, err := domain.NormalizeJSON(params, "params")
	if err != nil {
		return nil, err
	}
	return out.(map[string]any), nil
}
