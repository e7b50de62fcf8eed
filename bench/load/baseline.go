package main

import (
	"context"
	"fmt"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// The neighbourhood as the store read it before issue 14 (op
// "b-baseline", bolt target only): one statement for the start, one per
// ring, then one for the relations among the nodes found, which expands
// every relationship of every node found. Kept here, out of the store, as
// the baseline that op b is measured against; the filter is the default
// one (no claim arguments), as in op b.
const (
	baselineOp    = "b-baseline"
	baselineStart = "MATCH (n:Entity {id: $id}) RETURN n"
	baselineRel   = "[r WHERE any(m IN r.modalities WHERE m IN $modalities)]"
	baselineRing  = `
UNWIND $frontier AS id
MATCH (:Entity {id: id})-` + baselineRel + `-(b:Entity)
WHERE NOT b.id IN $seen
WITH DISTINCT b LIMIT $budget
RETURN b`
	baselineEdges = `
UNWIND $ids AS id
MATCH (n:Entity {id: id})
WITH collect(n) AS nodes
UNWIND nodes AS a
MATCH (a)-` + baselineRel + `->(b)
WHERE b IN nodes
RETURN {r: r, from: startNode(r).id, to: endNode(r).id} LIMIT $maxEdges`
	baselineEdgesPerNode = 10
)

// baselineCall returns op b-baseline: the neighbourhood of depth 2 and
// limit 100 with the statements of baselineRing and baselineEdges, in one
// read transaction, as the store ran them.
func baselineCall(uri string, vars func(int) map[string]any) (call, func(), error) {
	driver, err := neo4j.NewDriverWithContext(uri, neo4j.NoAuth(), func(c *neo4j.Config) { c.MaxConnectionPoolSize = 256 })
	if err != nil {
		return nil, nil, err
	}
	modalities := domain.StringsOf(domain.ClaimFilter{}.EffectiveModalities())
	c := func(ctx context.Context, i int) error {
		session := driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead})
		defer session.Close(ctx)
		_, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return nil, baselineNeighbourhood(ctx, tx, vars(i)["id"].(string), 2, 100, modalities)
		})
		return err
	}
	return c, func() { driver.Close(context.Background()) }, nil
}

// baselineNeighbourhood runs the statements of the old neighbourhood.
func baselineNeighbourhood(ctx context.Context, tx neo4j.ManagedTransaction, id string, depth, limit int, modalities []string) error {
	run := func(cypher string, params map[string]any) ([]*neo4j.Record, error) {
		params["modalities"] = modalities
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		return res.Collect(ctx)
	}
	start, err := run(baselineStart, map[string]any{"id": id})
	if err != nil {
		return err
	}
	if len(start) == 0 {
		return fmt.Errorf("no entity %q", id)
	}
	seen := []string{id}
	frontier := slices.Clone(seen)
	truncated := false
	for ring := 1; ring <= depth && len(frontier) > 0 && !truncated; ring++ {
		budget := limit - len(seen)
		records, err := run(baselineRing, map[string]any{"frontier": frontier, "seen": seen, "budget": budget + 1})
		if err != nil {
			return err
		}
		if len(records) > budget {
			truncated, records = true, records[:budget]
		}
		frontier = frontier[:0]
		for _, r := range records {
			b := r.Values[0].(neo4j.Node).Props["id"].(string)
			seen, frontier = append(seen, b), append(frontier, b)
		}
	}
	_, err = run(baselineEdges, map[string]any{"ids": seen, "maxEdges": baselineEdgesPerNode*len(seen) + 1})
	return err
}
