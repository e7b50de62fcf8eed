package domain

import "fmt"

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
	// Claims selects by what the relations' claims say and when.
	Claims ClaimFilter
}

// ClaimFilter selects relations by their claims' modality (what sources
// assert, predict, deny …), by valid time (when the relation holds) and by
// knowledge time (when its claims were made).
type ClaimFilter struct {
	// Modalities keeps relations with at least one claim of one of these
	// modalities; empty means the default ones (DefaultModalities.Defaults:
	// what sources assert or report as fact).
	Modalities []Modality
	// AsOf keeps relations valid on that date: started on or before its
	// end and not ended before its start (an undated end is open).
	AsOf *PartialDate
	// During keeps relations valid at some point of the window; a nil end
	// of the window is open.
	During *Window
	// KnownAt keeps only the claims stated on or before that date (a
	// claim's statedOn start, or its source's publication date, no later
	// than the date's end), and only the relations that still have such a
	// claim of a selected modality. Claims with no known date are dropped.
	KnownAt *PartialDate
}

// Window is a span of dates; a nil end is open.
type Window struct {
	From *PartialDate
	To   *PartialDate
}

// EffectiveModalities returns the modalities the filter selects.
func (f ClaimFilter) EffectiveModalities() []Modality {
	if len(f.Modalities) == 0 {
		return DefaultModalities.Defaults()
	}
	return f.Modalities
}

// ValidWindow returns the valid-time window the filter selects (asOf as a
// window of one date), or nil ends for none.
func (f ClaimFilter) ValidWindow() (from, to *PartialDate) {
	if f.AsOf != nil {
		return f.AsOf, f.AsOf
	}
	if f.During != nil {
		return f.During.From, f.During.To
	}
	return nil, nil
}

// Validate checks modalities and dates; asOf and during exclude each other.
func (f *ClaimFilter) Validate() error {
	var v Problems
	for _, m := range f.Modalities {
		if !DefaultModalities.Known(m) {
			v.Add("modalities", fmt.Sprintf("unknown modality %q", m))
		}
	}
	if f.AsOf != nil && f.During != nil {
		v.Add("asOf", "give asOf or during, not both")
	}
	validateOptionalDate(&v, "asOf", f.AsOf)
	validateOptionalDate(&v, "knownAt", f.KnownAt)
	if f.During != nil {
		validateOptionalDate(&v, "during.from", f.During.From)
		validateOptionalDate(&v, "during.to", f.During.To)
		if f.During.From != nil && f.During.To != nil && v.Err() == nil && f.During.To.End().Before(f.During.From.Start()) {
			v.Add("during.to", "is before during.from")
		}
	}
	return v.Err()
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
	if err := f.Claims.Validate(); err != nil {
		v = append(v, ProblemsOf(err)...)
	}
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
