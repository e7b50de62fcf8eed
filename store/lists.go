package store

import (
	"context"

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
	addKinds(&w, params, f.Kinds)
	if f.Country != nil {
		params["country"] = *f.Country
		w.add("n.country = $country")
	}
	addNameContains(&w, params, f.NameContains)
	if len(f.HasRelation) > 0 {
		types, err := typePattern(f.HasRelation)
		if err != nil {
			return domain.Page[*domain.Actor]{}, err
		}
		w.add("EXISTS { (n)-[" + types + "]-() }")
	}
	count := "MATCH (n:Actor)" + w.String() + " RETURN count(n)"
	keyCols, orderBy, keyLen, past := order.keyset()
	if _, err := seekPast(&w, params, after, keyLen, past); err != nil {
		return domain.Page[*domain.Actor]{}, err
	}
	page := "MATCH (n:Actor)" + w.String() + " RETURN n AS item, " + keyCols + " AS key ORDER BY " + orderBy + " LIMIT $limit"
	return pageQuery(ctx, s, count, page, params, first, decodeAs[*domain.Actor])
}

// keyset is how actors are paged in this order: the sort key's columns,
// the ORDER BY, the key's length and the predicate of what comes after it.
func (o ActorOrder) keyset() (keyCols, orderBy string, keyLen int, past string) {
	cmp, dir := ">", ""
	if o.Descending {
		cmp, dir = "<", " DESC"
	}
	if o.ByID {
		return "[n.id]", "n.id" + dir, 1, "n.id " + cmp + " $after[0]"
	}
	return "[n.name, n.id]", "n.name" + dir + ", n.id" + dir, 2,
		"(n.name " + cmp + " $after[0] OR (n.name = $after[0] AND n.id " + cmp + " $after[1]))"
}

// Policies returns a page of policies matching f, by id.
func (s *Store) Policies(ctx context.Context, f domain.PolicyFilter, first int, after *string) (domain.Page[*domain.Policy], error) {
	params := map[string]any{}
	var w where
	addKinds(&w, params, f.Kinds)
	addNameContains(&w, params, f.NameContains)
	count := "MATCH (n:Policy)" + w.String() + " RETURN count(n)"
	if _, err := seekPast(&w, params, after, 1, "n.id > $after[0]"); err != nil {
		return domain.Page[*domain.Policy]{}, err
	}
	page := "MATCH (n:Policy)" + w.String() + " RETURN n AS item, [n.id] AS key ORDER BY n.id LIMIT $limit"
	return pageQuery(ctx, s, count, page, params, first, decodeAs[*domain.Policy])
}

// Events returns a page of events matching f, in date order.
func (s *Store) Events(ctx context.Context, f domain.EventFilter, first int, after *string) (domain.Page[*domain.Event], error) {
	params := map[string]any{}
	var w where
	addKinds(&w, params, f.Kinds)
	addWindow(&w, params, "window", "n.dateStart", "n.dateEnd", f.From, f.To, false)
	count := "MATCH (n:Event)" + w.String() + " RETURN count(n)"
	if _, err := seekPast(&w, params, after, 2, "(n.dateStart > date($after[0]) OR (n.dateStart = date($after[0]) AND n.id > $after[1]))"); err != nil {
		return domain.Page[*domain.Event]{}, err
	}
	page := "MATCH (n:Event)" + w.String() + " RETURN n AS item, [toString(n.dateStart), n.id] AS key ORDER BY n.dateStart, n.id LIMIT $limit"
	return pageQuery(ctx, s, count, page, params, first, decodeAs[*domain.Event])
}
