package store_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/eventfixture"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// TestReadsAreIndexBacked runs every look-up the API makes, records the
// statements the store sends, and has Neo4j EXPLAIN each: none may scan
// all nodes, and look-ups may not scan a whole label either.
func TestReadsAreIndexBacked(t *testing.T) {
	var mu sync.Mutex
	var sent []store.Statement
	cfg := neo4jtest.Config(t)
	cfg.Observe = func(st store.Statement) {
		mu.Lock()
		sent = append(sent, st)
		mu.Unlock()
	}
	s, err := store.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	neo4jtest.LoadSeed(t, s)
	eventfixture.Write(t)
	ctx := context.Background()
	y2015 := domain.PartialDate("2015")
	lookups := relationReads(ctx, s)
	maps.Copy(lookups, dyadReads(ctx, s))
	maps.Copy(lookups, map[string]func() error{
		"Entities":    func() error { _, err := s.Entities(ctx, []string{"russia", "jcpoa"}); return err },
		"Sources":     func() error { _, err := s.Sources(ctx, []string{"russia-us-relations-2024-05-31"}); return err },
		"ActorByName": func() error { _, err := s.ActorByName(ctx, "The Kremlin"); return err },
		"EntitiesOf":  func() error { _, err := s.EntitiesOf(ctx, []string{"russia"}, domain.KindEvent, 20, nil); return err },
		"Search":      func() error { _, err := s.Search(ctx, "Munich", nil, 5); return err },
		"LookupNodes": func() error { _, err := s.LookupNodes(ctx, []string{"russia"}); return err },
		"SourceTexts": func() error { _, err := s.SourceTexts(ctx, []string{"russia-us-relations-2024-05-31"}); return err },
	})
	for name, call := range lookups {
		t.Run(name, func(t *testing.T) {
			mu.Lock()
			sent = nil
			mu.Unlock()
			if err := call(); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			statements := slices.Clone(sent)
			mu.Unlock()
			if len(statements) == 0 {
				t.Fatal("no statement recorded")
			}
			for _, st := range statements {
				ops := neo4jtest.PlanOperators(t, st.Cypher, st.Params)
				for _, op := range ops {
					if op == "AllNodesScan" || op == "NodeByLabelScan" || strings.Contains(op, "RelationshipTypeScan") {
						t.Errorf("%s scans (%v):\n%s", op, ops, st.Cypher)
					}
				}
			}
		})
	}

	t.Run("lists read through an index where a filter allows", func(t *testing.T) {
		mu.Lock()
		sent = nil
		mu.Unlock()
		if _, err := s.Actors(ctx, domain.ActorFilter{Kinds: []domain.ActorKind{domain.ActorPerson}}, store.ActorOrder{}, 20, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Events(ctx, domain.EventFilter{From: &y2015, To: &y2015}, 20, nil); err != nil {
			t.Fatal(err)
		}
		// An index seek; for events, also a scan of the date index in the
		// order the page is sorted by: with an open-ended range (dateStart <= $windowTo) the
		// two read the same entries, and which one Neo4j picks depends on
		// its statistics, which depend on what earlier tests wrote.
		for _, st := range sent {
			ops := neo4jtest.PlanOperators(t, st.Cypher, st.Params)
			openRange := strings.Contains(st.Cypher, "n.dateStart <= $windowTo")
			if !slices.ContainsFunc(ops, func(op string) bool { return strings.Contains(op, "IndexSeek") || openRange && op == "NodeIndexScan" }) {
				t.Errorf("no index seek or ordered index scan in %v:\n%s", ops, st.Cypher)
			}
		}
	})
}

// relationReads are the look-ups of TestReadsAreIndexBacked that read
// relations, with and without claim filters, on the seed.
func relationReads(ctx context.Context, s *store.Store) map[string]func() error {
	russia, israel := "russia", "israel"
	y2015, y2020, y2024 := domain.PartialDate("2015"), domain.PartialDate("2020"), domain.PartialDate("2024")
	// Predictions too, valid in 2020, known in 2024.
	claims := domain.ClaimFilter{Modalities: []domain.Modality{"ASSERTED", "PREDICTED"}, AsOf: &y2020, KnownAt: &y2024}
	return map[string]func() error{
		"RelationsOf": func() error {
			_, _, err := s.RelationsOf(ctx, []string{"russia", "iran"}, store.Both, domain.RelationFilter{}, 20, nil, true)
			return err
		},
		"ActorWithRelations": func() error {
			_, _, _, err := s.ActorWithRelations(ctx, "The Kremlin", store.Out, domain.RelationFilter{Claims: claims}, 20, nil, true)
			return err
		},
		"Relation": func() error { _, err := s.Relation(ctx, "iran:PARTNERS_WITH:russia"); return err },
		"Relation/symmetric reversed": func() error {
			_, err := s.Relation(ctx, "russia:PARTNERS_WITH:iran")
			return err
		},
		"Relations/from": func() error {
			_, err := s.Relations(ctx, domain.RelationFilter{From: &russia, To: &israel}, 20, nil)
			return err
		},
		"Relations/from with claims": func() error {
			_, err := s.Relations(ctx, domain.RelationFilter{From: &russia, Claims: claims}, 20, nil)
			return err
		},
		"Relations/to symmetric": func() error {
			_, err := s.Relations(ctx, domain.RelationFilter{To: &israel, Types: []string{"PARTNERS_WITH", "SANCTIONS"}}, 20, nil)
			return err
		},
		"RelationsOf/out with claims": func() error {
			_, _, err := s.RelationsOf(ctx, []string{"russia", "iran"}, store.Out, domain.RelationFilter{Claims: claims}, 20, nil, true)
			return err
		},
		"RelationsOf/in symmetric": func() error {
			f := domain.RelationFilter{Types: []string{"PARTNERS_WITH", "SANCTIONS"}, Claims: domain.ClaimFilter{AsOf: &y2020}}
			_, _, err := s.RelationsOf(ctx, []string{"russia", "iran"}, store.In, f, 20, nil, true)
			return err
		},
		"Neighbourhood": func() error { _, err := s.Neighbourhood(ctx, "russia", 2, nil, domain.ClaimFilter{}, 50); return err },
		"Neighbourhood/claims": func() error {
			_, err := s.Neighbourhood(ctx, "russia", 2, nil, claims, 50)
			return err
		},
		"Paths": func() error {
			_, err := s.Paths(ctx, store.PathQuery{From: "russia", To: "israel", MaxHops: 4, Limit: 3, Budget: store.DefaultPathBudget})
			return err
		},
		"Paths/claims and types": func() error {
			q := store.PathQuery{From: "russia", To: "israel", MaxHops: 4, Types: []string{"PARTNERS_WITH", "SUPPORTS", "SANCTIONS"},
				Claims: claims, Limit: 3, Budget: store.DefaultPathBudget}
			_, err := s.Paths(ctx, q)
			return err
		},
		"Timeline/actor": func() error {
			_, err := s.Timeline(ctx, &russia, &y2015, nil, domain.ClaimFilter{}, 20, nil)
			return err
		},
		"Timeline/actor with claims": func() error {
			_, err := s.Timeline(ctx, &russia, &y2015, nil, claims, 20, nil)
			return err
		},
	}
}

// dyadReads are the look-ups of TestReadsAreIndexBacked over coded events'
// aggregates, with and without a window (a missing end is read from the
// data), on the event fixture.
func dyadReads(ctx context.Context, s *store.Store) map[string]func() error {
	y2018 := domain.PartialDate("2018")
	conflict := domain.Stance("MATERIAL_CONFLICT")
	return map[string]func() error{
		"Dyad": func() error {
			_, err := s.Dyad(ctx, "united-states", "icews-vladimir-putin", &y2018, &y2018, domain.GranularityWeek, domain.DyadBoth)
			return err
		},
		"Dyad/window from the data": func() error {
			_, err := s.Dyad(ctx, "united-states", "russia", nil, nil, domain.GranularityMonth, domain.DyadAToB)
			return err
		},
		"Counterparts": func() error {
			_, err := s.Counterparts(ctx, "russia", &y2018, &y2018, domain.CounterpartsByScoreMean, &conflict, 10)
			return err
		},
		"Counterparts/window from the data": func() error {
			_, err := s.Counterparts(ctx, "icews-vladimir-putin", nil, nil, domain.CounterpartsByEvents, nil, 10)
			return err
		},
		"Entities/coded event": func() error {
			_, err := s.Entities(ctx, []string{eventfixture.Events[0].ID()})
			return err
		},
	}
}
