package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// claimWrites is a store that records the statements it sends.
type claimWrites struct {
	*store.Store
	mu   sync.Mutex
	sent []store.Statement
}

func openRecording(t *testing.T) *claimWrites {
	t.Helper()
	w := &claimWrites{}
	cfg := neo4jtest.Config(t)
	cfg.Observe = func(st store.Statement) {
		w.mu.Lock()
		w.sent = append(w.sent, st)
		w.mu.Unlock()
	}
	s, err := store.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	w.Store = s
	return w
}

// storedClaims reads a relationship's claims as "source|quote|modality|
// statedOn|statedFrom", and its modality, modalities and contested.
func storedClaims(t *testing.T, id string) ([]string, string) {
	t.Helper()
	rows := neo4jtest.Exec(t, `MATCH (:Entity {id: 'x'})-[r {id: $id}]->()
RETURN [i IN range(0, size(r.claimSources) - 1) | r.claimSources[i] + '|' + r.claimQuotes[i] + '|' + r.claimModalities[i] + '|' +
        r.claimStatedOn[i] + '|' + toString(r.claimStatedFrom[i])],
       r.modality, r.modalities, r.contested`, map[string]any{"id": id})
	if len(rows) == 0 {
		return nil, ""
	}
	var claims []string
	for _, c := range rows[0].Values[0].([]any) {
		claims = append(claims, c.(string))
	}
	return claims, fmt.Sprintf("%v %v %v", rows[0].Values[1], rows[0].Values[2], rows[0].Values[3])
}

// TestClaimWritesReplaceTheirSourcesOnly drives the store's claim writes
// directly: a write replaces the claims of the sources it brings, keeps
// the others, sorted by source and then position; the derived modality
// follows; pruning removes a source's claims and deletes a relationship
// left with none. Every write statement is index-backed.
func TestClaimWritesReplaceTheirSourcesOnly(t *testing.T) {
	s := openRecording(t)
	neo4jtest.Reset(t)
	ctx := context.Background()
	if err := s.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.WriteSources(ctx, []*domain.Source{{ID: "a", Title: "A", Text: "t", Published: date("2024-05")}, {ID: "b", Title: "B", Text: "t"}}))
	published := store.Published{"a": date("2024-05")}
	must(s.WriteActors(ctx, []*domain.Actor{{Profile: domain.Profile{ID: "x", Name: "X"}, Kind: domain.ActorState},
		{Profile: domain.Profile{ID: "y", Name: "Y"}, Kind: domain.ActorState}}, published))
	rel := func(evidence ...domain.Evidence) []*domain.Relation {
		return []*domain.Relation{{From: "x", Type: "SUPPORTS", To: "y", Stance: "VERBAL_COOPERATION", Confidence: 1, Evidence: evidence}}
	}
	must(s.WriteRelations(ctx, rel(
		domain.Evidence{SourceID: "b", Quote: "b2", Modality: domain.ModalityDenied},
		domain.Evidence{SourceID: "a", Quote: "a1", Modality: "REPORTED"},
		domain.Evidence{SourceID: "b", Quote: "b1", Modality: "PREDICTED", StatedOn: date("2023")},
	), published))
	id := "x:SUPPORTS:y"
	claims, derived := storedClaims(t, id)
	want := []string{"a|a1|REPORTED||2024-05-01", "b|b2|DENIED||9999-12-31", "b|b1|PREDICTED|2023|2023-01-01"}
	if !slices.Equal(claims, want) || derived != "REPORTED [REPORTED PREDICTED DENIED] true" {
		t.Errorf("claims %q, %s;\nwant %q, REPORTED [REPORTED PREDICTED DENIED] true", claims, derived, want)
	}

	res, err := s.WriteRelations(ctx, rel(domain.Evidence{SourceID: "b", Quote: "b3", Modality: "INTENDED"}), published)
	if err != nil || res != (store.WriteResult{Updated: 1}) {
		t.Fatalf("rewrite: %+v, %v", res, err)
	}
	claims, derived = storedClaims(t, id)
	if want := []string{"a|a1|REPORTED||2024-05-01", "b|b3|INTENDED||9999-12-31"}; !slices.Equal(claims, want) || derived != "REPORTED [REPORTED INTENDED] false" {
		t.Errorf("after b's rewrite: claims %q, %s", claims, derived)
	}

	pruned, err := s.PruneClaims(ctx, []store.Prune{{ID: id, Sources: []string{"a"}}, {ID: "x:SUPPORTS:nobody", Sources: []string{"a"}}}, nil)
	if err != nil || pruned != (store.PruneResult{Relations: 1}) {
		t.Fatalf("prune a: %+v, %v", pruned, err)
	}
	if claims, derived = storedClaims(t, id); !slices.Equal(claims, []string{"b|b3|INTENDED||9999-12-31"}) || derived != "INTENDED [INTENDED] false" {
		t.Errorf("after pruning a: claims %q, %s", claims, derived)
	}
	if pruned, err = s.PruneClaims(ctx, []store.Prune{{ID: id, Sources: []string{"b"}}}, nil); err != nil || pruned != (store.PruneResult{Relations: 1, Deleted: 1}) {
		t.Fatalf("prune b: %+v, %v", pruned, err)
	}
	if claims, _ = storedClaims(t, id); claims != nil {
		t.Errorf("the relationship left without claims is still there: %q", claims)
	}

	// The ledger's statements, and the pruning of nodes.
	must(s.BeginClaims(ctx, []store.Ledger{{Source: "a", Nodes: []string{"x"}, Included: true}}))
	must(s.PruneClaims(ctx, nil, []store.Prune{{ID: "x", Sources: []string{"a"}}}))
	must(nil, s.EndClaims(ctx, []store.Ledger{{Source: "a", Included: true}}))

	// Every statement sent in a write transaction above, EXPLAINed.
	s.mu.Lock()
	sent := slices.Clone(s.sent)
	s.mu.Unlock()
	checked := map[string]bool{}
	for _, st := range sent {
		if !st.Write || strings.HasPrefix(st.Cypher, "CREATE ") {
			continue // schema statements
		}
		checked[st.Cypher] = true
		for _, op := range neo4jtest.PlanOperators(t, st.Cypher, st.Params) {
			if op == "AllNodesScan" || op == "NodeByLabelScan" || strings.Contains(op, "RelationshipTypeScan") {
				t.Errorf("%s scans:\n%s", op, st.Cypher)
			}
		}
	}
	if len(checked) != 7 { // sources, actors, relations, the ledger twice, pruning relations and nodes
		t.Errorf("checked the plans of %d statements, want 7", len(checked))
	}
}

// TestTheLedgerIsKeptAcrossSourceWrites: a source written again keeps the
// record of where its claims are; BeginClaims adds to it and reports, for
// an included source, what the input no longer gives it.
func TestTheLedgerIsKeptAcrossSourceWrites(t *testing.T) {
	s := openRecording(t)
	neo4jtest.Reset(t)
	ctx := context.Background()
	src := []*domain.Source{{ID: "a", Title: "A", Text: "t", Published: date("2024")}}
	if _, err := s.WriteSources(ctx, src); err != nil {
		t.Fatal(err)
	}
	if err := s.EndClaims(ctx, []store.Ledger{{Source: "a", Relations: []string{"p:LEADS:q", "x:LEADS:y"}, Nodes: []string{"n"}, Included: true}}); err != nil {
		t.Fatal(err)
	}
	if res, err := s.WriteSources(ctx, src); err != nil || res != (store.WriteResult{Unchanged: 1}) {
		t.Fatalf("writing the source again: %+v, %v", res, err)
	}
	states, err := s.BeginClaims(ctx, []store.Ledger{{Source: "a", Relations: []string{"m:LEADS:n", "x:LEADS:y"}, Included: true}})
	if err != nil {
		t.Fatal(err)
	}
	st := states["a"]
	if fmt.Sprintf("%v %v %v", st.StaleRelations, st.StaleNodes, *st.Published) != "[p:LEADS:q] [n] 2024" {
		t.Errorf("state %v %v %v", st.StaleRelations, st.StaleNodes, st.Published)
	}
	rows := neo4jtest.Exec(t, "MATCH (s:Source {id: 'a'}) RETURN s.claimRelations, s.claimNodes", nil)
	if fmt.Sprint(rows[0].Values) != "[[m:LEADS:n p:LEADS:q x:LEADS:y] [n]]" {
		t.Errorf("ledger after BeginClaims: %v, want old ∪ new", rows[0].Values)
	}
}
