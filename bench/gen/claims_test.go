package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/loader"
)

// allClaims returns every claim of the data set with the position of its
// record.
func allClaims(ds *loader.Dataset) map[loader.Position][]domain.Evidence {
	out := map[loader.Position][]domain.Evidence{}
	for _, r := range ds.Actors {
		out[r.Pos] = r.Value.Evidence
	}
	for _, r := range ds.Policies {
		out[r.Pos] = r.Value.Evidence
	}
	for _, r := range ds.Events {
		out[r.Pos] = r.Value.Evidence
	}
	for _, r := range ds.Relations {
		out[r.Pos] = r.Value.Evidence
	}
	return out
}

// TestClaimsFitTheirSentences checks what makes a generated load clean
// under --strict and gives the default modality filter work: no ASSERTED
// claim hedges, every modality is known, attributions name actors, and a
// few claims (not many) are of modalities reads do not serve by default.
func TestClaimsFitTheirSentences(t *testing.T) {
	dir, _ := generate(t, Config{Relations: sizes["small"], Seed: 1})
	ds, err := loader.ReadPaths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	actors := map[string]bool{}
	for _, r := range ds.Actors {
		actors[r.Value.ID] = true
	}
	total, notDefault, attributed := 0, 0, 0
	modalities := map[domain.Modality]int{}
	for pos, evidence := range allClaims(ds) {
		for _, e := range evidence {
			m := e.Modality
			if m == "" {
				m = domain.ModalityAsserted
			}
			total++
			modalities[m]++
			if !domain.DefaultModalities.Known(m) {
				t.Errorf("%s: unknown modality %q", pos, m)
			}
			if markers := domain.DefaultModalities.HedgeMarkers(e.Quote); m == domain.ModalityAsserted && len(markers) > 0 {
				t.Errorf("%s: ASSERTED claim hedges (%v): %q", pos, markers, e.Quote)
			}
			if !slices.Contains(domain.DefaultModalities.Defaults(), m) {
				notDefault++
			}
			if e.AttributedTo != "" {
				attributed++
				if !actors[e.AttributedTo] {
					t.Errorf("%s: attributedTo %q is not an actor", pos, e.AttributedTo)
				}
			}
		}
	}
	if share := float64(notDefault) / float64(total); share < 0.01 || share > 0.10 {
		t.Errorf("%d of %d claims (%.1f%%) are not served by default, want a few percent", notDefault, total, 100*share)
	}
	for _, m := range []domain.Modality{domain.ModalityAsserted, modalityReported, modalityIntended, modalityPredicted, domain.ModalityDenied} {
		if modalities[m] == 0 {
			t.Errorf("no claim is %s: %v", m, modalities)
		}
	}
	if attributed == 0 {
		t.Error("no claim is attributed to an actor")
	}
}

// TestPreClaimsOutput checks that -pre-claims writes the same relations
// and quotes in the columns of actorgraph before claims.
func TestPreClaimsOutput(t *testing.T) {
	cfg := Config{Relations: 2000, Seed: 4}
	dir, _ := generate(t, cfg)
	cfg.PreClaims = true
	pre, _ := generate(t, cfg)
	for _, name := range []string{"actors.csv", "policies.csv", "events.csv", "relations.csv"} {
		header := csvHeader(t, filepath.Join(pre, name))
		if header[len(header)-2] != "source" || header[len(header)-1] != "quote" {
			t.Errorf("%s: pre-claims header %v does not end with source, quote", name, header)
		}
	}
	now, err := loader.ReadPaths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	before, err := loader.ReadPaths([]string{pre})
	if err != nil {
		t.Fatal(err)
	}
	if len(now.Relations) != len(before.Relations) || len(now.Actors) != len(before.Actors) {
		t.Fatalf("%d relation and %d actor rows, pre-claims %d and %d", len(now.Relations), len(now.Actors), len(before.Relations), len(before.Actors))
	}
	for i, r := range now.Relations {
		b := before.Relations[i].Value
		if r.Value.ID() != b.ID() || len(r.Value.Evidence) != 1 || len(b.Evidence) != 1 || r.Value.Evidence[0].Quote != b.Evidence[0].Quote {
			t.Fatalf("relation row %d: %s %v, pre-claims %s %v", i, r.Value.ID(), r.Value.Evidence, b.ID(), b.Evidence)
		}
		if b.Evidence[0].Modality != "" || b.Evidence[0].AttributedTo != "" {
			t.Errorf("pre-claims relation %s has claim fields: %+v", b.ID(), b.Evidence[0])
		}
	}
	groups := 0
	for i, r := range now.Actors {
		want := r.Value.Kind
		if want == domain.ActorGroup {
			want, groups = domain.ActorPerson, groups+1
		}
		if got := before.Actors[i].Value.Kind; r.Value.ID != before.Actors[i].Value.ID || got != want {
			t.Errorf("actor %s is a %s, pre-claims %s a %s", r.Value.ID, r.Value.Kind, before.Actors[i].Value.ID, got)
		}
	}
	if groups == 0 {
		t.Error("no GROUP actor to write as a PERSON")
	}
}

func csvHeader(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	header, err := csv.NewReader(f).Read()
	if err != nil {
		t.Fatal(err)
	}
	return header
}
