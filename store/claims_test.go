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
        coalesce(r.claimStatedOn[i], '') + '|' + toString(r.claimStatedFrom[i])],
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

// claimListsOn returns the claim lists the relationship id on x keeps, as
// name=value, sorted.
func claimListsOn(t *testing.T, id string) []string {
	t.Helper()
	rows := neo4jtest.Exec(t, `MATCH (:Entity {id: 'x'})-[r {id: $id}]->()
UNWIND keys(r) AS k WITH r, k WHERE k STARTS WITH 'claim' AND k <> 'claimStatedFrom'
RETURN k + '=[' + reduce(s = '', i IN range(0, size(r[k]) - 1) | s + CASE WHEN i > 0 THEN ', ' ELSE '' END + r[k][i]) + ']' ORDER BY k`, map[string]any{"id": id})
	var out []string
	for _, r := range rows {
		out = append(out, r.Values[0].(string))
	}
	return out
}

// TestOptionalClaimListsAreKeptOnlyWithAValue: a relation whose claims are
// their sources' own words (no attribution, statement, statedOn or record)
// keeps no list of "" for them; another source's claim with an attribution
// and a date brings those lists, aligned, and the relation reads both
// claims back; writing the first source again changes nothing, and
// pruning the second source removes its lists again.
func TestOptionalClaimListsAreKeptOnlyWithAValue(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	ctx := context.Background()
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(nil, s.EnsureSchema(ctx))
	must(s.WriteSources(ctx, []*domain.Source{{ID: "a", Title: "A", Text: "a1"}, {ID: "b", Title: "B", Text: "b1"}}))
	must(s.WriteActors(ctx, []*domain.Actor{{Profile: domain.Profile{ID: "x", Name: "X", Evidence: []domain.Evidence{{SourceID: "a", Quote: "a1"}}}, Kind: domain.ActorState},
		{Profile: domain.Profile{ID: "y", Name: "Y"}, Kind: domain.ActorState}}, nil))
	rows := neo4jtest.Exec(t, "MATCH (x:Entity {id: 'x'}) RETURN [k IN keys(x) WHERE k STARTS WITH 'claim'] AS lists", nil)
	if lists := sortedStrings(rows[0].Values[0]); !slices.Equal(lists, []string{"claimModalities", "claimQuotes", "claimSources", "claimStatedFrom"}) {
		t.Errorf("the actor keeps the claim lists %q", lists)
	}
	rel := func(evidence ...domain.Evidence) []*domain.Relation {
		return []*domain.Relation{{From: "x", Type: "SUPPORTS", To: "y", Stance: "VERBAL_COOPERATION", Confidence: 1, Evidence: evidence}}
	}
	id := "x:SUPPORTS:y"
	own := domain.Evidence{SourceID: "a", Quote: "a1"}
	must(s.WriteRelations(ctx, rel(own), nil))
	if lists := claimListsOn(t, id); !slices.Equal(lists, []string{"claimModalities=[ASSERTED]", "claimQuotes=[a1]", "claimSources=[a]"}) {
		t.Errorf("a relation with its source's own claim keeps %q", lists)
	}

	attributed := domain.Evidence{SourceID: "b", Quote: "b1", Modality: "REPORTED", AttributedTo: "y", StatedOn: date("2023")}
	must(s.WriteRelations(ctx, rel(attributed), nil))
	want := []string{"claimAttributedTo=[, y]", "claimModalities=[ASSERTED, REPORTED]", "claimQuotes=[a1, b1]", "claimSources=[a, b]", "claimStatedOn=[, 2023]"}
	if lists := claimListsOn(t, id); !slices.Equal(lists, want) {
		t.Errorf("after b's attributed claim: %q,\nwant %q", lists, want)
	}
	r, err := s.Relation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Evidence) != 2 || r.Evidence[0].AttributedTo != "" || r.Evidence[0].StatedOn != nil ||
		r.Evidence[1].AttributedTo != "y" || r.Evidence[1].StatedOn == nil || *r.Evidence[1].StatedOn != "2023" {
		t.Errorf("read back: %+v", r.Evidence)
	}
	if res, err := s.WriteRelations(ctx, rel(own), nil); err != nil || res != (store.WriteResult{Unchanged: 1}) {
		t.Errorf("writing a's claim again: %+v, %v; want it unchanged", res, err)
	}

	must(s.PruneClaims(ctx, []store.Prune{{ID: id, Sources: []string{"b"}}}, nil))
	if lists := claimListsOn(t, id); !slices.Equal(lists, []string{"claimModalities=[ASSERTED]", "claimQuotes=[a1]", "claimSources=[a]"}) {
		t.Errorf("after pruning b: %q", lists)
	}
}

func sortedStrings(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	slices.Sort(out)
	return out
}

// TestClaimsMergeIntoListsOfEmptyStrings: a relation written when every
// claim list was kept, "" included, reads the same, and a write of another
// source's claims merges with them and drops the lists left all "".
func TestClaimsMergeIntoListsOfEmptyStrings(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	ctx := context.Background()
	if err := s.EnsureSchema(ctx); err != nil {
		t.Fatal(err)
	}
	neo4jtest.Exec(t, `CREATE (:Source {id: 'a', title: 'A', text: 'a1', claimRelations: ['x:SUPPORTS:y'], claimNodes: []}),
  (:Source {id: 'b', title: 'B', text: 'b1', claimRelations: [], claimNodes: []}),
  (:Entity:Actor:State {id: 'x', name: 'X', kind: 'STATE'})-[:SUPPORTS {id: 'x:SUPPORTS:y', stance: 'VERBAL_COOPERATION', confidence: 1.0,
    claimSources: ['a'], claimQuotes: ['a1'], claimModalities: ['ASSERTED'], claimAttributedTo: [''], claimStatements: [''],
    claimStatedOn: [''], claimStatedFrom: [date('9999-12-31')], claimRecords: [''],
    modality: 'ASSERTED', modalities: ['ASSERTED'], contested: false}]->(:Entity:Actor:State {id: 'y', name: 'Y', kind: 'STATE'})`, nil)
	id := "x:SUPPORTS:y"
	r, err := s.Relation(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Evidence) != 1 || r.Evidence[0] != (domain.Evidence{SourceID: "a", Quote: "a1", Modality: "ASSERTED"}) {
		t.Errorf("read: %+v", r.Evidence)
	}
	rel := []*domain.Relation{{From: "x", Type: "SUPPORTS", To: "y", Stance: "VERBAL_COOPERATION", Confidence: 1,
		Evidence: []domain.Evidence{{SourceID: "b", Quote: "b1", Modality: "REPORTED"}}}}
	if _, err := s.WriteRelations(ctx, rel, nil); err != nil {
		t.Fatal(err)
	}
	if lists := claimListsOn(t, id); !slices.Equal(lists, []string{"claimModalities=[ASSERTED, REPORTED]", "claimQuotes=[a1, b1]", "claimSources=[a, b]"}) {
		t.Errorf("after b's claim: %q", lists)
	}
}
