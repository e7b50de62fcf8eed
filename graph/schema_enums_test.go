package graph

import (
	"maps"
	"os"
	"slices"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/graph/model"
)

// loadSchema parses schema.graphqls, the API's contract, as gqlgen does.
func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	data, err := os.ReadFile("../schema.graphqls")
	if err != nil {
		t.Fatal(err)
	}
	schema, gqlErr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphqls", Input: string(data)})
	if gqlErr != nil {
		t.Fatal(gqlErr)
	}
	return schema
}

// TestSchemaEnumsAgreeWithTheDomain: the kinds, stances and modalities the
// domain validates are exactly the schema's enum values, and where the
// domain says what a value means, the schema's description says the same.
func TestSchemaEnumsAgreeWithTheDomain(t *testing.T) {
	schema := loadSchema(t)
	for _, c := range []struct {
		enum   string
		domain map[string]string
		// described says how the schema words a meaning of the domain; nil
		// when the domain's values are not meanings (actor kinds map to
		// labels).
		described func(string) string
	}{
		{"ActorKind", asStrings(domain.ActorKinds), nil},
		{"PolicyKind", asStrings(domain.PolicyKinds), sentence},
		{"EventKind", asStrings(domain.EventKinds), sentence},
		{"Stance", asStrings(domain.Stances), sentence},
		{"Modality", modalityMeanings(), func(s string) string { return s }},
	} {
		t.Run(c.enum, func(t *testing.T) {
			def := schema.Types[c.enum]
			if def == nil || def.Kind != ast.Enum {
				t.Fatalf("schema.graphqls has no enum %s", c.enum)
			}
			inSchema := map[string]string{}
			for _, v := range def.EnumValues {
				inSchema[v.Name] = v.Description
			}
			if got, want := slices.Sorted(maps.Keys(inSchema)), slices.Sorted(maps.Keys(c.domain)); !slices.Equal(got, want) {
				t.Fatalf("enum %s has %v; the domain has %v", c.enum, got, want)
			}
			if c.described == nil {
				return
			}
			for value, meaning := range c.domain {
				if want := c.described(meaning); inSchema[value] != want {
					t.Errorf("%s.%s is described as %q; the domain says %q", c.enum, value, inSchema[value], want)
				}
			}
		})
	}
}

// TestSchemaModalitiesAreInOrderOfPrecedence: the schema lists the
// modalities as the vocabulary does, strongest first, as its description
// says.
func TestSchemaModalitiesAreInOrderOfPrecedence(t *testing.T) {
	var inSchema []domain.Modality
	for _, v := range loadSchema(t).Types["Modality"].EnumValues {
		inSchema = append(inSchema, domain.Modality(v.Name))
	}
	if want := domain.DefaultModalities.Names(); !slices.Equal(inSchema, want) {
		t.Errorf("the schema lists %v; in order of precedence they are %v", inSchema, want)
	}
}

func modalityMeanings() map[string]string {
	out := map[string]string{}
	for _, term := range domain.DefaultModalities.Terms() {
		out[string(term.Name)] = term.Meaning
	}
	return out
}

// TestSearchKindsAreEntityKinds: every kind a search may ask for names an
// entity kind, and every entity kind can be asked for.
func TestSearchKindsAreEntityKinds(t *testing.T) {
	schema := loadSchema(t)
	var inSchema []model.SearchKind
	for _, v := range schema.Types["SearchKind"].EnumValues {
		inSchema = append(inSchema, model.SearchKind(v.Name))
	}
	if !slices.Equal(inSchema, model.AllSearchKind) {
		t.Fatalf("the schema's SearchKind is %v, the model's %v: run go generate", inSchema, model.AllSearchKind)
	}
	got := searchLabels(model.AllSearchKind)
	want := []domain.EntityKind{domain.KindActor, domain.KindPolicy, domain.KindEvent}
	if !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("search kinds %v map to %v, want every entity kind %v", model.AllSearchKind, got, want)
	}
}

func asStrings[K ~string](m map[K]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[string(k)] = v
	}
	return out
}

// sentence is how the schema writes a meaning: capitalised, with a stop.
func sentence(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:] + "."
}
