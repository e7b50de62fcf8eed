package loader_test

import (
	"os"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// storedClaim is one claim as the graph holds it, read with Cypher rather
// than through the store's decoding.
type storedClaim struct {
	Source, Quote, Modality, AttributedTo, Statement, StatedOn, StatedFrom string
}

// claimsOf returns the claims stored on the relation or node with id, in
// stored order; nil when there is no such record.
func claimsOf(t *testing.T, id string) []storedClaim {
	t.Helper()
	cypher := "MATCH (n:Entity {id: $id}) RETURN n AS x"
	params := map[string]any{"id": id}
	if from, _, ok := strings.Cut(id, ":"); ok {
		cypher = "MATCH (:Entity {id: $from})-[r {id: $id}]-() RETURN r AS x"
		params["from"] = from
	}
	// A list whose entries would all be "" is not stored (store/claims.go).
	none := "[s IN x.claimSources | '']"
	rows := neo4jtest.Exec(t, "CALL () { "+cypher+" } RETURN x.claimSources, x.claimQuotes, x.claimModalities, coalesce(x.claimAttributedTo, "+none+
		"), coalesce(x.claimStatements, "+none+"), coalesce(x.claimStatedOn, "+none+"), [d IN x.claimStatedFrom | toString(d)]", params)
	if len(rows) == 0 {
		return nil
	}
	lists := make([][]any, 7)
	for i := range lists {
		lists[i], _ = rows[0].Values[i].([]any)
		if len(lists[i]) != len(lists[0]) {
			t.Fatalf("%s: claim lists of different lengths: %v", id, rows[0].Values)
		}
	}
	out := []storedClaim{}
	for i := range lists[0] {
		s := func(k int) string { return lists[k][i].(string) }
		out = append(out, storedClaim{s(0), s(1), s(2), s(3), s(4), s(5), s(6)})
	}
	return out
}

// quotesOf returns the quotes of the claims stored on a relation or node.
func quotesOf(t *testing.T, id string) []string {
	t.Helper()
	var quotes []string
	for _, c := range claimsOf(t, id) {
		quotes = append(quotes, c.Quote)
	}
	return quotes
}

func mkdirAll(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}
