package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// TestDyadDayDoesNotDependOnCommitOrder writes the same three batches in
// two orders, as parallel writers may commit them: the dyad aggregates are
// the same. Adding 0.1, 0.2 and 0.3 as floats gives 0.6000000000000001 in
// one order and 0.6 in the other; the sums are kept to scoreDecimals.
func TestDyadDayDoesNotDependOnCommitOrder(t *testing.T) {
	s := neo4jtest.Open(t)
	ctx := context.Background()
	actors := []store.ImportedActor{
		{ID: "test-state-a", Name: "State A", Kind: domain.ActorState, Country: "AAA"},
		{ID: "test-state-b", Name: "State B", Kind: domain.ActorState, Country: "BBB"},
	}
	batch := func(i int, score float64) store.CodedBatch {
		e := store.CodedEvent{ID: fmt.Sprintf("icews-%d", i), Name: "event", Date: "2018-06-01", Dataset: "icews",
			RecordID: fmt.Sprint(i), Code: "040", RootCode: "04", QuadClass: "VERBAL_COOPERATION",
			RelationType: "ENGAGES_DIPLOMATICALLY_WITH", Score: &score, DyadA: "test-state-a", DyadB: "test-state-b",
			Participants: []store.Participant{{ActorID: "test-state-a", Role: "source"}, {ActorID: "test-state-b", Role: "target"}}}
		return store.CodedBatch{Actors: actors, Events: []store.CodedEvent{e}}
	}
	batches := []store.CodedBatch{batch(1, 0.1), batch(2, 0.2), batch(3, 0.3)}
	sums := map[string]any{}
	for _, order := range [][]int{{0, 1, 2}, {2, 1, 0}} {
		neo4jtest.Reset(t)
		if err := s.EnsureDataSet(ctx, store.DataSet{ID: "icews", Title: "ICEWS"}); err != nil {
			t.Fatal(err)
		}
		w := s.NewCodedWriter()
		for _, i := range order {
			if _, err := w.Write(ctx, batches[i]); err != nil {
				t.Fatal(err)
			}
		}
		rows := neo4jtest.Exec(t, "MATCH (d:DyadDay) RETURN d.scoreSum, d.scoreCount, d.events", nil)
		if len(rows) != 1 || rows[0].Values[1] != int64(3) || rows[0].Values[2] != int64(3) {
			t.Fatalf("order %v: %v, want one DyadDay of 3 scored events", order, rows)
		}
		sums[fmt.Sprint(order)] = rows[0].Values[0]
	}
	if sums["[0 1 2]"] != sums["[2 1 0]"] || sums["[0 1 2]"] != 0.6 {
		t.Errorf("scoreSum by commit order %v, want 0.6 in both", sums)
	}
}
