package store

import (
	"context"
	"maps"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/actorgraph/actorgraph/domain"
)

// A load that includes a source makes the source's claims in the graph
// exactly those of the input. Each :Source keeps a ledger of the records
// its claims may be on: claimRelations (relation ids) and claimNodes
// (actor, policy and event ids). A load
//
//  1. sets the ledger to old ∪ new (BeginClaims), so that a load that
//     stops half-way is completed, pruning included, by a rerun;
//  2. writes the records, each replacing the claims of the sources it
//     brings claims of;
//  3. removes the source's claims from the records of old − new
//     (PruneClaims), deleting a relationship left without claims;
//  4. sets the ledger to new (EndClaims).
//
// A source the input cites but does not include gets the records written
// added to its ledger, and nothing pruned.

// errEarlierLayout is what a database written before claims gets.
var errEarlierLayout = domain.Errorf(domain.EINVALID, "this database was written by an earlier actorgraph (evidence without claims): "+
	"load into an empty database (or delete everything: MATCH (n) DETACH DELETE n) and load again")

// CheckClaimsLayout returns an EINVALID error, in one line saying what to
// do, when an earlier actorgraph wrote the database: its sources have no
// ledger.
func (s *Store) CheckClaimsLayout(ctx context.Context) error {
	earlier, err := readTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (bool, error) {
		rec, err := s.single(ctx, tx, "RETURN EXISTS { MATCH (s:Source) WHERE s.claimRelations IS NULL } AS earlier", nil)
		if err != nil || rec == nil {
			return false, err
		}
		earlier, _ := rec.Values[0].(bool)
		return earlier, nil
	})
	if err == nil && earlier {
		return errEarlierLayout
	}
	return err
}

// Ledger is where one source's claims are in the input of a load.
type Ledger struct {
	Source    string
	Relations []string // ids of relations with a claim of Source, sorted
	Nodes     []string // ids of actors, policies and events with one, sorted
	// Included is set when the input defines the source: its claims in
	// the graph become exactly those of the input.
	Included bool
}

// LedgerState is what BeginClaims found of a source.
type LedgerState struct {
	Published *domain.PartialDate
	// Stale lists, for an included source, the records of its ledger that
	// the input gives it no claim on: those PruneClaims must clear.
	StaleRelations, StaleNodes []string
}

// BeginClaims is step 1: it adds each ledger to its source's, and returns
// each source's publication date and, for included sources, the records
// to prune. Every source must exist.
func (s *Store) BeginClaims(ctx context.Context, ledgers []Ledger) (map[string]LedgerState, error) {
	if len(ledgers) == 0 {
		return map[string]LedgerState{}, nil
	}
	rows := make([]map[string]any, len(ledgers))
	byID := make(map[string]Ledger, len(ledgers))
	for i, l := range ledgers {
		rows[i] = map[string]any{"id": l.Source, "relations": nonNil(l.Relations), "nodes": nonNil(l.Nodes), "included": l.Included}
		byID[l.Source] = l
	}
	return writeTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (map[string]LedgerState, error) {
		records, err := s.run(ctx, tx, `
UNWIND $rows AS row
MATCH (s:Source {id: row.id})
CALL (s, row) {
  UNWIND coalesce(s.claimRelations, []) + row.relations AS id
  WITH DISTINCT id ORDER BY id
  RETURN collect(id) AS relations
}
CALL (s, row) {
  UNWIND coalesce(s.claimNodes, []) + row.nodes AS id
  WITH DISTINCT id ORDER BY id
  RETURN collect(id) AS nodes
}
SET s.claimRelations = relations, s.claimNodes = nodes
RETURN s.id, s.published, CASE WHEN row.included THEN relations ELSE [] END, CASE WHEN row.included THEN nodes ELSE [] END`,
			map[string]any{"rows": rows})
		if err != nil {
			return nil, err
		}
		if len(records) != len(rows) {
			return nil, domain.Errorf(domain.EINVALID, "%d of %d cited sources are not in the graph", len(rows)-len(records), len(rows))
		}
		out := make(map[string]LedgerState, len(records))
		for _, r := range records {
			id := r.Values[0].(string)
			var st LedgerState
			if published, ok := r.Values[1].(string); ok {
				d := domain.PartialDate(published)
				st.Published = &d
			}
			st.StaleRelations = missingFrom(r.Values[2], byID[id].Relations)
			st.StaleNodes = missingFrom(r.Values[3], byID[id].Nodes)
			out[id] = st
		}
		return out, nil
	})
}

// missingFrom returns the strings of the list ledger that are not in the
// sorted slice current.
func missingFrom(ledger any, current []string) []string {
	var out []string
	list, _ := ledger.([]any)
	for _, v := range list {
		id, _ := v.(string)
		if _, found := slices.BinarySearch(current, id); !found {
			out = append(out, id)
		}
	}
	return out
}

func nonNil(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// EndClaims is step 4: it sets the ledger of each included source to what
// the input gave it.
func (s *Store) EndClaims(ctx context.Context, ledgers []Ledger) error {
	var rows []map[string]any
	for _, l := range ledgers {
		if l.Included {
			rows = append(rows, map[string]any{"id": l.Source, "relations": nonNil(l.Relations), "nodes": nonNil(l.Nodes)})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	_, err := writeTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (struct{}, error) {
		_, err := s.run(ctx, tx, `
UNWIND $rows AS row
MATCH (s:Source {id: row.id})
SET s.claimRelations = row.relations, s.claimNodes = row.nodes`, map[string]any{"rows": rows})
		return struct{}{}, err
	})
	return err
}

// Prune is a record to clear of the claims of some sources.
type Prune struct {
	ID      string
	Sources []string
}

// PruneResult counts what PruneClaims did.
type PruneResult struct {
	// Relations and Nodes count the records that lost claims; Deleted the
	// relationships among them deleted for having none left.
	Relations, Deleted, Nodes int
}

// Add sums two results.
func (r *PruneResult) Add(o PruneResult) {
	r.Relations += o.Relations
	r.Deleted += o.Deleted
	r.Nodes += o.Nodes
}

// PruneClaims is step 3, in one transaction: it removes the claims of the
// given sources from relations and nodes (records that do not exist any
// more are skipped), and deletes the relationships left without claims.
// Relations are grouped by type, so that each MATCH is an expand from an
// index-found node.
func (s *Store) PruneClaims(ctx context.Context, relations, nodes []Prune) (PruneResult, error) {
	byType := map[string][]map[string]any{}
	for _, p := range relations {
		from, typ, to, _, err := domain.ParseRelationID(p.ID)
		if err != nil {
			return PruneResult{}, err
		}
		if _, ok := domain.DefaultVocabulary.Lookup(typ); !ok {
			continue // a type no longer in the vocabulary: no such relationship can be written
		}
		byType[typ] = append(byType[typ], map[string]any{"id": p.ID, "from": from, "to": to, "sources": p.Sources})
	}
	nodeRows := make([]map[string]any, len(nodes))
	for i, p := range nodes {
		nodeRows[i] = map[string]any{"id": p.ID, "sources": p.Sources}
	}
	return writeTx(ctx, s, func(ctx context.Context, tx neo4j.ManagedTransaction) (PruneResult, error) {
		var res PruneResult
		for _, typ := range slices.Sorted(maps.Keys(byType)) {
			rec, err := s.single(ctx, tx, pruneRelations(typ), map[string]any{"rows": byType[typ]})
			if err != nil {
				return res, err
			}
			res.Add(PruneResult{Relations: asInt(rec.Values[0]), Deleted: asInt(rec.Values[1])})
		}
		if len(nodeRows) > 0 {
			rec, err := s.single(ctx, tx, pruneNodes, map[string]any{"rows": nodeRows})
			if err != nil {
				return res, err
			}
			res.Nodes = asInt(rec.Values[0])
		}
		return res, nil
	})
}

// pruneRelations is the prune of relationships of type typ, which comes
// from the vocabulary, never from input.
func pruneRelations(typ string) string {
	return `
UNWIND $rows AS row
MATCH (:Entity {id: row.from})-[r:` + typ + ` {id: row.id}]->(:Entity {id: row.to})
WITH r, size(coalesce(r.claimSources, [])) AS had, ` + keptClaims("r", "row.sources") + ` AS claims
WHERE size(claims) < had
CALL (r, claims) {
  WITH r, claims, ` + withModalities + `
  WHERE size(claims) > 0
  SET ` + setClaims("r", "claims") + `, ` + setDerived("r") + `
}
CALL (r, claims) {
  WITH r WHERE size(claims) = 0
  DELETE r
}
RETURN count(*) AS changed, sum(CASE WHEN size(claims) = 0 THEN 1 ELSE 0 END) AS deleted`
}

// pruneNodes is the prune of nodes: a node left without claims stays.
var pruneNodes = `
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
WITH n, size(coalesce(n.claimSources, [])) AS had, ` + keptClaims("n", "row.sources") + ` AS claims
WHERE size(claims) < had
WITH n, CASE WHEN size(claims) = 0 THEN null ELSE claims END AS claims
SET ` + setClaims("n", "claims") + `
RETURN count(*) AS changed`
