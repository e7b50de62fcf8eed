package store

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// Direction says which relations of a node to follow.
type Direction int

const (
	Both Direction = iota
	Out
	In
)

// relationPredicates renders f's types as a pattern and the rest as
// predicates on r: stance, valid time and claims.
//
// Errors: EINVALID for an unknown type or modality, or a bad date.
func relationPredicates(f domain.RelationFilter, params map[string]any) (string, where, error) {
	if err := f.Validate(domain.DefaultVocabulary); err != nil {
		return "", nil, err
	}
	types, err := typePattern(f.Types)
	if err != nil {
		return "", nil, err
	}
	w, err := claimPredicates("r", f.Claims, params)
	if err != nil {
		return "", nil, err
	}
	if len(f.Stance) > 0 {
		params["stances"] = domain.StringsOf(f.Stance)
		w.add("r.stance IN $stances")
	}
	addWindow(&w, params, "window", "r.validFrom", "r.validTo", f.ValidFrom, f.ValidTo, true)
	return types, w, nil
}

// Relations returns a page of relations matching f, by id. A relation of
// a symmetric type matches f.From and f.To whichever of its ends they name.
//
// Errors: EINVALID for an unknown type or modality, a bad date or cursor.
func (s *Store) Relations(ctx context.Context, f domain.RelationFilter, first int, after *string) (domain.Page[*domain.Relation], error) {
	params := map[string]any{}
	types, w, err := relationPredicates(f, params)
	if err != nil {
		return domain.Page[*domain.Relation]{}, err
	}
	a, b := "(a:Entity)", "(b:Entity)"
	if f.From != nil {
		params["from"] = *f.From
		a = "(a:Entity {id: $from})"
	}
	if f.To != nil {
		params["to"] = *f.To
		b = "(b:Entity {id: $to})"
	}
	patterns := []string{a + "-[r" + types + "]->" + b}
	if f.From != nil || f.To != nil {
		if patterns, err = directedPatterns(a, b, true, types, f.Types); err != nil {
			return domain.Page[*domain.Relation]{}, err
		}
	}
	count := "CALL () {\n  " + unionMatch(patterns, w.String(), "r") + "\n}\nRETURN count(r)"
	if _, err := seekPast(&w, params, after, 1, "r.id > $after[0]"); err != nil {
		return domain.Page[*domain.Relation]{}, err
	}
	page := "CALL () {\n  " + unionMatch(patterns, w.String(), "r") + "\n}\nRETURN " + relationColumns + " AS item, [r.id] AS key ORDER BY r.id LIMIT $limit"
	return pageQuery(ctx, s, count, page, params, first, func(v any) (*domain.Relation, error) {
		return relationAt(v, f.Claims.KnownAt), nil
	})
}

// RelationsOf returns, for each node id, a page of its relations in one
// query whatever the number of ids: the batch behind a dataloader. It also
// returns the entities at both ends of those relations, read in the same
// query, so that a caller who shows the ends needs no further round trip.
// A relation of a symmetric type is a relation of each of its ends in
// either direction (Out and In find it from both), once per end.
func (s *Store) RelationsOf(ctx context.Context, ids []string, dir Direction, f domain.RelationFilter, first int, after *string, total bool) (map[string]domain.Page[*domain.Relation], map[string]domain.Entity, error) {
	params := map[string]any{"ids": ids}
	call, paged, err := relationsOfCall(params, dir, f, first, after, total)
	if err != nil {
		return nil, nil, err
	}
	res, err := readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (relationPages, error) {
		records, err := s.run(ctx, tx, "UNWIND $ids AS id\nMATCH (n:Entity {id: id})"+call+"\nRETURN id, n, rels, ends, total", params)
		if err != nil {
			return relationPages{}, err
		}
		return decodeRelationPages(records, first, paged, f.Claims.KnownAt)
	})
	return res.pages, res.ends, err
}

// ActorWithRelations is ActorByName(name) and RelationsOf the actor found,
// in one statement: the actor, its page of relations, and the entities at
// their ends (the actor included).
//
// Errors: those of ActorByName and RelationsOf (ENOTFOUND when no actor
// has the name).
func (s *Store) ActorWithRelations(ctx context.Context, name string, dir Direction, f domain.RelationFilter, first int, after *string, total bool) (*domain.Actor, domain.Page[*domain.Relation], map[string]domain.Entity, error) {
	params, err := actorByNameParams(name)
	if err != nil {
		return nil, domain.Page[*domain.Relation]{}, nil, err
	}
	call, paged, err := relationsOfCall(params, dir, f, first, after, total)
	if err != nil {
		return nil, domain.Page[*domain.Relation]{}, nil, err
	}
	res, err := readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (relationPages, error) {
		records, err := s.run(ctx, tx, actorByName+"\nWITH node AS n"+call+"\nRETURN n.id AS id, n, rels, ends, total", params)
		if err != nil {
			return relationPages{}, err
		}
		return decodeRelationPages(records, first, paged, f.Claims.KnownAt)
	})
	if err != nil {
		return nil, domain.Page[*domain.Relation]{}, nil, err
	}
	for id, page := range res.pages {
		if a, ok := res.ends[id].(*domain.Actor); ok {
			return a, page, res.ends, nil
		}
	}
	return nil, domain.Page[*domain.Relation]{}, nil, domain.Errorf(domain.ENOTFOUND, "no actor named %q", strings.TrimSpace(name))
}

// relationsOfCall is the subquery, on a node n, that reads a page of n's
// relations and the entities at their other ends (rels, ends), and their
// number when total is set (total; -1 when not), with the params it takes;
// paged says a cursor was given.
func relationsOfCall(params map[string]any, dir Direction, f domain.RelationFilter, first int, after *string, total bool) (call string, paged bool, err error) {
	types, w, err := relationPredicates(f, params)
	if err != nil {
		return "", false, err
	}
	patterns := []string{"(n)-[r" + types + "]-(m)"}
	if dir != Both {
		if patterns, err = directedPatterns("(n)", "(m)", dir == Out, types, f.Types); err != nil {
			return "", false, err
		}
	}
	countWhere := w.String()
	if paged, err = seekPast(&w, params, after, 1, "r.id > $after[0]"); err != nil {
		return "", false, err
	}
	// limit+1 tells whether there is a next page.
	params["limit"] = first + 1
	counts := make([]string, len(patterns))
	for i, p := range patterns {
		counts[i] = "COUNT { MATCH " + p + countWhere + " }"
	}
	// The total is counted only when asked for: with no filter it came from
	// the node's degree, but the claim filter reads every relationship.
	totalColumn := "-1"
	if total {
		totalColumn = strings.Join(counts, " + ")
	}
	return `
CALL (n) {
  CALL (n) {
    ` + unionMatch(patterns, w.String(), "r, m") + `
  }
  WITH r, m ORDER BY r.id LIMIT $limit
  RETURN collect(` + relationColumns + `) AS rels, collect(DISTINCT m) AS ends
}
WITH *, ` + totalColumn + ` AS total`, paged, nil
}

// relationPages are pages of relations by node id, and the entities at
// their ends.
type relationPages struct {
	pages map[string]domain.Page[*domain.Relation]
	ends  map[string]domain.Entity
}

// decodeRelationPages decodes records of (id, n, rels, ends, total), the
// columns of relationsOfCall after a node's id and the node: pages of
// first relations, the nodes n and their relations' ends.
func decodeRelationPages(records []*neo4j.Record, first int, paged bool, knownAt *domain.PartialDate) (relationPages, error) {
	out := relationPages{pages: make(map[string]domain.Page[*domain.Relation], len(records)), ends: map[string]domain.Entity{}}
	for _, rec := range records {
		for _, v := range append([]any{rec.Values[1]}, rec.Values[3].([]any)...) {
			e, err := entityOf(v.(neo4j.Node))
			if err != nil {
				return relationPages{}, err
			}
			out.ends[e.NodeID()] = e
		}
		rels := rec.Values[2].([]any)
		page := domain.Page[*domain.Relation]{TotalCount: asInt(rec.Values[4]), HasNextPage: len(rels) > first, HasPrevious: paged}
		for _, v := range rels[:min(len(rels), first)] {
			rel := relationAt(v, knownAt)
			page.Items = append(page.Items, rel)
			page.Cursors = append(page.Cursors, encodeCursor([]any{rel.ID()}))
		}
		out.pages[rec.Values[0].(string)] = page
	}
	return out, nil
}

// Relation returns the relation with the given id.
//
// Errors: EINVALID for a malformed id, ENOTFOUND when there is none.
func (s *Store) Relation(ctx context.Context, id string) (*domain.Relation, error) {
	match, params, err := matchRelation(id)
	if err != nil {
		return nil, err
	}
	return readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (*domain.Relation, error) {
		rec, err := s.single(ctx, tx, match+" RETURN "+relationColumns, params)
		if err != nil {
			return nil, err
		}
		if rec == nil {
			return nil, domain.Errorf(domain.ENOTFOUND, "no relation %s", id)
		}
		return relationAt(rec.Values[0], nil), nil
	})
}

// DeleteRelation deletes a relation by id and reports whether it existed.
func (s *Store) DeleteRelation(ctx context.Context, id string) (bool, error) {
	match, params, err := matchRelation(id)
	if err != nil {
		return false, err
	}
	return writeTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		rec, err := s.single(ctx, tx, match+" DELETE r RETURN count(*)", params)
		if err != nil {
			return false, err
		}
		return rec != nil && asInt(rec.Values[0]) > 0, nil
	})
}

// matchRelation is the MATCH of the relation r with the given id, and its
// params: the id names the endpoints and the type, so the match is an
// expand from an index-found node. A relation of a symmetric type is
// stored from the end whose id sorts first, and found by its id with the
// ends either way round.
//
// Errors: EINVALID for a malformed id or an unknown type.
func matchRelation(id string) (string, map[string]any, error) {
	from, typ, to, since, err := domain.ParseRelationID(id)
	if err != nil {
		return "", nil, err
	}
	types, err := typePattern([]string{typ})
	if err != nil {
		return "", nil, err
	}
	r := domain.Relation{From: from, Type: typ, To: to, Since: since}
	if r.Orient(domain.DefaultVocabulary) {
		from, to, id = r.From, r.To, r.ID()
	}
	return "MATCH (a:Entity {id: $from})-[r" + types + " {id: $id}]->(b:Entity {id: $to})",
		map[string]any{"from": from, "to": to, "id": id}, nil
}
