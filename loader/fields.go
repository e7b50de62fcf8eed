package loader

import (
	"github.com/actorgraph/actorgraph/domain"
)

// recordKind is what a file holds, taken from the first word of its name.
type recordKind string

const (
	kindSources   recordKind = "sources"
	kindActors    recordKind = "actors"
	kindPolicies  recordKind = "policies"
	kindEvents    recordKind = "events"
	kindRelations recordKind = "relations"
)

// fieldShape says how a CSV cell becomes a value.
type fieldShape int

const (
	shapeString   fieldShape = iota
	shapeNumber              // e.g. confidence
	shapeList                // ';'-separated in CSV
	shapeMap                 // a JSON object in CSV
	shapeEvidence            // the claim columns (source, quote, modality, …) in CSV
)

// fieldsOf lists, per kind, every field a record may have: anything else is
// an error. The YAML tags of the *Fields structs below use the same names.
var fieldsOf = map[recordKind]map[string]fieldShape{
	kindSources: {"id": shapeString, "title": shapeString, "publisher": shapeString, "url": shapeString,
		"published": shapeString, "file": shapeString},
	kindActors:   withProfile(map[string]fieldShape{"kind": shapeString, "country": shapeString, "wikidataId": shapeString}),
	kindPolicies: withProfile(map[string]fieldShape{"kind": shapeString, "adopted": shapeString}),
	kindEvents: withProfile(map[string]fieldShape{"kind": shapeString, "date": shapeString, "endDate": shapeString,
		"location": shapeString}),
	kindRelations: {"from": shapeString, "type": shapeString, "to": shapeString, "since": shapeString,
		"until": shapeString, "stance": shapeString, "confidence": shapeNumber, "role": shapeString,
		"attributes": shapeMap, "evidence": shapeEvidence},
}

func withProfile(extra map[string]fieldShape) map[string]fieldShape {
	m := map[string]fieldShape{"id": shapeString, "name": shapeString, "aliases": shapeList,
		"description": shapeString, "attributes": shapeMap, "evidence": shapeEvidence}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

// claimFields are the fields of an item of evidence (a claim), in the
// order CSV columns and messages list them.
var claimFields = []string{"source", "quote", "modality", "attributedTo", "statement", "statedOn"}

var evidenceFieldNames = func() map[string]bool {
	m := map[string]bool{}
	for _, f := range claimFields {
		m[f] = true
	}
	return m
}()

type evidenceFields struct {
	Source       string `yaml:"source"`
	Quote        string `yaml:"quote"`
	Modality     string `yaml:"modality"`
	AttributedTo string `yaml:"attributedTo"`
	Statement    string `yaml:"statement"`
	StatedOn     string `yaml:"statedOn"`
}

type profileFields struct {
	ID          string           `yaml:"id"`
	Name        string           `yaml:"name"`
	Aliases     []string         `yaml:"aliases"`
	Description string           `yaml:"description"`
	Attributes  map[string]any   `yaml:"attributes"`
	Evidence    []evidenceFields `yaml:"evidence"`
}

func (f profileFields) profile() domain.Profile {
	return domain.Profile{ID: f.ID, Name: f.Name, Aliases: f.Aliases, Description: f.Description,
		Attributes: f.Attributes, Evidence: evidence(f.Evidence)}
}

func evidence(fs []evidenceFields) []domain.Evidence {
	if len(fs) == 0 {
		return nil
	}
	out := make([]domain.Evidence, len(fs))
	for i, f := range fs {
		out[i] = domain.Evidence{SourceID: f.Source, Quote: f.Quote, Modality: domain.Modality(f.Modality),
			AttributedTo: f.AttributedTo, Statement: f.Statement, StatedOn: optionalDate(f.StatedOn)}
	}
	return out
}

type sourceFields struct {
	ID        string `yaml:"id"`
	Title     string `yaml:"title"`
	Publisher string `yaml:"publisher"`
	URL       string `yaml:"url"`
	Published string `yaml:"published"`
	File      string `yaml:"file"`
}

type actorFields struct {
	profileFields `yaml:",inline"`
	Kind          string `yaml:"kind"`
	Country       string `yaml:"country"`
	WikidataID    string `yaml:"wikidataId"`
}

func (f actorFields) actor() *domain.Actor {
	return &domain.Actor{Profile: f.profile(), Kind: domain.ActorKind(f.Kind), Country: f.Country, WikidataID: f.WikidataID}
}

type policyFields struct {
	profileFields `yaml:",inline"`
	Kind          string `yaml:"kind"`
	Adopted       string `yaml:"adopted"`
}

func (f policyFields) policy() *domain.Policy {
	return &domain.Policy{Profile: f.profile(), Kind: domain.PolicyKind(f.Kind), Adopted: optionalDate(f.Adopted)}
}

type eventFields struct {
	profileFields `yaml:",inline"`
	Kind          string `yaml:"kind"`
	Date          string `yaml:"date"`
	EndDate       string `yaml:"endDate"`
	Location      string `yaml:"location"`
}

func (f eventFields) event() *domain.Event {
	return &domain.Event{Profile: f.profile(), Kind: domain.EventKind(f.Kind), Date: domain.PartialDate(f.Date),
		EndDate: optionalDate(f.EndDate), Location: f.Location}
}

type relationFields struct {
	From       string           `yaml:"from"`
	Type       string           `yaml:"type"`
	To         string           `yaml:"to"`
	Since      string           `yaml:"since"`
	Until      string           `yaml:"until"`
	Stance     string           `yaml:"stance"`
	Confidence float64          `yaml:"confidence"`
	Role       string           `yaml:"role"`
	Attributes map[string]any   `yaml:"attributes"`
	Evidence   []evidenceFields `yaml:"evidence"`
}

func (f relationFields) relation() *domain.Relation {
	return &domain.Relation{From: f.From, Type: f.Type, To: f.To, Since: optionalDate(f.Since), Until: optionalDate(f.Until),
		Stance: domain.Stance(f.Stance), Confidence: f.Confidence, Role: f.Role, Attributes: f.Attributes,
		Evidence: evidence(f.Evidence)}
}

func optionalDate(s string) *domain.PartialDate {
	if s == "" {
		return nil
	}
	d := domain.PartialDate(s)
	return &d
}
