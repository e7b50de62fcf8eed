package domain

import (
	"fmt"
	"math"
	"strings"
)

// Stance is the CAMEO/PLOVER quad class of a relation, or NEUTRAL for
// structural facts such as LEADS or MEMBER_OF.
type Stance string

// Stances lists every stance with its meaning.
var Stances = map[Stance]string{
	"VERBAL_COOPERATION":   "statements of support, praise, dialogue",
	"MATERIAL_COOPERATION": "aid, arms, trade, partnership in deeds",
	"VERBAL_CONFLICT":      "criticism, threats, demands",
	"MATERIAL_CONFLICT":    "sanctions, force, containment in deeds",
	"NEUTRAL":              "a structural fact: leadership, membership, authorship",
}

// Relation is a typed, directed, evidenced edge between two entities.
type Relation struct {
	From  string
	Type  string
	To    string
	Since *PartialDate
	Until *PartialDate
	// Stance defaults to the first stance the vocabulary allows for Type.
	Stance     Stance
	Confidence float64
	// Role says how an actor took part, for PARTICIPATED_IN.
	Role       string
	Attributes map[string]any
	Evidence   []Evidence
}

// RelationID identifies a relation: its endpoints, type and start. The same
// pair may hold the same type in two periods, as two relations.
func RelationID(from, typ, to string, since *PartialDate) string {
	id := from + ":" + typ + ":" + to
	if since != nil {
		id += ":" + string(*since)
	}
	return id
}

// ID returns the relation's identity; see RelationID.
func (r *Relation) ID() string { return RelationID(r.From, r.Type, r.To, r.Since) }

// ParseRelationID splits an id made by RelationID.
func ParseRelationID(id string) (from, typ, to string, since *PartialDate, err error) {
	parts := strings.Split(id, ":")
	if len(parts) < 3 || len(parts) > 4 {
		return "", "", "", nil, Errorf(EINVALID, "relation id %q must be from:TYPE:to or from:TYPE:to:since", id)
	}
	if len(parts) == 4 {
		d, err := ParsePartialDate(parts[3])
		if err != nil {
			return "", "", "", nil, err
		}
		since = &d
	}
	return parts[0], parts[1], parts[2], since, nil
}

// Validate checks the relation on its own and against the vocabulary; the
// kinds of its endpoints are checked by CheckEndpoints, which needs the
// graph. It fills in the default stance and confidence.
func (r *Relation) Validate(vocab *Vocabulary) error {
	var v Problems
	for field, id := range map[string]string{"from": r.From, "to": r.To} {
		if err := ValidateID(id); err != nil {
			v.Add(field, ErrorMessage(err))
		}
	}
	rt, ok := vocab.Lookup(r.Type)
	if !ok {
		v.Add("type", fmt.Sprintf("unknown relation type %q (see domain/vocabulary.yaml)", r.Type))
	}
	validateOptionalDate(&v, "since", r.Since)
	validateOptionalDate(&v, "until", r.Until)
	if r.Since != nil && r.Until != nil && r.Until.End().Before(r.Since.Start()) {
		v.Add("until", "is before since")
	}
	if ok {
		if r.Stance == "" {
			r.Stance = rt.Stances[0]
		} else if !rt.AllowsStance(r.Stance) {
			v.Add("stance", fmt.Sprintf("%s does not take stance %q; allowed: %s", r.Type, r.Stance, strings.Join(StringsOf(rt.Stances), ", ")))
		}
	}
	if r.Confidence == 0 {
		r.Confidence = 1
	}
	if math.IsNaN(r.Confidence) || r.Confidence < 0 || r.Confidence > 1 {
		v.Add("confidence", "must be between 0 and 1")
	}
	checkText(&v, "role", r.Role, maxNameLength, false)
	validateAttributes(&v, r.Attributes)
	validateEvidence(&v, r.Evidence, true)
	return v.Err()
}

// Orient stores a relation of a symmetric type from the end whose id sorts
// first, so that each pair has one edge whatever the order it was given
// in. It reports whether it swapped the ends.
func (r *Relation) Orient(vocab *Vocabulary) bool {
	rt, ok := vocab.Lookup(r.Type)
	if !ok || !rt.Symmetric || r.From <= r.To {
		return false
	}
	r.From, r.To = r.To, r.From
	return true
}

// Modalities returns the distinct modalities of the relation's claims, in
// order of precedence.
func (r *Relation) Modalities() []Modality {
	var out []Modality
	for _, m := range DefaultModalities.Names() {
		for _, e := range r.Evidence {
			if e.Modality == m || (e.Modality == "" && m == ModalityAsserted) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// Modality is the relation's own modality: that of its strongest claim.
func (r *Relation) Modality() Modality { return DefaultModalities.Strongest(r.Modalities()) }
