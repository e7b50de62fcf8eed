package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

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
		params["kinds"] = domain.StringsOf(kinds)
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
