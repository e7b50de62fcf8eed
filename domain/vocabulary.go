package domain

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"
)

//go:embed vocabulary.yaml
var vocabularyYAML []byte

// RelationType is one entry of the controlled vocabulary.
type RelationType struct {
	Type      string       `yaml:"type"`
	Meaning   string       `yaml:"meaning"`
	From      []EntityKind `yaml:"from"`
	To        []EntityKind `yaml:"to"`
	FromKinds []ActorKind  `yaml:"fromKinds"`
	ToKinds   []ActorKind  `yaml:"toKinds"`
	// Stances allowed on edges of this type; the first is the default.
	Stances []Stance `yaml:"stances"`
	// Symmetric types hold between two ends alike (A PARTNERS_WITH B is
	// B PARTNERS_WITH A): one edge per pair, stored from the end whose id
	// sorts first, found from either end.
	Symmetric bool `yaml:"symmetric"`
}

// AllowsStance reports whether s may be used with this type.
func (t *RelationType) AllowsStance(s Stance) bool { return slices.Contains(t.Stances, s) }

// Endpoint is what the vocabulary needs to know of a relation's end.
type Endpoint struct {
	Kind      EntityKind
	ActorKind ActorKind // set when Kind is KindActor
}

// CheckEndpoints returns a message saying why from→to is not allowed for
// this type, or "" when it is.
func (t *RelationType) CheckEndpoints(from, to Endpoint) string {
	if msg := checkEnd(t.From, t.FromKinds, from); msg != "" {
		return fmt.Sprintf("%s cannot start at %s", t.Type, msg)
	}
	if msg := checkEnd(t.To, t.ToKinds, to); msg != "" {
		return fmt.Sprintf("%s cannot end at %s", t.Type, msg)
	}
	return ""
}

func checkEnd(kinds []EntityKind, actorKinds []ActorKind, e Endpoint) string {
	if !slices.Contains(kinds, e.Kind) {
		return fmt.Sprintf("%s (allowed: %v)", e.Kind, kinds)
	}
	if e.Kind == KindActor && len(actorKinds) > 0 && !slices.Contains(actorKinds, e.ActorKind) {
		return fmt.Sprintf("an actor of kind %s (allowed kinds: %v)", e.ActorKind, actorKinds)
	}
	return ""
}

// Vocabulary is the controlled set of relation types.
type Vocabulary struct {
	types  []RelationType
	byName map[string]*RelationType
}

// Lookup returns the type named name.
func (v *Vocabulary) Lookup(name string) (*RelationType, bool) {
	t, ok := v.byName[name]
	return t, ok
}

// Types returns every type in the order of the vocabulary file.
func (v *Vocabulary) Types() []RelationType { return v.types }

// Symmetric returns the names of the symmetric types, in file order.
func (v *Vocabulary) Symmetric() []string {
	var names []string
	for _, t := range v.types {
		if t.Symmetric {
			names = append(names, t.Type)
		}
	}
	return names
}

var typeNamePattern = regexp.MustCompile(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`)

// ParseVocabulary reads and checks a vocabulary file.
func ParseVocabulary(data []byte) (*Vocabulary, error) {
	var types []RelationType
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&types); err != nil {
		return nil, fmt.Errorf("vocabulary: %w", err)
	}
	v := &Vocabulary{types: types, byName: make(map[string]*RelationType, len(types))}
	for i := range v.types {
		t := &v.types[i]
		if !typeNamePattern.MatchString(t.Type) {
			return nil, fmt.Errorf("vocabulary: type %q is not UPPER_SNAKE_CASE", t.Type)
		}
		if _, dup := v.byName[t.Type]; dup {
			return nil, fmt.Errorf("vocabulary: type %s is listed twice", t.Type)
		}
		if t.Meaning == "" || len(t.From) == 0 || len(t.To) == 0 || len(t.Stances) == 0 {
			return nil, fmt.Errorf("vocabulary: type %s needs meaning, from, to and stances", t.Type)
		}
		for _, k := range slices.Concat(t.From, t.To) {
			if k != KindActor && k != KindPolicy && k != KindEvent {
				return nil, fmt.Errorf("vocabulary: type %s: unknown endpoint kind %q", t.Type, k)
			}
		}
		for _, k := range slices.Concat(t.FromKinds, t.ToKinds) {
			if _, ok := ActorKinds[k]; !ok {
				return nil, fmt.Errorf("vocabulary: type %s: unknown actor kind %q", t.Type, k)
			}
		}
		if t.Symmetric && (!slices.Equal(t.From, t.To) || !slices.Equal(t.FromKinds, t.ToKinds)) {
			return nil, fmt.Errorf("vocabulary: symmetric type %s must allow the same kinds at both ends", t.Type)
		}
		for _, s := range t.Stances {
			if _, ok := Stances[s]; !ok {
				return nil, fmt.Errorf("vocabulary: type %s: unknown stance %q", t.Type, s)
			}
		}
		v.byName[t.Type] = t
	}
	return v, nil
}

// DefaultVocabulary is the vocabulary shipped in vocabulary.yaml. It is
// checked by a test, so a broken file cannot ship.
var DefaultVocabulary = mustParseVocabulary(vocabularyYAML)

func mustParseVocabulary(data []byte) *Vocabulary {
	v, err := ParseVocabulary(data)
	if err != nil {
		panic(err)
	}
	return v
}
