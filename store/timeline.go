package store

import (
	"context"

	"github.com/actorgraph/actorgraph/domain"
)

// Timeline returns events and dated relations in time order (then by id):
// those of one actor (events it is related to, relations it is an end of),
// or of the whole graph when actor is nil. from and to bound the
// timeline's dates; claims further selects its relations (valid time,
// modalities, knownAt), not its events.
//
// Errors: EINVALID for a bad cursor, modality or date, ELIMIT for first.
func (s *Store) Timeline(ctx context.Context, actor *string, from, to *domain.PartialDate, claims domain.ClaimFilter, first int, after *string) (domain.Page[domain.Dated], error) {
	params := map[string]any{}
	events, relations := "MATCH (e:Event)", "MATCH ()-[r]->()"
	if actor != nil {
		params["actor"] = *actor
		events = "MATCH (:Entity {id: $actor})--(e:Event) WITH DISTINCT e"
		relations = "MATCH (:Entity {id: $actor})-[r]-()"
	}
	rw, err := claimPredicates("r", claims, params)
	if err != nil {
		return domain.Page[domain.Dated]{}, err
	}
	var ew where
	addWindow(&ew, params, "window", "e.dateStart", "e.dateEnd", from, to, false)
	rw.add("r.validFrom IS NOT NULL")
	addWindow(&rw, params, "window", "r.validFrom", "r.validTo", from, to, true)
	union := `CALL () {
  ` + events + ew.String() + `
  RETURN {node: e} AS item, e.dateStart AS d, e.id AS id
  UNION ALL
  ` + relations + rw.String() + `
  RETURN {rel: ` + relationColumns + `} AS item, r.validFrom AS d, r.id AS id
}
`
	var kw where
	if _, err := seekPast(&kw, params, after, 2, "(d > date($after[0]) OR (d = date($after[0]) AND id > $after[1]))"); err != nil {
		return domain.Page[domain.Dated]{}, err
	}
	count := union + "RETURN count(*)"
	page := union + "WITH item, d, id" + kw.String() + "\nRETURN item, [toString(d), id] AS key ORDER BY d, id LIMIT $limit"
	return pageQuery(ctx, s, count, page, params, first, func(v any) (domain.Dated, error) {
		m := v.(map[string]any)
		if rel, ok := m["rel"]; ok && rel != nil {
			return relationAt(rel, claims.KnownAt), nil
		}
		return decodeAs[*domain.Event](m["node"])
	})
}
