package domain

import "regexp"

// ActorKind classifies actors; each kind is also a Neo4j label (see Label).
type ActorKind string

const (
	ActorState          ActorKind = "STATE"
	ActorPerson         ActorKind = "PERSON"
	ActorGroup          ActorKind = "GROUP"
	ActorGovernmentBody ActorKind = "GOVERNMENT_BODY"
	ActorOrganization   ActorKind = "ORGANIZATION"
	ActorAlliance       ActorKind = "ALLIANCE"
	ActorArmedGroup     ActorKind = "ARMED_GROUP"
	ActorMedia          ActorKind = "MEDIA"
	ActorRegion         ActorKind = "REGION"
)

// ActorKinds lists every actor kind with its Neo4j label.
var ActorKinds = map[ActorKind]string{
	ActorState:          "State",
	ActorPerson:         "Person",
	ActorGroup:          "Group",
	ActorGovernmentBody: "GovernmentBody",
	ActorOrganization:   "Organization",
	ActorAlliance:       "Alliance",
	ActorArmedGroup:     "ArmedGroup",
	ActorMedia:          "Media",
	ActorRegion:         "Region",
}

// Label is the Neo4j label that marks actors of this kind, beside :Actor.
func (k ActorKind) Label() string { return ActorKinds[k] }

// Actor is a state, person, body, organisation, group or outlet that acts.
type Actor struct {
	Profile
	Kind ActorKind
	// Country is an ISO 3166 alpha-3 code such as "RUS".
	Country string
	// WikidataID is set only where the match is certain, e.g. "Q159".
	WikidataID string
}

// EntityKind returns KindActor.
func (*Actor) EntityKind() EntityKind { return KindActor }

var (
	countryPattern  = regexp.MustCompile(`^[A-Z]{3}$`)
	wikidataPattern = regexp.MustCompile(`^Q[1-9][0-9]*$`)
)

// Validate returns an EINVALID error listing every problem of the actor.
func (a *Actor) Validate() error {
	var v Problems
	a.validate(&v)
	checkKind(&v, "actor kind", a.Kind, ActorKinds)
	if a.Country != "" && !countryPattern.MatchString(a.Country) {
		v.Add("country", "must be an ISO 3166 alpha-3 code such as RUS")
	}
	if a.WikidataID != "" && !wikidataPattern.MatchString(a.WikidataID) {
		v.Add("wikidataId", "must look like Q159")
	}
	return v.Err()
}
