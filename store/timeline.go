package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Timeline returns events and dated relations in time order (then by id):
// those of one actor (events it is related to, relations it is an end of),
// or of the whole graph when actor is nil.
//
// Errors: EINVALID for a bad cursor, ELIMIT for first.
func (s *Store) Timeline(ctx context.Context, actor *string, from, to *domain.PartialDate, first int, after *string) (domain.Page[domain.Dated], error) {
	params := map[string]any{}
	events, relations := "MATCH (e:Event)", "MATCH ()-[r]->()"
	if actor != nil {
		params["actor"] = *actor
		events = "MATCH (:Entity {id: $actor})--(e:Event) WITH DISTINCT e"
		relations = "MATCH (:Entity {id: $actor})-[r]-()"
	}
	var ew, rw where
	addWindow(&ew, params, "e.dateStart", "e.dateEnd", from, to, false)
	rw.add("r.validFrom IS NOT NULL")
	addWindow(&rw, params, "r.validFrom", "r.validTo", from, to, true)
	union := `CALL () {
  ` + events + ew.String() + `
  RETURN {node: e} AS item, e.dateStart AS d, e.id AS id
  UNION ALL
  ` + relations + rw.String() + `
  RETURN {rel: ` + relationColumns + `} AS item, r.validFrom AS d, r.id AS id
}
`
	key, err := decodeCursor(after, 2)
	if err != nil {
		return domain.Page[domain.Dated]{}, err
	}
	var kw where
	if key != nil {
		params["after"] = key
		kw.add("(d > date($after[0]) OR (d = date($after[0]) AND id > $after[1]))")
	}
	count := union + "RETURN count(*)"
	page := union + "WITH item, d, id" + kw.String() + "\nRETURN item, [toString(d), id] AS key ORDER BY d, id LIMIT $limit"
	return pageQuery(ctx, s, count, page, params, first, func(v any) (domain.Dated, error) {
		m := v.(map[string]any)
		if rel, ok := m["rel"]; ok && rel != nil {
			return relationAt(rel), nil
		}
		return decodeAs[*domain.Event](m["node"])
	})
}

// SearchHit is a full-text match.
type SearchHit struct {
	Score  float64
	Entity domain.Entity
}

// Search finds entities whose name, aliases or description match text,
// best first. text is taken literally: Lucene syntax is escaped.
//
// Errors: EINVALID for empty text, ELIMIT for first.
func (s *Store) Search(ctx context.Context, text string, kinds []domain.EntityKind, first int) ([]SearchHit, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, domain.Errorf(domain.EINVALID, "search text must not be empty")
	}
	if len(text) > 500 {
		return nil, domain.Errorf(domain.ELIMIT, "search text is longer than 500 characters")
	}
	params := map[string]any{"index": searchIndex, "query": strings.ToLower(escapeLucene(text)), "first": first}
	filter := ""
	if len(kinds) > 0 {
		params["kinds"] = stringsOf(kinds)
		filter = " WHERE any(l IN labels(node) WHERE l IN $kinds)"
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) ([]SearchHit, error) {
		records, err := s.run(ctx, tx, "CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score"+filter+
			" RETURN node, score ORDER BY score DESC, node.id LIMIT $first", params)
		if err != nil {
			return nil, err
		}
		hits := make([]SearchHit, 0, len(records))
		for _, r := range records {
			e, err := entityOf(r.Values[0].(neo4j.Node))
			if err != nil {
				return nil, err
			}
			hits = append(hits, SearchHit{Score: r.Values[1].(float64), Entity: e})
		}
		return hits, nil
	})
}
