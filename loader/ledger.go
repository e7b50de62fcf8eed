package loader

import (
	"context"
	"maps"
	"slices"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// ledgersOf returns, for every source the input defines or cites, the
// records that carry its claims in the input (see store.BeginClaims).
// relations are the relations' ledgers, from the validation pass.
func ledgersOf(ds *Dataset, relations map[string][]string) []store.Ledger {
	nodes := map[string][]string{}
	eachNode(ds, func(r nodeRecord) {
		for _, src := range claimSources(r.evidence) {
			nodes[src] = append(nodes[src], r.id)
		}
	})
	included := map[string]bool{}
	for _, s := range ds.Sources {
		included[s.Value.ID] = true
	}
	ids := slices.Concat(slices.Collect(maps.Keys(included)), slices.Collect(maps.Keys(relations)), slices.Collect(maps.Keys(nodes)))
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ledgers := make([]store.Ledger, len(ids))
	for i, id := range ids {
		n := nodes[id]
		slices.Sort(n) // node ids are unique in a data set: no repeats
		ledgers[i] = store.Ledger{Source: id, Relations: relations[id], Nodes: n, Included: included[id]}
	}
	return ledgers
}

// maxLedgerIDs bounds the ids of the ledgers written in one transaction:
// a medium load's million relation ids in one went past Neo4j's memory
// limit for a transaction (devdb's db.memory.transaction.max, 512 MiB).
const maxLedgerIDs = 100_000

// ledgerChunks splits ledgers into runs of at most maxLedgerIDs ids (or one
// ledger). Each source's ledger is written whole in one transaction, so a
// load stopped between two is completed by a rerun as one stopped in
// either (see store.BeginClaims).
func ledgerChunks(ledgers []store.Ledger) [][]store.Ledger {
	var chunks [][]store.Ledger
	start, ids := 0, 0
	for i, l := range ledgers {
		n := len(l.Relations) + len(l.Nodes)
		if i > start && ids+n > maxLedgerIDs {
			chunks = append(chunks, ledgers[start:i])
			start, ids = i, 0
		}
		ids += n
	}
	if start < len(ledgers) {
		chunks = append(chunks, ledgers[start:])
	}
	return chunks
}

// beginClaims is store.BeginClaims, in chunks of ledgers.
func (l *Loader) beginClaims(ctx context.Context, ledgers []store.Ledger) (map[string]store.LedgerState, error) {
	states := map[string]store.LedgerState{}
	for _, chunk := range ledgerChunks(ledgers) {
		part, err := l.store.BeginClaims(ctx, chunk)
		if err != nil {
			return nil, err
		}
		maps.Copy(states, part)
	}
	return states, nil
}

// endClaims is store.EndClaims, in chunks of ledgers.
func (l *Loader) endClaims(ctx context.Context, ledgers []store.Ledger) error {
	for _, chunk := range ledgerChunks(ledgers) {
		if err := l.store.EndClaims(ctx, chunk); err != nil {
			return err
		}
	}
	return nil
}

// claimSources returns the distinct sources of claims, in order.
func claimSources(evidence []domain.Evidence) []string {
	var out []string
	for _, e := range evidence {
		if !slices.Contains(out, e.SourceID) {
			out = append(out, e.SourceID)
		}
	}
	return out
}

// prune removes the claims of included sources from the records they no
// longer have claims on, in batches of BatchSize records.
func (l *Loader) prune(ctx context.Context, states map[string]store.LedgerState) (store.PruneResult, error) {
	relations, nodes := map[string][]string{}, map[string][]string{}
	for _, src := range slices.Sorted(maps.Keys(states)) {
		for _, id := range states[src].StaleRelations {
			relations[id] = append(relations[id], src)
		}
		for _, id := range states[src].StaleNodes {
			nodes[id] = append(nodes[id], src)
		}
	}
	var total store.PruneResult
	rels, ns := prunes(relations), prunes(nodes)
	for len(rels) > 0 || len(ns) > 0 {
		nr := min(len(rels), l.opts.BatchSize)
		nn := min(len(ns), l.opts.BatchSize-nr)
		res, err := l.store.PruneClaims(ctx, rels[:nr], ns[:nn])
		if err != nil {
			return total, err
		}
		total.Add(res)
		rels, ns = rels[nr:], ns[nn:]
	}
	return total, nil
}

// prunes lists the records of byID in id order.
func prunes(byID map[string][]string) []store.Prune {
	out := make([]store.Prune, 0, len(byID))
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		out = append(out, store.Prune{ID: id, Sources: byID[id]})
	}
	return out
}
