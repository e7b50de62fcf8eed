package domain

import (
	"strings"
	"testing"
)

func TestDefaultVocabularyCoversTheRequiredTypes(t *testing.T) {
	required := []string{"PARTNERS_WITH", "ALLIED_WITH", "SUPPORTS", "OPPOSES", "SANCTIONS", "CONTAINS", "THREATENS",
		"CONSTRAINS", "ENGAGES_ECONOMICALLY_WITH", "ENGAGES_DIPLOMATICALLY_WITH", "PRAISES", "CRITICIZES", "CLAIMS",
		"LEADS", "MEMBER_OF", "REPRESENTS", "FIGHTS", "INTERVENES_IN", "ISSUED", "TARGETS", "PARTY_TO",
		"PARTICIPATED_IN", "LED_TO", "RESPONDED_TO"}
	for _, name := range required {
		if _, ok := DefaultVocabulary.Lookup(name); !ok {
			t.Errorf("vocabulary lacks %s", name)
		}
	}
	issued, _ := DefaultVocabulary.Lookup("ISSUED")
	if msg := issued.CheckEndpoints(Endpoint{Kind: KindActor, ActorKind: ActorState}, Endpoint{Kind: KindPolicy}); msg != "" {
		t.Errorf("ISSUED actor->policy refused: %s", msg)
	}
	if msg := issued.CheckEndpoints(Endpoint{Kind: KindPolicy}, Endpoint{Kind: KindActor}); msg == "" {
		t.Error("ISSUED policy->actor accepted")
	}
	leads, _ := DefaultVocabulary.Lookup("LEADS")
	if msg := leads.CheckEndpoints(Endpoint{Kind: KindActor, ActorKind: ActorState}, Endpoint{Kind: KindActor, ActorKind: ActorState}); !strings.Contains(msg, "PERSON") {
		t.Errorf("LEADS from a state: got %q, want a message naming PERSON", msg)
	}
}

func TestParseVocabularyRejectsBadFiles(t *testing.T) {
	for name, doc := range map[string]string{
		"lower case":      "- {type: partners, meaning: m, from: [Actor], to: [Actor], stances: [NEUTRAL]}",
		"duplicate":       "- {type: A, meaning: m, from: [Actor], to: [Actor], stances: [NEUTRAL]}\n- {type: A, meaning: m, from: [Actor], to: [Actor], stances: [NEUTRAL]}",
		"unknown kind":    "- {type: A, meaning: m, from: [Country], to: [Actor], stances: [NEUTRAL]}",
		"unknown stance":  "- {type: A, meaning: m, from: [Actor], to: [Actor], stances: [FRIENDLY]}",
		"unknown field":   "- {type: A, meaning: m, from: [Actor], to: [Actor], stances: [NEUTRAL], colour: red}",
		"missing stances": "- {type: A, meaning: m, from: [Actor], to: [Actor]}",
	} {
		if _, err := ParseVocabulary([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestRelationValidate(t *testing.T) {
	since, until := PartialDate("2016"), PartialDate("2015")
	r := &Relation{From: "Russia", Type: "LIKES", To: "iran", Since: &since, Until: &until, Confidence: 2}
	problems := ProblemsOf(r.Validate(DefaultVocabulary))
	fields := map[string]bool{}
	for _, p := range problems {
		fields[p.Field] = true
	}
	for _, want := range []string{"from", "type", "until", "confidence", "evidence"} {
		if !fields[want] {
			t.Errorf("no problem reported for %s; got %v", want, problems)
		}
	}

	ok := &Relation{From: "russia", Type: "PARTNERS_WITH", To: "iran", Evidence: []Evidence{{SourceID: "s", Quote: "q"}}}
	if err := ok.Validate(DefaultVocabulary); err != nil {
		t.Fatalf("valid relation refused: %v", err)
	}
	if ok.Stance != "MATERIAL_COOPERATION" || ok.Confidence != 1 {
		t.Errorf("defaults: stance %q confidence %v", ok.Stance, ok.Confidence)
	}
	if got := ok.ID(); got != "russia:PARTNERS_WITH:iran" {
		t.Errorf("ID() = %q", got)
	}
}

func TestRelationIDRoundTrip(t *testing.T) {
	since := PartialDate("2015-09")
	id := RelationID("russia", "INTERVENES_IN", "syria", &since)
	from, typ, to, gotSince, err := ParseRelationID(id)
	if err != nil || from != "russia" || typ != "INTERVENES_IN" || to != "syria" || gotSince == nil || *gotSince != since {
		t.Fatalf("ParseRelationID(%q) = %q %q %q %v %v", id, from, typ, to, gotSince, err)
	}
	for _, bad := range []string{"russia", "a:B", "a:B:c:2015-13", "a:B:c:d:e"} {
		if _, _, _, _, err := ParseRelationID(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseRelationID(%q) error = %v, want EINVALID", bad, err)
		}
	}
}

func TestActorValidate(t *testing.T) {
	a := &Actor{Profile: Profile{ID: "Russia!", Attributes: map[string]any{"kind": 1, "ok": []int{1}}}, Kind: "COUNTRY", Country: "ru", WikidataID: "159"}
	fields := map[string]bool{}
	for _, p := range ProblemsOf(a.Validate()) {
		fields[p.Field] = true
	}
	for _, want := range []string{"id", "name", "kind", "country", "wikidataId", "attributes.kind", "attributes.ok"} {
		if !fields[want] {
			t.Errorf("no problem reported for %s; got %v", want, fields)
		}
	}
}
