package domain

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// EntityKind names the kinds of node in the graph; each is a Neo4j label.
type EntityKind string

const (
	KindActor  EntityKind = "Actor"
	KindPolicy EntityKind = "Policy"
	KindEvent  EntityKind = "Event"
	KindSource EntityKind = "Source"
)

// Node is anything with a graph-wide id: actors, policies, events, sources.
type Node interface {
	NodeID() string
}

// Entity is a node that relations connect: an actor, a policy or an event.
type Entity interface {
	Node
	EntityKind() EntityKind
	Header() *Profile
}

// Evidence is a claim: what one source says about a fact, in its verbatim
// words, and how it says it.
type Evidence struct {
	SourceID string `json:"source"`
	Quote    string `json:"quote"`
	// Modality says how the source holds the claim; "" means ASSERTED
	// (Validate fills it in).
	Modality Modality `json:"modality,omitempty"`
	// AttributedTo is the id of the actor whose claim it is, when it is not
	// the source's own voice (a spokesperson, an official, another outlet).
	AttributedTo string `json:"attributedTo,omitempty"`
	// Statement is the id of the event in which the claim was made, if any.
	Statement string `json:"statement,omitempty"`
	// StatedOn is when the claim was made; nil means the source's
	// publication date.
	StatedOn *PartialDate `json:"statedOn,omitempty"`
	// Record is the id of the event data record the claim cites (its
	// data set is SourceID; the record's details are on the coded event),
	// or "" for a claim that quotes a text.
	Record string `json:"record,omitempty"`
	// StatedFrom is the first day of the claim's effective statement date
	// (StatedOn, else the source's publication date), as the store read it;
	// zero when neither is known. The store sets it; writes ignore it.
	StatedFrom time.Time `json:"-"`
}

// Profile holds what actors, policies and events have in common.
type Profile struct {
	ID          string
	Name        string
	Aliases     []string
	Description string
	// Attributes are quantities and other scalar facts stated by a source
	// (e.g. amountUsd), kept as typed values rather than prose.
	Attributes map[string]any
	Evidence   []Evidence
}

// NodeID returns the graph-wide id.
func (p *Profile) NodeID() string { return p.ID }

// Header returns the shared fields.
func (p *Profile) Header() *Profile { return p }

const (
	maxIDLength   = 80
	maxNameLength = 300
	maxTextLength = 20_000
)

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidateID reports whether id is a well-formed node id.
func ValidateID(id string) error {
	if id == "" {
		return Errorf(EINVALID, "id is required")
	}
	if len(id) > maxIDLength || !idPattern.MatchString(id) {
		return Errorf(EINVALID, "id %q must be a lowercase slug ([a-z0-9] words joined by '-', at most %d characters)", id, maxIDLength)
	}
	return nil
}

// attributeNamePattern keeps attributes addressable as plain Cypher
// properties and out of the way of the fields the store writes itself.
var attributeNamePattern = regexp.MustCompile(`^[a-z][A-Za-z0-9]{0,39}$`)

func (p *Profile) validate(v *Problems) {
	if err := ValidateID(p.ID); err != nil {
		v.Add("id", ErrorMessage(err))
	}
	checkText(v, "name", p.Name, maxNameLength, true)
	for i, a := range p.Aliases {
		checkText(v, fmt.Sprintf("aliases[%d]", i), a, maxNameLength, true)
	}
	checkText(v, "description", p.Description, maxTextLength, false)
	validateAttributes(v, p.Attributes)
	validateEvidence(v, p.Evidence, false)
}

func checkText(v *Problems, field, s string, max int, required bool) {
	switch {
	case required && s == "":
		v.Add(field, "is required")
	case !utf8.ValidString(s):
		v.Add(field, "is not valid UTF-8")
	case len(s) > max:
		v.Add(field, fmt.Sprintf("is longer than %d bytes", max))
	}
}

func validateAttributes(v *Problems, attrs map[string]any) {
	for name, value := range attrs {
		field := "attributes." + name
		if !attributeNamePattern.MatchString(name) || reservedProperties[name] {
			v.Add(field, "attribute names are camelCase words of letters and digits, and not a field name of the node")
			continue
		}
		switch value.(type) {
		case string, bool, int, int64, float64:
		default:
			v.Add(field, fmt.Sprintf("must be a string, number or boolean, not %T", value))
		}
	}
}

func validateEvidence(v *Problems, evidence []Evidence, required bool) {
	if required && len(evidence) == 0 {
		v.Add("evidence", "at least one {source, quote} is required")
	}
	for i := range evidence {
		e := &evidence[i]
		field := fmt.Sprintf("evidence[%d]", i)
		if err := ValidateID(e.SourceID); err != nil {
			v.Add(field+".source", ErrorMessage(err))
		}
		checkText(v, field+".quote", e.Quote, maxTextLength, true)
		if e.Modality == "" {
			e.Modality = ModalityAsserted
		} else if !DefaultModalities.Known(e.Modality) {
			v.Add(field+".modality", fmt.Sprintf("unknown modality %q; one of %s", e.Modality, strings.Join(StringsOf(DefaultModalities.Names()), ", ")))
		}
		for name, id := range map[string]string{"attributedTo": e.AttributedTo, "statement": e.Statement} {
			if id == "" {
				continue
			}
			if err := ValidateID(id); err != nil {
				v.Add(field+"."+name, ErrorMessage(err))
			}
		}
		validateOptionalDate(v, field+".statedOn", e.StatedOn)
	}
}

func validateOptionalDate(v *Problems, field string, d *PartialDate) {
	if d == nil {
		return
	}
	if _, err := ParsePartialDate(string(*d)); err != nil {
		v.Add(field, ErrorMessage(err))
	}
}

// Dated is anything placed on a timeline: events by their date, relations
// by their start.
type Dated interface {
	TimelineDate() PartialDate
}

// TimelineDate returns the event's date.
func (e *Event) TimelineDate() PartialDate { return e.Date }

// TimelineDate returns the relation's start, or "" when it has none.
func (r *Relation) TimelineDate() PartialDate {
	if r.Since == nil {
		return ""
	}
	return *r.Since
}
