package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/actorgraph/actorgraph/domain"
)

// Names are made of syllables, so that they look like names without being
// anyone's.
var syllables = []string{
	"ka", "ra", "vo", "lin", "dor", "mes", "tal", "ur", "bel", "quin", "sa", "tor", "ve", "na", "gol",
	"ri", "zan", "mi", "cor", "eth", "ul", "an", "bri", "del", "fen", "ost", "par", "sel", "tum", "vy",
	"ko", "ma", "lu", "ser", "gan", "hel", "im", "jor", "kes", "lo", "mur", "nev", "or", "pel", "ros",
	"sta", "ter", "var", "wen", "yor", "zel", "dra", "bo", "ci", "fa", "ga", "har", "is", "ja", "ken",
}

// word is a capitalised name of lo..hi syllables.
func word(r *rand.Rand, lo, hi int) string {
	var b strings.Builder
	n := lo + r.IntN(hi-lo+1)
	for i := range n {
		s := syllables[r.IntN(len(syllables))]
		if i == 0 {
			s = strings.ToUpper(s[:1]) + s[1:]
		}
		b.WriteString(s)
	}
	return b.String()
}

var stateSuffixes = []string{"ia", "a", "land", "stan", "ora", "eria", "", "istan", "ania", "ovia"}
var citySuffixes = []string{"", "", "grad", "burg", "polis", "abad", "ville", "port", "sk"}
var stateForms = []string{"Republic", "Kingdom", "Federation", "Commonwealth", "Democratic Republic", "Union"}
var worldRegions = []string{"the north", "the south", "the east", "the west", "the Caucasus", "the Balkans",
	"the Levant", "the Sahel", "Central Asia", "the Baltic", "the Pacific", "the Gulf", "the Andes", "the Horn of Africa"}

// adjective makes the demonym of a state's name: Valoria -> Valorian.
func adjective(name string) string {
	switch {
	case strings.HasSuffix(name, "a"):
		return name + "n"
	case strings.HasSuffix(name, "land"):
		return name + "ic"
	case strings.HasSuffix(name, "stan"):
		return name + "i"
	case strings.HasSuffix(name, "i"), strings.HasSuffix(name, "e"), strings.HasSuffix(name, "o"):
		return name + "se"
	}
	return name + "ian"
}

// acronym is the capitals of a name's words: "Valorian Workers' Party" -> VWP.
func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		c := []rune(w)[0]
		if unicode.IsUpper(c) {
			b.WriteRune(c)
		}
	}
	return b.String()
}

var personTitles = []string{"President", "Minister", "General", "Senator", "Ambassador", "Chairman", "Dr.", "Mr.", "Ms.", "Governor"}
var personRoles = []string{"politician", "diplomat", "businessman", "journalist", "general", "foreign minister",
	"head of state", "opposition leader", "political donor", "campaign adviser", "central banker", "activist"}

var kindPhrase = map[domain.ActorKind]string{
	domain.ActorGroup:          "A group of people",
	domain.ActorGovernmentBody: "A government body",
	domain.ActorOrganization:   "An organisation",
	domain.ActorAlliance:       "An alliance",
	domain.ActorArmedGroup:     "An armed group",
	domain.ActorMedia:          "A news outlet",
	domain.ActorRegion:         "A region",
}

// actorName names a non-state actor whose home state is home.
func actorName(r *rand.Rand, kind domain.ActorKind, home *actor) string {
	w := word(r, 2, 3)
	switch kind {
	case domain.ActorPerson:
		given := word(r, 2, 2)
		if chance(r, 0.15) {
			given += " " + string(rune('A'+r.IntN(26))) + "."
		}
		return given + " " + w
	case domain.ActorGroup:
		return fmt.Sprintf(pick(r, []string{"%[1]s's advisers", "%[1]s's donors", "%[2]s opposition leaders", "%[2]s business leaders",
			"%[2]s war veterans", "Supporters of %[1]s", "%[2]s exiles in %[3]s", "%[2]s regional governors"}), w, home.adj, home.capital)
	case domain.ActorGovernmentBody:
		return fmt.Sprintf(pick(r, []string{"%[1]s Ministry of Defence", "%[1]s Ministry of Foreign Affairs", "%[1]s Parliament",
			"%[2]s Security Council", "%[1]s Senate", "%[1]s Central Bank", "%[1]s Ministry of Finance", "%[1]s Intelligence Service",
			"Office of the President of %[2]s", "%[1]s Supreme Court", "%[1]s Trade Commission", "%[1]s Ministry of Energy",
			"%[3]s City Council", "%[1]s Election Commission"}), home.adj, home.name, home.capital)
	case domain.ActorOrganization:
		return fmt.Sprintf(pick(r, []string{"%[1]s Energy Corporation", "%[2]s Workers' Party", "%[1]s Institute for Strategic Studies",
			"%[1]s Holdings", "%[2]s Chamber of Commerce", "%[1]s Foundation", "%[2]s Democratic Party", "%[1]s Shipping Company",
			"%[1]s Arms Manufacturing", "%[1]s Bank", "%[2]s Red Crescent", "%[1]s Action Committee", "Friends of %[1]s",
			"%[2]s Farmers' Union", "%[1]s Mining Group"}), w, home.adj)
	case domain.ActorAlliance:
		return fmt.Sprintf("%s %s %s", pick(r, []string{"Northern", "Southern", "Eastern", "Western", "Central", "Atlantic",
			"Pacific", "Arctic", "Continental", "Mutual"}), w, pick(r, []string{"Alliance", "Pact", "Treaty Organization",
			"Coalition", "Union", "Partnership", "Defence Community"}))
	case domain.ActorArmedGroup:
		return fmt.Sprintf(pick(r, []string{"%[2]s Liberation Front", "%[1]s Brigades", "%[2]s People's Army", "%[1]s Militia",
			"%[2]s Resistance Movement", "%[1]s Battalion", "Army of %[1]s"}), w, home.adj)
	case domain.ActorMedia:
		return fmt.Sprintf(pick(r, []string{"The %[1]s Herald", "%[1]s Times", "%[2]s Broadcasting Corporation", "%[1]s News Agency",
			"%[1]s Daily", "The %[1]s Post", "%[2]s Television", "The %[1]s Review", "%[3]s Gazette"}), w, home.adj, home.capital)
	case domain.ActorRegion:
		return fmt.Sprintf(pick(r, []string{"Northern %[2]s", "Southern %[2]s", "%[1]s Oblast", "%[1]s Province", "%[1]s Valley",
			"%[1]s Basin", "%[1]s Peninsula", "%[1]s Region", "%[1]s Islands"}), w, home.name)
	}
	return w
}

var policyPhrase = map[string]string{
	"STRATEGY": "A strategy", "DOCTRINE": "A doctrine", "SANCTIONS_REGIME": "A sanctions regime",
	"AGREEMENT": "An agreement", "LEGISLATION": "A law", "POLICY_PROGRAM": "A policy programme",
	"TRADE_MEASURE": "A trade measure",
}

func policyName(r *rand.Rand, kind string, owner, target *actor, year int) string {
	switch kind {
	case "STRATEGY":
		return fmt.Sprintf("%s %s Strategy (%d)", owner.adj, pick(r, []string{"National Security", "Defence", "Energy",
			"Indo-Pacific", "Arctic", "Cyber", "Maritime"}), year)
	case "DOCTRINE":
		return fmt.Sprintf(pick(r, []string{"%[1]s Doctrine", "%[2]s Foreign Policy Concept (%[3]d)", "%[2]s doctrine of strategic depth"}),
			word(r, 2, 3), owner.adj, year)
	case "SANCTIONS_REGIME":
		return fmt.Sprintf(pick(r, []string{"%[1]s sanctions on %[2]s", "%[1]s sanctions against %[3]s oligarchs",
			"%[1]s sanctions on %[2]s (%[4]d)"}), owner.adj, target.name, target.adj, year)
	case "AGREEMENT":
		return fmt.Sprintf("%s–%s %s Agreement (%d)", owner.name, target.name, pick(r, []string{"Trade", "Arms Control",
			"Friendship", "Security", "Ceasefire", "Gas Supply", "Nuclear"}), year)
	case "LEGISLATION":
		return fmt.Sprintf("%s %s Act of %d", owner.adj, pick(r, []string{"Foreign Agents", "Countering Adversaries",
			"Energy Security", "Export Control", "Media Freedom", "Defence Authorization", "Election Integrity"}), year)
	case "TRADE_MEASURE":
		return fmt.Sprintf("%s %s on %s %s", owner.adj, pick(r, []string{"tariffs", "export controls", "import quotas"}),
			target.adj, pick(r, []string{"steel", "grain", "electronics", "cars", "oil", "semiconductors", "fertiliser"}))
	}
	return fmt.Sprintf(pick(r, []string{"%[1]s military aid to %[2]s", "%[1]s containment of %[2]s", "%[1]s engagement with %[2]s",
		"%[1]s energy diversification programme", "%[1]s reform advice to %[2]s", "%[1]s democracy promotion in %[2]s"}),
		owner.adj, target.name)
}

var eventPhrase = map[string]string{
	"SPEECH": "A speech", "STATEMENT": "A statement", "INTERVIEW": "An interview", "MEETING": "A meeting",
	"RALLY": "A rally", "FUNDRAISING": "Fundraising", "ELECTION_CAMPAIGN": "An election campaign", "REPORT": "A report",
	"NEGOTIATION": "Negotiations", "MILITARY_INTERVENTION": "A military intervention", "INVASION": "An invasion",
	"WAR": "A war", "CONFLICT": "A conflict", "PERIOD": "A period",
}

func eventName(r *rand.Rand, kind string, host, other *actor, person string, d date, end *date) string {
	span := fmt.Sprint(d.y)
	if end != nil && end.y != d.y {
		span = fmt.Sprintf("%d–%d", d.y, end.y)
	}
	switch kind {
	case "SPEECH":
		return fmt.Sprintf("%s's speech in %s (%s)", person, host.capital, d)
	case "STATEMENT":
		return fmt.Sprintf("%s's statement on %s (%s)", person, other.name, d)
	case "INTERVIEW":
		return fmt.Sprintf("%s's interview with the %s %s (%s)", person, host.capital, pick(r, []string{"Times", "Herald", "Post"}), d)
	case "MEETING":
		return fmt.Sprintf("%s–%s %s in %s (%s)", host.name, other.name, pick(r, []string{"summit", "meeting", "conference"}), host.capital, d)
	case "RALLY":
		return fmt.Sprintf("%s rally in %s (%s)", person, host.capital, d)
	case "FUNDRAISING":
		return fmt.Sprintf("%s campaign fundraising (%04d-%02d)", person, d.y, d.m)
	case "ELECTION_CAMPAIGN":
		return fmt.Sprintf("%d %s %s election campaign", d.y, host.adj, pick(r, []string{"presidential", "parliamentary", "local"}))
	case "REPORT":
		return fmt.Sprintf("%s report on %s %s (%d)", word(r, 2, 3), host.adj, pick(r, topics), d.y)
	case "NEGOTIATION":
		return fmt.Sprintf("%s–%s talks on %s (%s)", host.name, other.name, pick(r, topics), span)
	case "MILITARY_INTERVENTION":
		return fmt.Sprintf("%s intervention in %s (%s)", host.adj, other.name, span)
	case "INVASION":
		return fmt.Sprintf("%s invasion of %s (%s)", host.adj, other.name, span)
	case "WAR":
		return fmt.Sprintf("%s–%s war (%s)", host.name, other.name, span)
	case "CONFLICT":
		return fmt.Sprintf("%s %s (%s)", other.name, pick(r, []string{"crisis", "conflict", "insurgency"}), span)
	}
	return fmt.Sprintf("%s–%s %s (%s)", host.adj, other.adj, pick(r, []string{"détente", "rapprochement", "cold peace"}), span)
}

var sourceSeries = []string{"Review", "Quarterly", "Bulletin", "Report", "Brief", "Monitor", "Digest"}
var publisherKinds = []string{"Institute", "Times", "Center", "Review", "Press", "Foundation", "Observer"}
var topics = []string{"energy security", "arms control", "sanctions", "trade", "the regional balance of power",
	"election interference", "maritime disputes", "nuclear proliferation", "refugee flows", "military aid",
	"cyber operations", "grain exports", "debt relief", "border security", "the ceasefire"}
var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December"}

var roles = []string{"speaker", "host", "organiser", "participant", "party", "invader", "invaded state",
	"intervening power", "mediator", "target", "fundraiser", "candidate", "interviewee", "publisher", "observer",
	"guarantor", "supported government", "rebels", "sources", "delegation"}
var positions = []string{"ambassador to the UN", "ambassador", "spokesperson", "special envoy", "trade representative",
	"negotiator", "chief of staff"}

// Sentence parts.
var (
	pastVerbs = []string{"supported", "criticised", "sanctioned", "praised", "threatened", "courted", "armed",
		"funded", "condemned", "recognised", "warned", "backed", "rebuked", "invited", "pressured"}
	infVerbs = []string{"support", "sanction", "engage with", "confront", "arm", "fund", "isolate", "recognise",
		"negotiate with", "contain", "reassure", "mediate between"}
	perfVerbs = []string{"opposed", "supported", "traded with", "competed with", "allied itself with", "funded",
		"criticised", "negotiated with"}
	purposes = []string{"to secure its southern border", "in exchange for energy deliveries", "despite domestic opposition",
		"to counter a rival's influence", "as part of a wider strategy", "without consulting its allies",
		"after months of talks", "under pressure from parliament"}
	officials = []string{"officials", "diplomats", "analysts", "lawmakers", "military sources", "senior aides", "observers"}
	metrics   = []string{"defence budget", "trade surplus", "gas exports", "foreign reserves", "troop presence",
		"aid budget", "arms imports", "approval rating"}
	units  = []string{"tanks", "artillery systems", "drones", "tonnes of grain", "advisers", "million dollars", "vehicles"}
	moods  = []string{"tense", "cordial", "frozen", "strained", "unusually warm", "volatile", "pragmatic"}
	claims = []string{"We will not abandon our partners", "Our patience has limits", "Dialogue remains the only way forward",
		"These sanctions will fail", "We stand ready to help", "Nobody can dictate our foreign policy",
		"The agreement serves both our peoples"}
	reactions = []string{"denied", "confirmed", "welcomed", "condemned", "questioned", "dismissed"}
)

// writeSentence writes one sentence of a source text, naming actors of the
// data set, and returns how the sentence holds what it says: the modality
// and attribution of a claim quoting it. The sentences that hedge (see
// hedgeMarkers in domain/modalities.yaml) are reported, intended or
// predicted, never asserted.
func writeSentence(r *rand.Rand, b *strings.Builder, g *generator) voice {
	someone := func() int { return r.IntN(len(g.actors)) }
	name := func(i int) string { return g.actors[i].name }
	city := func() string { return g.actors[g.states[r.IntN(len(g.states))]].capital }
	year := func() int { return 1990 + r.IntN(35) }
	a, c := someone(), someone()
	switch r.IntN(10) {
	case 0:
		fmt.Fprintf(b, "%s %s %s in %s %d, according to %s in %s.", name(a), pick(r, pastVerbs), name(c), pick(r, months), year(), pick(r, officials), city())
		return voice{modality: modalityReported, speaker: -1}
	case 1:
		fmt.Fprintf(b, "In %s %d, %s said it would %s %s %s.", pick(r, months), year(), name(a), pick(r, infVerbs), name(c), pick(r, purposes))
		return voice{modality: modalityIntended, speaker: a}
	case 2:
		reporter := someone()
		fmt.Fprintf(b, "%s reported that %s and %s had discussed %s for %d months.", name(reporter), name(a), name(c), pick(r, topics), 2+r.IntN(30))
		return voice{modality: modalityReported, speaker: reporter}
	case 3:
		fmt.Fprintf(b, "“%s,” a spokesperson for %s told reporters in %s.", pick(r, claims), name(a), city())
		return voice{modality: modalityReported, speaker: a}
	case 4:
		y := year()
		fmt.Fprintf(b, "The %s of %s %s by %d percent in %d, the %s change since %d.", pick(r, metrics), name(a),
			pick(r, []string{"rose", "fell"}), 1+r.IntN(60), y, pick(r, []string{"largest", "smallest"}), y-1-r.IntN(20))
	case 5:
		fmt.Fprintf(b, "Analysts expect %s to %s %s before the end of %d, although %s in %s remain %s.", name(a), pick(r, infVerbs), name(c),
			year(), pick(r, officials), city(), pick(r, []string{"cautious", "sceptical", "divided", "hopeful"}))
		return voice{modality: modalityPredicted, speaker: -1}
	case 6:
		fmt.Fprintf(b, "%s, which has %s %s since %d, %s the plan on %d %s.", name(a), pick(r, perfVerbs), name(c), year(),
			pick(r, reactions), 1+r.IntN(28), pick(r, months))
	case 7:
		y := year()
		fmt.Fprintf(b, "According to %s, some %d %s were delivered to %s between %d and %d.", name(a), 10+r.IntN(5000), pick(r, units), name(c), y, y+1+r.IntN(5))
		return voice{modality: modalityReported, speaker: a}
	case 8:
		fmt.Fprintf(b, "Relations between %s and %s have been %s since the talks on %s in %d.", name(a), name(c), pick(r, moods), pick(r, topics), year())
	default:
		reaction := pick(r, reactions)
		fmt.Fprintf(b, "%s %s reports that %s had %s %s.", name(a), reaction, name(c), pick(r, pastVerbs), name(someone()))
		switch reaction {
		case "denied":
			return voice{modality: domain.ModalityDenied, speaker: a}
		case "confirmed":
			return voice{modality: modalityReported, speaker: a}
		}
	}
	return ownVoice
}
