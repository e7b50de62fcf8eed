package domain

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed eventcodes.yaml
var eventCodesYAML []byte

// EventCode is what one CAMEO root code or PLOVER event type means for the
// graph: its quad class (a stance) and the relation type that such an
// event is evidence of.
type EventCode struct {
	Root         string `yaml:"root"` // CAMEO: "01".."20"
	Type         string `yaml:"type"` // PLOVER: AGREE, ...
	Name         string `yaml:"name"`
	QuadClass    Stance `yaml:"quadClass"`
	RelationType string `yaml:"relationType"`
	// RenamedTo is the later PLOVER name of an old type.
	RenamedTo string `yaml:"renamedTo"`
	// Documentation marks a PLOVER type that is not an event.
	Documentation bool `yaml:"documentation"`
}

// KindRule infers the kind of an actor an import creates.
type KindRule struct {
	Kind    ActorKind `yaml:"kind"`
	Sectors []string  `yaml:"sectors"`
	Codes   []string  `yaml:"codes"`
	Named   bool      `yaml:"named"`
	Bare    bool      `yaml:"bare"`
}

// EventCodes is the table of domain/eventcodes.yaml.
type EventCodes struct {
	Cameo     []EventCode `yaml:"cameo"`
	Plover    []EventCode `yaml:"plover"`
	GdeltQuad []struct {
		Code      int    `yaml:"code"`
		QuadClass Stance `yaml:"quadClass"`
	} `yaml:"gdeltQuadClasses"`
	ActorKinds  []KindRule `yaml:"actorKinds"`
	DefaultKind ActorKind  `yaml:"defaultKind"`

	cameo  map[string]*EventCode
	plover map[string]*EventCode
	gdelt  map[int]Stance
}

// EventQuadClasses are the four CAMEO/PLOVER quad classes, the stances an
// event is coded with, in the order of the CAMEO scale.
var EventQuadClasses = []Stance{"VERBAL_COOPERATION", "MATERIAL_COOPERATION", "VERBAL_CONFLICT", "MATERIAL_CONFLICT"}

func isQuadClass(s Stance) bool { return slices.Contains(EventQuadClasses, s) }

var cameoRootPattern = regexp.MustCompile(`^[0-9]{2}$`)

// ParseEventCodes reads and checks an event code table against the
// relation vocabulary.
func ParseEventCodes(data []byte, vocab *Vocabulary) (*EventCodes, error) {
	var t EventCodes
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("eventcodes: %w", err)
	}
	t.cameo, t.plover, t.gdelt = map[string]*EventCode{}, map[string]*EventCode{}, map[int]Stance{}
	for i := range t.Cameo {
		c := &t.Cameo[i]
		if !cameoRootPattern.MatchString(c.Root) || t.cameo[c.Root] != nil {
			return nil, fmt.Errorf("eventcodes: CAMEO root %q is not two digits, or is listed twice", c.Root)
		}
		if err := c.check(vocab); err != nil {
			return nil, fmt.Errorf("eventcodes: CAMEO root %s: %w", c.Root, err)
		}
		t.cameo[c.Root] = c
	}
	for i := range t.Plover {
		c := &t.Plover[i]
		if !typeNamePattern.MatchString(c.Type) || t.plover[c.Type] != nil {
			return nil, fmt.Errorf("eventcodes: PLOVER type %q is not UPPER_CASE, or is listed twice", c.Type)
		}
		if !c.Documentation {
			if err := c.check(vocab); err != nil {
				return nil, fmt.Errorf("eventcodes: PLOVER type %s: %w", c.Type, err)
			}
		}
		t.plover[c.Type] = c
	}
	for _, q := range t.GdeltQuad {
		if !isQuadClass(q.QuadClass) {
			return nil, fmt.Errorf("eventcodes: GDELT QuadClass %d: %q is not a quad class", q.Code, q.QuadClass)
		}
		t.gdelt[q.Code] = q.QuadClass
	}
	for _, r := range append(t.ActorKinds, KindRule{Kind: t.DefaultKind}) {
		if _, ok := ActorKinds[r.Kind]; !ok {
			return nil, fmt.Errorf("eventcodes: actor kind %q is not one of the actor kinds", r.Kind)
		}
	}
	return &t, nil
}

func (c *EventCode) check(vocab *Vocabulary) error {
	if !isQuadClass(c.QuadClass) {
		return fmt.Errorf("quadClass %q is not a quad class", c.QuadClass)
	}
	rt, ok := vocab.Lookup(c.RelationType)
	if !ok {
		return fmt.Errorf("relationType %q is not in the vocabulary", c.RelationType)
	}
	if !rt.AllowsStance(c.QuadClass) {
		return fmt.Errorf("relationType %s does not take stance %s", c.RelationType, c.QuadClass)
	}
	return nil
}

// CameoRoot returns the entry of the root of a CAMEO code ("040" → "04").
func (t *EventCodes) CameoRoot(code string) (*EventCode, bool) {
	if len(code) < 2 {
		return nil, false
	}
	c, ok := t.cameo[code[:2]]
	return c, ok
}

// PloverType returns the entry of a PLOVER event type (any case).
func (t *EventCodes) PloverType(name string) (*EventCode, bool) {
	c, ok := t.plover[strings.ToUpper(strings.TrimSpace(name))]
	return c, ok
}

// GdeltQuadClass returns the quad class of a GDELT QuadClass value.
func (t *EventCodes) GdeltQuadClass(code int) (Stance, bool) {
	s, ok := t.gdelt[code]
	return s, ok
}

// ActorKind infers the kind of an actor from its sectors (ICEWS names) or
// type codes (CAMEO), whether its name is a named one (no "(Country)"
// qualifier), and whether it has a country.
func (t *EventCodes) ActorKind(sectors []string, named, hasCountry bool) ActorKind {
	for _, r := range t.ActorKinds {
		if r.Bare {
			if len(sectors) == 0 && !hasCountry {
				return r.Kind
			}
			continue
		}
		if r.Named && !named {
			continue
		}
		for _, s := range sectors {
			if slices.ContainsFunc(r.Sectors, func(x string) bool { return strings.EqualFold(x, s) }) ||
				(len(s) >= 3 && slices.Contains(r.Codes, strings.ToUpper(s[:3]))) {
				return r.Kind
			}
		}
	}
	return t.DefaultKind
}

// DefaultEventCodes is the table shipped in eventcodes.yaml, checked
// against DefaultVocabulary when the program starts.
var DefaultEventCodes = mustParse(func(data []byte) (*EventCodes, error) {
	return ParseEventCodes(data, DefaultVocabulary)
}, eventCodesYAML)

// CodedEventProperties are the properties the store writes on a coded
// event, beside those of every event, and claimRecords, the claim list of
// the records claims cite: fields, not attributes.
var CodedEventProperties = []string{
	"dataset", "recordId", "code", "rootCode", "quadClass", "relationType", "score", "mode",
	"storyId", "sentenceNumber", "sourceCountry", "targetCountry", "claimRecords",
}

func init() {
	for _, p := range CodedEventProperties {
		reservedProperties[p] = true
	}
}

// Slug makes a name an id part: lower-case letters and digits joined by
// '-', at most 60 characters (a longer or non-Latin name gets a hash of
// itself, so that two names never share an id).
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(name) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	s := b.String()
	if len(s) > 0 && len(s) <= 60 && isASCII(name) {
		return s
	}
	sum := sha256.Sum256([]byte(name))
	h := hex.EncodeToString(sum[:4])
	if len(s) > 50 {
		s = strings.TrimRight(s[:50], "-")
	}
	if s == "" {
		return h
	}
	return s + "-" + h
}

// CodedEventID is the id of the coded event that record recordID of a
// data set is stored as: the importer writes it, the API finds a claim's
// cited record by it.
func CodedEventID(dataset, recordID string) string { return dataset + "-" + Slug(recordID) }
