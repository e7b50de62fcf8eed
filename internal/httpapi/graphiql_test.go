package httpapi

import (
	"os"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestExampleQueryIsValidAndInTheReadme: GraphiQL's opening example is a
// valid operation of the schema, and it is the README's first query.
func TestExampleQueryIsValidAndInTheReadme(t *testing.T) {
	src, err := os.ReadFile("../../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gqlErr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(src)})
	if gqlErr != nil {
		t.Fatal(gqlErr)
	}
	if _, errs := gqlparser.LoadQuery(schema, exampleQuery); len(errs) > 0 {
		t.Errorf("the example query does not validate: %v", errs)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```graphql\n"+exampleQuery+"```\n") {
		t.Error("README.md does not show GraphiQL's example query as its first query")
	}
}
