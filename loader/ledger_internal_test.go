package loader

import (
	"fmt"
	"testing"

	"github.com/actorgraph/actorgraph/store"
)

// TestLedgerChunksKeepEachLedgerWhole: every ledger lands in exactly one
// chunk, in order, and a chunk holds more than maxLedgerIDs ids only when
// it is one ledger that large.
func TestLedgerChunksKeepEachLedgerWhole(t *testing.T) {
	sizes := []int{10, maxLedgerIDs - 10, 11, maxLedgerIDs + 5, 0, 3, maxLedgerIDs / 2, maxLedgerIDs / 2}
	var ledgers []store.Ledger
	for i, n := range sizes {
		ledgers = append(ledgers, store.Ledger{Source: fmt.Sprint(i), Relations: make([]string, n/2), Nodes: make([]string, n-n/2)})
	}
	var shape [][]string
	for _, chunk := range ledgerChunks(ledgers) {
		ids, sources := 0, []string{}
		for _, l := range chunk {
			sources = append(sources, l.Source)
			ids += len(l.Relations) + len(l.Nodes)
		}
		if ids > maxLedgerIDs && len(chunk) > 1 {
			t.Errorf("a chunk of %d ledgers holds %d ids", len(chunk), ids)
		}
		shape = append(shape, sources)
	}
	if got := fmt.Sprint(shape); got != "[[0 1] [2] [3] [4 5 6] [7]]" {
		t.Errorf("chunks: %s", got)
	}
	if len(ledgerChunks(nil)) != 0 {
		t.Error("no ledgers gave a chunk")
	}
}
