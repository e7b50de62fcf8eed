package domain

import (
	"slices"
	"strings"
	"testing"
)

func TestModalityVocabulary(t *testing.T) {
	m := DefaultModalities
	want := []Modality{"ASSERTED", "REPORTED", "INTENDED", "PREDICTED", "CONDITIONAL", "NORMATIVE", "COUNTERFACTUAL", "DENIED"}
	if !slices.Equal(m.Names(), want) {
		t.Errorf("modalities %v, want %v", m.Names(), want)
	}
	if got := m.Defaults(); !slices.Equal(got, []Modality{"ASSERTED", "REPORTED"}) {
		t.Errorf("defaults %v", got)
	}
	for _, tc := range []struct {
		in   []Modality
		want Modality
	}{
		{[]Modality{"PREDICTED", "ASSERTED", "DENIED"}, "ASSERTED"},
		{[]Modality{"COUNTERFACTUAL", "CONDITIONAL"}, "CONDITIONAL"},
		{[]Modality{"DENIED"}, "DENIED"},
		{nil, ""},
	} {
		if got := m.Strongest(tc.in); got != tc.want {
			t.Errorf("Strongest(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if !m.Contested([]Modality{"REPORTED", "DENIED"}) || m.Contested([]Modality{"PREDICTED", "DENIED"}) || m.Contested([]Modality{"ASSERTED"}) {
		t.Error("Contested: a denial contests only what is served as fact")
	}
}

func TestHedgeMarkers(t *testing.T) {
	m := DefaultModalities
	for quote, want := range map[string]string{
		"Trump would likely continue":           "would likely",
		"IF elected, he said so":                "if said",
		"according  to the Post":                "according to",
		"Russia invaded Ukraine in 2022.":       "",
		"a difference; a wouldbe ally; saidity": "",
		"he believed it, as expected":           "believed expected",
		"it is li\u212Aely (a Kelvin sign)":     "likely",
	} {
		if got := strings.Join(m.HedgeMarkers(quote), " "); got != want {
			t.Errorf("HedgeMarkers(%q) = %q, want %q", quote, got, want)
		}
	}
}

func TestParseModalitiesRefusesBadFiles(t *testing.T) {
	for name, yaml := range map[string]string{
		"unknown field":        "modalities: [{name: ASSERTED, meaning: x, default: true, extra: 1}, {name: DENIED, meaning: y}]",
		"duplicate":            "modalities: [{name: ASSERTED, meaning: x, default: true}, {name: ASSERTED, meaning: y}, {name: DENIED, meaning: y}]",
		"no DENIED":            "modalities: [{name: ASSERTED, meaning: x, default: true}]",
		"ASSERTED not default": "modalities: [{name: ASSERTED, meaning: x}, {name: DENIED, meaning: y}]",
		"lower case":           "modalities: [{name: asserted, meaning: x, default: true}, {name: DENIED, meaning: y}]",
	} {
		if _, err := ParseModalities([]byte(yaml)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestClaimValidation(t *testing.T) {
	since := PartialDate("2019")
	r := &Relation{From: "a", Type: "SUPPORTS", To: "b", Since: &since, Evidence: []Evidence{
		{SourceID: "s", Quote: "q"},
		{SourceID: "s", Quote: "q", Modality: "GUESSED", AttributedTo: "Not An Id", StatedOn: ptr(PartialDate("2019-13"))},
	}}
	err := r.Validate(DefaultVocabulary)
	msg := ErrorMessage(err)
	for _, want := range []string{"evidence[1].modality", "GUESSED", "evidence[1].attributedTo", "evidence[1].statedOn"} {
		if !strings.Contains(msg+ProblemsOf(err).String(), want) {
			t.Errorf("error %q lacks %q", msg+ProblemsOf(err).String(), want)
		}
	}
	if r.Evidence[0].Modality != ModalityAsserted {
		t.Errorf("a claim without modality is ASSERTED, got %q", r.Evidence[0].Modality)
	}
}

func TestSymmetricRelationsAreOriented(t *testing.T) {
	r := &Relation{From: "russia", Type: "PARTNERS_WITH", To: "iran"}
	if !r.Orient(DefaultVocabulary) || r.From != "iran" || r.To != "russia" {
		t.Errorf("PARTNERS_WITH russia→iran oriented to %s→%s", r.From, r.To)
	}
	if r.Orient(DefaultVocabulary) {
		t.Error("an oriented relation was swapped again")
	}
	d := &Relation{From: "russia", Type: "SANCTIONS", To: "iran"}
	if d.Orient(DefaultVocabulary) {
		t.Error("a directed type was swapped")
	}
	if got := DefaultVocabulary.Symmetric(); !slices.Contains(got, "PARTNERS_WITH") || slices.Contains(got, "SUPPORTS") {
		t.Errorf("symmetric types %v", got)
	}
}

func TestRelationModalityIsItsStrongestClaim(t *testing.T) {
	r := &Relation{Evidence: []Evidence{{Modality: "PREDICTED"}, {Modality: "DENIED"}}}
	if r.Modality() != "PREDICTED" || !slices.Equal(r.Modalities(), []Modality{"PREDICTED", "DENIED"}) {
		t.Errorf("modality %q of %v", r.Modality(), r.Modalities())
	}
	r.Evidence = append(r.Evidence, Evidence{})
	if r.Modality() != ModalityAsserted {
		t.Errorf("with an unmarked claim: %q", r.Modality())
	}
}

func ptr[T any](v T) *T { return &v }
