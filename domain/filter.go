package domain

// ActorFilter selects actors; nil and empty fields select everything.
type ActorFilter struct {
	Kinds []ActorKind
	// NameContains is a case-insensitive substring of the name.
	NameContains *string
	Country      *string
	// HasRelation keeps actors with a relation of one of these types.
	HasRelation []string
}

// PolicyFilter selects policies.
type PolicyFilter struct {
	Kinds        []PolicyKind
	NameContains *string
}

// EventFilter selects events that overlap [From, To].
type EventFilter struct {
	Kinds []EventKind
	From  *PartialDate
	To    *PartialDate
}

// RelationFilter selects relations.
type RelationFilter struct {
	Types  []string
	From   *string
	To     *string
	Stance []Stance
	// ValidFrom and ValidTo select relations valid at some point in the
	// window; an undated end counts as open.
	ValidFrom *PartialDate
	ValidTo   *PartialDate
}

// Validate checks the types against the vocabulary and the dates.
func (f *RelationFilter) Validate(vocab *Vocabulary) error {
	if f == nil {
		return nil
	}
	var v Problems
	checkTypes(&v, "types", f.Types, vocab)
	validateOptionalDate(&v, "validFrom", f.ValidFrom)
	validateOptionalDate(&v, "validTo", f.ValidTo)
	return v.Err()
}

// CheckTypes returns an EINVALID error naming any type not in the vocabulary.
func CheckTypes(types []string, vocab *Vocabulary) error {
	var v Problems
	checkTypes(&v, "types", types, vocab)
	return v.Err()
}

func checkTypes(v *Problems, field string, types []string, vocab *Vocabulary) {
	for _, t := range types {
		if _, ok := vocab.Lookup(t); !ok {
			v.Add(field, "unknown relation type "+t+" (see the relationTypes query)")
		}
	}
}
