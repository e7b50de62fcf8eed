package store

import (
	"context"
	"encoding/base64"
	"encoding/json"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Cursors are the sort key of the last item seen, so a page is found by an
// index seek past it (keyset pagination) instead of skipping rows; they are
// base64 so that clients treat them as opaque.

func encodeCursor(key []any) string {
	b, _ := json.Marshal(key)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns the sort key of a cursor, which must have n parts.
func decodeCursor(cursor *string, n int) ([]any, error) {
	if cursor == nil || *cursor == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*cursor)
	var key []any
	if err == nil {
		err = json.Unmarshal(b, &key)
	}
	if err != nil || len(key) != n {
		return nil, domain.Errorf(domain.EINVALID, "invalid cursor %q: pass a cursor this list returned", *cursor)
	}
	return key, nil
}

// PageSize checks a client's `first`: nil means the default.
func PageSize(first *int) (int, error) {
	if first == nil {
		return domain.DefaultPageSize, nil
	}
	if *first < 0 || *first > domain.MaxPageSize {
		return 0, domain.Errorf(domain.ELIMIT, "first must be between 0 and %d, not %d", domain.MaxPageSize, *first)
	}
	return *first, nil
}

// pageQuery runs a count and a keyset page in one read transaction. The
// page query returns `item` and `key` (the sort key, as a list) columns and
// takes $limit; items are decoded by decode.
func pageQuery[T any](ctx context.Context, s *Store, countCypher, pageCypher string, params map[string]any, first int, decode func(any) (T, error)) (domain.Page[T], error) {
	params["limit"] = first + 1 // one more tells whether there is a next page
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (domain.Page[T], error) {
		var page domain.Page[T]
		rec, err := s.single(ctx, tx, countCypher, params)
		if err != nil {
			return page, err
		}
		page.TotalCount = asInt(rec.Values[0])
		if first == 0 {
			return page, nil
		}
		records, err := s.run(ctx, tx, pageCypher, params)
		if err != nil {
			return page, err
		}
		page.HasNextPage = len(records) > first
		page.HasPrevious = params["after"] != nil
		for _, r := range records[:min(len(records), first)] {
			item, err := decode(r.Values[0])
			if err != nil {
				return page, err
			}
			page.Items = append(page.Items, item)
			page.Cursors = append(page.Cursors, encodeCursor(r.Values[1].([]any)))
		}
		return page, nil
	})
}
