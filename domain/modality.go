package domain

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed modalities.yaml
var modalitiesYAML []byte

// Modality says how a source holds a claim: as fact, as a report of
// someone else's words, as an intention, a prediction, a condition, a norm,
// a counterfactual, or a denial. The terms and their order live in
// modalities.yaml.
type Modality string

// ModalityAsserted is the modality of a claim that says nothing else.
const ModalityAsserted Modality = "ASSERTED"

// ModalityDenied marks a claim that the relation does not hold.
const ModalityDenied Modality = "DENIED"

// ModalityTerm is one entry of the modality vocabulary.
type ModalityTerm struct {
	Name    Modality `yaml:"name"`
	Meaning string   `yaml:"meaning"`
	// Default terms are served to clients that ask for no modality.
	Default bool `yaml:"default"`
}

// Modalities is the controlled vocabulary of claim modalities.
type Modalities struct {
	terms   []ModalityTerm
	rank    map[Modality]int
	markers []*regexp.Regexp
	marker  []string
}

// Terms returns every modality in order of precedence.
func (m *Modalities) Terms() []ModalityTerm { return m.terms }

// Known reports whether x is a modality of the vocabulary.
func (m *Modalities) Known(x Modality) bool {
	_, ok := m.rank[x]
	return ok
}

// Defaults returns the modalities served when a client asks for none.
func (m *Modalities) Defaults() []Modality {
	var out []Modality
	for _, t := range m.terms {
		if t.Default {
			out = append(out, t.Name)
		}
	}
	return out
}

// Names returns every modality in order of precedence.
func (m *Modalities) Names() []Modality {
	out := make([]Modality, len(m.terms))
	for i, t := range m.terms {
		out[i] = t.Name
	}
	return out
}

// Strongest returns the modality of highest precedence among ms: the
// modality of a relation whose claims have ms. It is "" when ms is empty.
func (m *Modalities) Strongest(ms []Modality) Modality {
	best, bestRank := Modality(""), len(m.terms)
	for _, x := range ms {
		if r, ok := m.rank[x]; ok && r < bestRank {
			best, bestRank = x, r
		}
	}
	return best
}

// Contested reports whether claims of modalities ms both affirm as fact
// (a default modality) and deny the same relation.
func (m *Modalities) Contested(ms []Modality) bool {
	return slices.Contains(ms, ModalityDenied) && slices.ContainsFunc(ms, func(x Modality) bool {
		r, ok := m.rank[x]
		return ok && m.terms[r].Default
	})
}

// HedgeMarkers returns the hedging markers that quote contains, as whole
// words in any case, in the order of the vocabulary file.
func (m *Modalities) HedgeMarkers(quote string) []string {
	var found []string
	// A loader lints every claim: skip the regular expressions of markers
	// whose first word an ASCII quote does not contain, in any case (a
	// quote with other characters may fold to one, and is matched whole).
	lower, ascii := strings.ToLower(quote), isASCII(quote)
	for i, re := range m.markers {
		if first, _, _ := strings.Cut(m.marker[i], " "); ascii && !strings.Contains(lower, first) {
			continue
		}
		if re.MatchString(quote) {
			found = append(found, m.marker[i])
		}
	}
	return found
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

var modalityNamePattern = regexp.MustCompile(`^[A-Z][A-Z_]*$`)

// ParseModalities reads and checks a modality vocabulary file.
func ParseModalities(data []byte) (*Modalities, error) {
	var file struct {
		Modalities   []ModalityTerm `yaml:"modalities"`
		HedgeMarkers []string       `yaml:"hedgeMarkers"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("modalities: %w", err)
	}
	m := &Modalities{terms: file.Modalities, rank: map[Modality]int{}}
	for i, t := range m.terms {
		if !modalityNamePattern.MatchString(string(t.Name)) || t.Meaning == "" {
			return nil, fmt.Errorf("modalities: entry %d needs an UPPER_CASE name and a meaning", i+1)
		}
		if _, dup := m.rank[t.Name]; dup {
			return nil, fmt.Errorf("modalities: %s is listed twice", t.Name)
		}
		m.rank[t.Name] = i
	}
	for _, need := range []Modality{ModalityAsserted, ModalityDenied} {
		if _, ok := m.rank[need]; !ok {
			return nil, fmt.Errorf("modalities: %s is required", need)
		}
	}
	if !m.terms[m.rank[ModalityAsserted]].Default {
		return nil, fmt.Errorf("modalities: %s must be a default modality", ModalityAsserted)
	}
	for _, w := range file.HedgeMarkers {
		words := strings.Fields(strings.ToLower(w))
		if len(words) == 0 {
			return nil, fmt.Errorf("modalities: an empty hedge marker")
		}
		for i := range words {
			words[i] = regexp.QuoteMeta(words[i])
		}
		m.markers = append(m.markers, regexp.MustCompile(`(?i)\b`+strings.Join(words, `\s+`)+`\b`))
		m.marker = append(m.marker, strings.Join(words, " "))
	}
	return m, nil
}

// DefaultModalities is the vocabulary shipped in modalities.yaml.
var DefaultModalities = func() *Modalities {
	m, err := ParseModalities(modalitiesYAML)
	if err != nil {
		panic(err)
	}
	return m
}()
