package domain

import (
	"strings"
	"testing"
)

func TestDefaultEventCodesCoverEveryCameoRootAndMapIntoTheVocabulary(t *testing.T) {
	codes, err := ParseEventCodes(eventCodesYAML, DefaultVocabulary)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Stance{"01": "VERBAL_COOPERATION", "05": "VERBAL_COOPERATION", "06": "MATERIAL_COOPERATION",
		"08": "MATERIAL_COOPERATION", "09": "VERBAL_CONFLICT", "13": "VERBAL_CONFLICT", "14": "MATERIAL_CONFLICT", "20": "MATERIAL_CONFLICT"}
	for root := 1; root <= 20; root++ {
		code := string(rune('0'+root/10)) + string(rune('0'+root%10)) + "0"
		c, ok := codes.CameoRoot(code)
		if !ok {
			t.Fatalf("CAMEO code %s has no root entry", code)
		}
		if w, ok := want[c.Root]; ok && c.QuadClass != w {
			t.Errorf("root %s: quad class %s, want %s", c.Root, c.QuadClass, w)
		}
		rt, ok := DefaultVocabulary.Lookup(c.RelationType)
		if !ok || !rt.AllowsStance(c.QuadClass) {
			t.Errorf("root %s: relation type %s is not in the vocabulary or does not take %s", c.Root, c.RelationType, c.QuadClass)
		}
		if _, ok := Stances[c.QuadClass]; !ok {
			t.Errorf("root %s: quad class %s is not a domain stance", c.Root, c.QuadClass)
		}
	}
	for _, typ := range []string{"AGREE", "demand", "DISAPPROVE", "FIGHT", "INVESTIGATE", "ASSAULT"} {
		c, ok := codes.PloverType(typ)
		if !ok || c.Documentation {
			t.Errorf("PLOVER type %s: missing or not an event", typ)
			continue
		}
		if _, ok := DefaultVocabulary.Lookup(c.RelationType); !ok {
			t.Errorf("PLOVER type %s: relation type %s not in the vocabulary", typ, c.RelationType)
		}
	}
	if c, ok := codes.PloverType("DOCUMENT"); !ok || !c.Documentation {
		t.Error("DOCUMENT must be listed as documentation")
	}
	for q := 1; q <= 4; q++ {
		if s, ok := codes.GdeltQuadClass(q); !ok || s != EventQuadClasses[q-1] {
			t.Errorf("GDELT QuadClass %d: %s, want %s", q, s, EventQuadClasses[q-1])
		}
	}
}

func TestEventCodesRefuseWhatTheVocabularyDoesNotHave(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{`cameo: [{root: "01", quadClass: VERBAL_COOPERATION, relationType: NO_SUCH_TYPE}]`, "not in the vocabulary"},
		{`cameo: [{root: "01", quadClass: NEUTRAL, relationType: SUPPORTS}]`, "not a quad class"},
		{`cameo: [{root: "01", quadClass: VERBAL_CONFLICT, relationType: SUPPORTS}]`, "does not take stance"},
		{`cameo: [{root: "1", quadClass: VERBAL_COOPERATION, relationType: SUPPORTS}]`, "two digits"},
		{`defaultKind: SPACESHIP`, "not one of the actor kinds"},
		{`gdeltQuadClasses: [{code: 1, quadClass: FRIENDLY}]`, "not a quad class"},
	} {
		_, err := ParseEventCodes([]byte(tc.yaml+"\n"), DefaultVocabulary)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error containing %q", tc.yaml, err, tc.want)
		}
	}
}

func TestActorKindsFollowTheTableInOrder(t *testing.T) {
	k := DefaultEventCodes
	for _, tc := range []struct {
		sectors           []string
		named, hasCountry bool
		want              ActorKind
	}{
		{nil, true, false, ActorRegion},
		{[]string{"Executive", "Foreign Ministry", "Government"}, false, true, ActorGovernmentBody},
		{[]string{"Elite", "Government", "Executive Office"}, true, true, ActorPerson},
		{[]string{"Elite", "Government", "Executive Office"}, false, true, ActorGovernmentBody},
		{[]string{"Business", "Social"}, true, false, ActorOrganization},
		{[]string{"REB"}, false, true, ActorArmedGroup},
		{[]string{"GOVxyz"}, false, true, ActorGovernmentBody},
		{[]string{"General Population / Civilian / Social"}, false, true, ActorGroup},
	} {
		if got := k.ActorKind(tc.sectors, tc.named, tc.hasCountry); got != tc.want {
			t.Errorf("ActorKind(%v, named=%v, country=%v) = %s, want %s", tc.sectors, tc.named, tc.hasCountry, got, tc.want)
		}
	}
}

func TestCountriesResolveNamesVariantsAndCodes(t *testing.T) {
	c, err := ParseCountries(countriesYAML)
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"Russian Federation": "RUS", "russia": "RUS", "RUS": "RUS", "United States": "USA", "usa": "USA",
		"Occupied Palestinian Territory": "PSE", "the former Yugoslav Republic of Macedonia": "MKD",
		"Democratic Republic of Congo": "COD", "Cote d'Ivoire": "CIV", "  United   Kingdom ": "GBR",
	} {
		got, ok := c.Lookup(in)
		if !ok || got.Code != want {
			t.Errorf("Lookup(%q) = %v, want %s", in, got, want)
		}
	}
	if _, ok := c.Lookup("Atlantis"); ok {
		t.Error("Atlantis resolved")
	}
	if ru, _ := c.Code("RUS"); ru.Name != "Russia" {
		t.Errorf("RUS is named %q", ru.Name)
	}
	for _, tc := range []struct{ yaml, want string }{
		{"- {code: RUS, name: Russia}\n- {code: RUS, name: Russia again}", "listed twice"},
		{"- {code: ru, name: Russia}", "three upper-case letters"},
		{"- {code: AAA, name: A, names: [Same]}\n- {code: BBB, name: B, names: [same]}", "names both"},
	} {
		if _, err := ParseCountries([]byte(tc.yaml)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.yaml, err, tc.want)
		}
	}
}
