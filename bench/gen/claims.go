package main

import (
	"slices"

	"github.com/actorgraph/actorgraph/domain"
)

// Claims: every piece of evidence is a claim with a modality fitting the
// sentence it quotes (see voice), so that a generated load gets no hedging
// warnings. A few are not facts (intentions, forecasts, denials): the
// default modality filter of reads has work to do.

// The modalities sentences are given (domain/modalities.yaml), besides
// domain.ModalityAsserted and domain.ModalityDenied.
const (
	modalityReported  domain.Modality = "REPORTED"
	modalityIntended  domain.Modality = "INTENDED"
	modalityPredicted domain.Modality = "PREDICTED"
)

// keepNotDefault is the chance that a sentence drawn for a claim is kept
// when its modality is not served by default; otherwise another is drawn.
// About a fifth of sentences are intentions, forecasts or denials: this
// makes about 4% of claims so.
const keepNotDefault = 0.15

// voice is how a sentence holds what it says: the modality of a claim that
// quotes it ("" for ASSERTED, the loader's default) and the actor it is
// attributed to (an index into the actors, or -1 for the source's voice).
type voice struct {
	modality domain.Modality
	speaker  int
}

// ownVoice is a sentence the source asserts.
var ownVoice = voice{speaker: -1}

// claim is one piece of evidence as its CSV columns give it.
type claim struct {
	source, quote string
	modality      domain.Modality // "" for ASSERTED
	attributedTo  string          // actor id, or ""
}

// claimHeader is the names of the claim columns: with pre-claims output,
// only those of actorgraph before claims.
func (g *generator) claimHeader() []string {
	if g.cfg.PreClaims {
		return []string{"source", "quote"}
	}
	return []string{"source", "quote", "modality", "attributedTo"}
}

// columns is the claim's cells under claimHeader.
func (g *generator) columns(c claim) []string {
	if g.cfg.PreClaims {
		return []string{c.source, c.quote}
	}
	return []string{c.source, c.quote, string(c.modality), c.attributedTo}
}

// kindColumn is the actor kind as written: pre-claims output has no GROUP,
// and writes groups as people (every relation type that takes a group
// from its allowed kinds takes a person).
func (g *generator) kindColumn(k domain.ActorKind) string {
	if g.cfg.PreClaims && k == domain.ActorGroup {
		return string(domain.ActorPerson)
	}
	return string(k)
}

// nodeEvidence returns the claims of a node: none for most (one empty
// claim, a row without evidence), one for some, two for a few.
func (g *generator) nodeEvidence() []claim {
	switch x := g.r.Float64(); {
	case x < 0.05:
		return g.evidence(2)
	case x < 0.40:
		return g.evidence(1)
	}
	return []claim{{}}
}

// defaultModalities are those reads without a modality serve.
var defaultModalities = domain.DefaultModalities.Defaults()

// servedByDefault reports whether reads without a modality serve m.
func servedByDefault(m domain.Modality) bool {
	return m == "" || slices.Contains(defaultModalities, m)
}

// evidence picks n distinct (source, sentence) pieces and quotes them,
// each with the modality and attribution its sentence gives.
func (g *generator) evidence(n int) []claim {
	out := make([]claim, 0, n)
	var picked [][2]int
	for len(out) < n {
		s := int(g.sourcePool.pick(g.r))
		j := g.r.IntN(g.sources[s].sentences)
		if slices.Contains(picked, [2]int{s, j}) {
			continue
		}
		quote, v := g.sentence(s, j)
		if !servedByDefault(v.modality) && !chance(g.r, keepNotDefault) {
			continue
		}
		picked = append(picked, [2]int{s, j})
		c := claim{source: g.sources[s].id, quote: quote, modality: v.modality}
		if v.speaker >= 0 {
			c.attributedTo = g.ids[v.speaker]
		}
		out = append(out, c)
	}
	return out
}
