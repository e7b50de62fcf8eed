package loader

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
)

// TestFingerprintCoversRelation: a field added to domain.Relation must be
// added to fingerprint too, or records differing in it would merge.
func TestFingerprintCoversRelation(t *testing.T) {
	var fields []string
	for f := range reflect.TypeFor[domain.Relation]().Fields() {
		fields = append(fields, f.Name)
	}
	want := []string{"From", "Type", "To", "Since", "Until", "Stance", "Confidence", "Role", "Attributes", "Evidence"}
	if !slices.Equal(fields, want) {
		t.Fatalf("domain.Relation has fields %v; fingerprint knows %v: update it", fields, want)
	}
	d1, d2 := domain.PartialDate("2001"), domain.PartialDate("2002")
	base := func() *domain.Relation {
		return &domain.Relation{From: "a", Type: "LEADS", To: "b", Since: &d1, Stance: "NEUTRAL", Confidence: 1,
			Attributes: map[string]any{"n": 1, "s": "x"}, Evidence: []domain.Evidence{{SourceID: "s", Quote: "q"}}}
	}
	same := base()
	same.Evidence = nil
	same.Attributes = map[string]any{"s": "x", "n": 1}
	if fingerprint(base()) != fingerprint(same) {
		t.Error("evidence or attribute order changed the fingerprint")
	}
	for name, change := range map[string]func(*domain.Relation){
		"until":      func(r *domain.Relation) { r.Until = &d2 },
		"stance":     func(r *domain.Relation) { r.Stance = "VERBAL_COOPERATION" },
		"confidence": func(r *domain.Relation) { r.Confidence = 0.5 },
		"role":       func(r *domain.Relation) { r.Role = "host" },
		"attr type":  func(r *domain.Relation) { r.Attributes["n"] = 1.0 },
		"attr value": func(r *domain.Relation) { r.Attributes["s"] = "y" },
		"attr key":   func(r *domain.Relation) { r.Attributes["m"] = 1 },
		"no attrs":   func(r *domain.Relation) { r.Attributes = nil },
	} {
		r := base()
		change(r)
		if fingerprint(r) == fingerprint(base()) {
			t.Errorf("%s: fingerprint unchanged", name)
		}
	}
}

// TestARowTooLongIsAProblemNotAnAllocation: the csv reader has no limit of
// its own; a row over maxRowSize is reported at its line and not read.
func TestARowTooLongIsAProblemNotAnAllocation(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("from,type,to,source,quote\na,LEADS,b,s,q\n")
	b.WriteString("a,LEADS,b,s,\"" + strings.Repeat("q\n", (maxRowSize+2*csvReadAhead)/2) + "\"\n")
	b.WriteString("c,LEADS,d,s,q\n")
	ds, problems := parse("relations.csv", kindRelations, b.Bytes())
	if len(problems) != 1 || problems[0].Pos.Line != 3 || !strings.Contains(problems[0].Message, "row longer than") {
		t.Fatalf("problems %v, want one at line 3", problems)
	}
	if len(ds.Relations) != 1 {
		t.Errorf("%d relations read, want the 1 before the long row", len(ds.Relations))
	}
	ds, problems = parse("relations.csv", kindRelations, []byte("from,type,to,source,quote\na,LEADS,b,s,"+strings.Repeat("q", maxRowSize-100)+"\n"))
	if len(problems) != 0 || len(ds.Relations) != 1 {
		t.Errorf("a row under the limit: %v, %d relations", problems, len(ds.Relations))
	}
}

// containsNormalized must agree with normalizing the text first.
func FuzzContainsNormalized(f *testing.F) {
	f.Add("Russia  maintains\na strategic\u00a0partnership.", "maintains a strategic partnership")
	f.Add("a \t\n b", "a b")
	f.Add("ab", "a b")
	f.Add("x\u2003y zz", "y z")
	f.Add("aaa aab", "aa aab")
	f.Fuzz(func(t *testing.T, text, quote string) {
		q := normalizeSpace(quote)
		if got, want := containsNormalized(text, q), strings.Contains(normalizeSpace(text), q); got != want {
			t.Fatalf("containsNormalized(%q, %q) = %v, want %v", text, q, got, want)
		}
	})
}
