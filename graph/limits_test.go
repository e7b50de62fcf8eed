package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// parseQuery parses a query without validating it, as the depth limit
// may see documents validation has not passed yet (a fragment cycle).
func parseQuery(t *testing.T, query string) *ast.QueryDocument {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSelectionDepth(t *testing.T) {
	for _, c := range []struct {
		name  string
		query string
		want  int
	}{
		{"one field", `{ stats { nodes } }`, 2},
		{"the deepest branch counts", `{ stats { nodes } actor(id: "x") { relations { edges { node { type } } } } }`, 5},
		{"inline fragments add no level", `{ node(id: "x") { ... on Actor { ... on Actor { name } } } }`, 2},
		{"fragments count where they are spread", `
			{ actor(id: "x") { ...Rel } }
			fragment Rel on Actor { relations { edges { node { to { ...Named } } } } }
			fragment Named on Actor { name }`, 6},
		{"introspection is not counted", `{ __schema { types { fields { type { ofType { name } } } } } __type(name: "Actor") { name } }`, 0},
		{"a fragment cycle ends", `
			{ actor(id: "x") { ...A } }
			fragment A on Actor { name ...B }
			fragment B on Actor { aliases ...A }`, 2},
		{"an unknown fragment adds nothing", `{ actor(id: "x") { ...Missing } }`, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := parseQuery(t, c.query)
			if got := selectionDepth(doc.Operations[0].SelectionSet, doc.Fragments, map[string]bool{}); got != c.want {
				t.Errorf("depth %d, want %d", got, c.want)
			}
		})
	}
}

func TestDepthLimit(t *testing.T) {
	const depth4 = `{ actor(id: "x") { relations { edges { cursor } } } }`
	const depth5 = `{ actor(id: "x") { relations { edges { node { type } } } } }`
	ctx := context.Background()
	limit := depthLimit{max: 4}
	check := func(query string) *gqlerror.Error {
		doc := parseQuery(t, query)
		return limit.MutateOperationContext(ctx, &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]})
	}
	if err := check(depth4); err != nil {
		t.Errorf("depth 4 with a limit of 4: %v", err)
	}
	err := check(depth5)
	if err == nil {
		t.Fatal("depth 5 with a limit of 4 passed")
	}
	if err.Extensions["code"] != "LIMIT_EXCEEDED" || !strings.Contains(err.Message, "depth 5 exceeds the limit of 4") {
		t.Errorf("error %q with extensions %v", err.Message, err.Extensions)
	}
	// With no operation (an unknown operation name) gqlgen reports the
	// error itself.
	if err := limit.MutateOperationContext(ctx, &graphql.OperationContext{Doc: parseQuery(t, depth5)}); err != nil {
		t.Errorf("no operation: %v", err)
	}
}
