package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// ActorOrder says how to sort actors: by name (then id) or by id.
type ActorOrder struct {
	ByID       bool
	Descending bool
}

// Actors returns a page of actors matching f.
//
// Errors: EINVALID for a bad cursor or relation type, ELIMIT for first.
func (s *Store) Actors(ctx context.Context, f domain.ActorFilter, order ActorOrder, first int, after *string) (domain.Page[*domain.Actor], error) {
	params := map[string]any{}
	var w where
	if len(f.Kinds) > 0 {
		params["kinds"] = stringsOf(f.Kinds)
		w.add("n.kind IN $kinds")
	}
	if f.Country != nil {
		params["country"] = *f.Country
		w.add("n.country = $country")
	}
	if f.NameContains != nil {
		params["name"] = strings.ToLower(*f.NameContains)
		w.add("toLower(n.name) CONTAINS $name")
	}
	if len(f.HasRelation) > 0 {
		types, err := typePattern(f.HasRelation)
		if err != nil {
			return domain.Page[*domain.Actor]{}, err
		}
		w.add("EXISTS { (n)-[" + types + "]-() }")
	}
	count := "MATCH (n:Actor)" + w.String() + " RETURN count(n)"

	keyCols, cmp, dir := "[n.name, n.id]", ">", ""
	if order.Descending {
		cmp, dir = "<", " DESC"
	}
	orderBy := "n.name" + dir + ", n.id" + dir
	keyLen := 2
	if order.ByID {
		keyCols, orderBy, keyLen = "[n.id]", "n.id"+dir, 1
	}
	key, err := decodeCursor(after, keyLen)
	if err != nil {
		return domain.Page[*domain.Actor]{}, err
	}
	if key != nil {
		params["after"] = key
		if keyLen == 2 {
			w.add("(n.name " + cmp + " $after[0] OR (n.name = $after[0] AND n.id " + cmp + " $after[1]))")
		} else {
			w.add("n.id " + cmp + " $after[0]")
		}
	}
	page := "MATCH (n:Actor)" + w.String() + " RETURN n AS item, " + keyCols + " AS key ORDER BY " + orderBy + " LIMIT $limit"
	return pageQuery(ctx, s, count, page, params, first, decodeAs[*domain.Actor])
}

// Policies returns a page of policies matching f, by id.
func (s *Store) Policies(ctx context.Context, f domain.PolicyFilter, first int, after *string) (domain.Page[*domain.Policy], error) {
	params := map[string]any{}
	var w where
	if len(f.Kinds) > 0 {
		params["kinds"] = stringsOf(f.Kinds)
		w.add("n.kind IN $kinds")
	}
	if f.NameContains != nil {
		params["name"] = strings.ToLower(*f.NameContains)
		w.add("toLower(n.name) CONTAINS $name")
	}
	count := "MATCH (n:Policy)" + w.String() + " RETURN count(n)"
	key, err := decodeCursor(after, 1)
	if err != nil {
		return domain.Page[*domain.Policy]{}, err
	}
	if key != nil {
		params["after"] = key
		w.add("n.id > $after[0]")
	}
	page := "MATCH (n:Policy)" + w.String() + " RETURN n AS item, [n.id] AS key ORDER BY n.id LIMIT $limit"
	return pageQuery(ctx, s, count, page, params, first, decodeAs[*domain.Policy])
}

// Events returns a page of events matching f, in date order.
func (s *Store) Events(ctx context.Context, f domain.EventFilter, first int, after *string) (domain.Page[*domain.Event], error) {
	params := map[string]any{}
	var w where
	if len(f.Kinds) > 0 {
		params["kinds"] = stringsOf(f.Kinds)
		w.add("n.kind IN $kinds")
	}
	addWindow(&w, params, "n.dateStart", "n.dateEnd", f.From, f.To, false)
	count := "MATCH (n:Event)" + w.String() + " RETURN count(n)"
	key, err := decodeCursor(after, 2)
	if err != nil {
		return domain.Page[*domain.Event]{}, err
	}
	if key != nil {
		params["after"] = key
		w.add("(n.dateStart > date($after[0]) OR (n.dateStart = date($after[0]) AND n.id > $after[1]))")
	}
	page := "MATCH (n:Event)" + w.String() + " RETURN n AS item, [toString(n.dateStart), n.id] AS key ORDER BY n.dateStart, n.id LIMIT $limit"
	return pageQuery(ctx, s, count, page, params, first, decodeAs[*domain.Event])
}

// addWindow keeps what overlaps [from, to]: it starts by the window's end
// and ends after the window's start. A missing end is open; a missing start
// is open too when openStart (undated relations), else never matches.
func addWindow(w *where, params map[string]any, startProp, endProp string, from, to *domain.PartialDate, openStart bool) {
	if to != nil {
		params["windowTo"] = neoDate(to.End())
		if openStart {
			w.add("(" + startProp + " IS NULL OR " + startProp + " <= $windowTo)")
		} else {
			w.add(startProp + " <= $windowTo")
		}
	}
	if from != nil {
		params["windowFrom"] = neoDate(from.Start())
		w.add("(" + endProp + " IS NULL OR " + endProp + " >= $windowFrom)")
	}
}

// decodeAs decodes an entity node returned as `item` to its concrete type.
func decodeAs[T domain.Entity](v any) (T, error) {
	var zero T
	e, err := entityOf(v.(neo4j.Node))
	if err != nil {
		return zero, err
	}
	t, ok := e.(T)
	if !ok {
		return zero, domain.Errorf(domain.EINTERNAL, "node %s is a %s", e.NodeID(), e.EntityKind())
	}
	return t, nil
}

func stringsOf[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
