package domain

// PolicyKind classifies policies.
type PolicyKind string

// PolicyKinds lists every policy kind with its meaning.
var PolicyKinds = map[PolicyKind]string{
	"STRATEGY":         "a strategy document, e.g. a national security strategy",
	"DOCTRINE":         "a doctrine or foreign policy concept",
	"SANCTIONS_REGIME": "a set of sanctions and the laws that keep them",
	"AGREEMENT":        "a treaty, deal or agreement between parties",
	"LEGISLATION":      "a law or legislative measure",
	"POLICY_PROGRAM":   "a standing line of policy, e.g. containment or military aid",
	"TRADE_MEASURE":    "tariffs, export controls and other trade measures",
}

// Policy is a sanctions regime, strategy, agreement, doctrine or programme.
type Policy struct {
	Profile
	Kind    PolicyKind
	Adopted *PartialDate
}

// EntityKind returns KindPolicy.
func (*Policy) EntityKind() EntityKind { return KindPolicy }

// Validate returns an EINVALID error listing every problem of the policy.
func (p *Policy) Validate() error {
	var v Problems
	p.validate(&v)
	checkKind(&v, "policy kind", p.Kind, PolicyKinds)
	validateOptionalDate(&v, "adopted", p.Adopted)
	return v.Err()
}
