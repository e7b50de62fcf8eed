package loader_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/store"
)

// twoSources writes two data sets, each including its own source, that
// make claims about the same relations: a (with the actor russia and its
// claim) and b (with an event). base holds the actors both need. Each
// data set is loaded with base: load(t, s, f.base, f.a).
type twoSources struct {
	root, base, a, b string
}

const (
	textA = `Russia maintains a strategic partnership with Iran.
The two collaborate on military and economic fronts.
Russia supports China.
Russia would arm Iran if asked.`
	textB = `Iran denies any partnership with Russia.
Russia supports China, Iran says.
Russia backs China.`
	// The relations of data set a, one claim per relation but the first.
	relationsA = `- from: russia
  type: PARTNERS_WITH
  to: iran
  evidence:
    - {source: source-a, quote: Russia maintains a strategic partnership with Iran.}
    - {source: source-a, quote: The two collaborate on military and economic fronts.}
- from: russia
  type: SUPPORTS
  to: china
  evidence:
    - {source: source-a, quote: Russia supports China.}
- from: russia
  type: SUPPLIES_ARMS_TO
  to: iran
  evidence:
    - {source: source-a, quote: Russia would arm Iran if asked., modality: CONDITIONAL}
`
	actorsA = `- id: russia
  name: Russia
  kind: STATE
  evidence:
    - {source: source-a, quote: Russia maintains}
`
)

func newTwoSources(t *testing.T) twoSources {
	t.Helper()
	root := t.TempDir()
	f := twoSources{root: root, base: filepath.Join(root, "base"), a: filepath.Join(root, "a"), b: filepath.Join(root, "b")}
	files := map[string]string{
		"a.txt": textA, "b.txt": textB,
		"base/actors.yaml": "- {id: iran, name: Iran, kind: STATE}\n- {id: china, name: China, kind: STATE}\n",
		"a/sources.yaml":   "- {id: source-a, title: A, published: '2024-01-15', file: ../a.txt}\n",
		"a/actors.yaml":    actorsA,
		"a/relations.yaml": relationsA,
		"b/sources.yaml":   "- {id: source-b, title: B, published: '2024-03', file: ../b.txt}\n",
		"b/events.yaml":    "- {id: iran-briefing, name: Iran's briefing, kind: STATEMENT, date: '2024-02-20'}\n",
		"b/relations.yaml": `- from: iran
  type: PARTNERS_WITH
  to: russia
  evidence:
    - source: source-b
      quote: Iran denies any partnership with Russia.
      modality: DENIED
      attributedTo: iran
      statement: iran-briefing
      statedOn: '2024-02-20'
- from: russia
  type: SUPPORTS
  to: china
  evidence:
    - {source: source-b, quote: "Russia supports China, Iran says.", modality: REPORTED, attributedTo: iran}
`,
	}
	for name, content := range files {
		path := filepath.Join(root, name)
		if dir := filepath.Dir(path); dir != root {
			mkdirAll(t, dir)
		}
		writeFile(t, path, content)
	}
	return f
}

func load(t *testing.T, s *store.Store, paths ...string) loader.Report {
	t.Helper()
	rep, err := loader.New(s, loader.Options{BatchSize: 2}).Load(context.Background(), paths)
	if err != nil {
		t.Fatalf("loading %v: %v", paths, err)
	}
	return rep
}

// relationProps reads what a relationship's claims make of it.
func relationProps(t *testing.T, id string) (modality string, modalities []any, contested bool) {
	t.Helper()
	from, _, _ := strings.Cut(id, ":")
	rows := neo4jtest.Exec(t, "MATCH (:Entity {id: $from})-[r {id: $id}]->() RETURN r.modality, r.modalities, r.contested", map[string]any{"from": from, "id": id})
	if len(rows) != 1 {
		t.Fatalf("%d relationships %s, want 1", len(rows), id)
	}
	return rows[0].Values[0].(string), rows[0].Values[1].([]any), rows[0].Values[2].(bool)
}

func ledgerOf(t *testing.T, source string) (relations, nodes []any) {
	t.Helper()
	rows := neo4jtest.Exec(t, "MATCH (s:Source {id: $id}) RETURN s.claimRelations, s.claimNodes", map[string]any{"id": source})
	return rows[0].Values[0].([]any), rows[0].Values[1].([]any)
}

func allUnchanged(t *testing.T, rep loader.Report) {
	t.Helper()
	for name, w := range map[string]store.WriteResult{"sources": rep.Sources, "actors": rep.Actors,
		"policies": rep.Policies, "events": rep.Events, "relations": rep.Relations} {
		if w.Created != 0 || w.Updated != 0 {
			t.Errorf("%s: %+v, want all unchanged", name, w)
		}
	}
	if rep.Pruned != (store.PruneResult{}) {
		t.Errorf("pruned %+v, want nothing", rep.Pruned)
	}
}

// TestClaimsOfSourcesAccumulate: two sources' claims about one relation
// are both kept, in source order, assert and deny alike; the relation's
// modality is its strongest claim's; loading either data set again
// changes nothing.
func TestClaimsOfSourcesAccumulate(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	f := newTwoSources(t)
	load(t, s, f.base, f.a)
	load(t, s, f.base, f.b)

	partners := claimsOf(t, "iran:PARTNERS_WITH:russia")
	want := []storedClaim{
		{"source-a", "Russia maintains a strategic partnership with Iran.", "ASSERTED", "", "", "", "2024-01-15"},
		{"source-a", "The two collaborate on military and economic fronts.", "ASSERTED", "", "", "", "2024-01-15"},
		{"source-b", "Iran denies any partnership with Russia.", "DENIED", "iran", "iran-briefing", "2024-02-20", "2024-02-20"},
	}
	if !slices.Equal(partners, want) {
		t.Errorf("claims %+v,\nwant %+v", partners, want)
	}
	if m, ms, contested := relationProps(t, "iran:PARTNERS_WITH:russia"); m != "ASSERTED" || fmt.Sprint(ms) != "[ASSERTED DENIED]" || !contested {
		t.Errorf("asserted and denied: modality %s, modalities %v, contested %v", m, ms, contested)
	}
	supports := claimsOf(t, "russia:SUPPORTS:china")
	if len(supports) != 2 || supports[0].Source != "source-a" || supports[1] != (storedClaim{"source-b", "Russia supports China, Iran says.", "REPORTED", "iran", "", "", "2024-03-01"}) {
		t.Errorf("claims %+v", supports)
	}
	if m, ms, contested := relationProps(t, "russia:SUPPORTS:china"); m != "ASSERTED" || fmt.Sprint(ms) != "[ASSERTED REPORTED]" || contested {
		t.Errorf("asserted and reported: modality %s, modalities %v, contested %v", m, ms, contested)
	}
	if m, _, _ := relationProps(t, "russia:SUPPLIES_ARMS_TO:iran"); m != "CONDITIONAL" {
		t.Errorf("a conditional claim only: modality %s", m)
	}
	if rels, nodes := ledgerOf(t, "source-b"); fmt.Sprint(rels) != "[iran:PARTNERS_WITH:russia russia:SUPPORTS:china]" || len(nodes) != 0 {
		t.Errorf("ledger of source-b: %v %v", rels, nodes)
	}

	sum := neo4jtest.Checksum(t)
	for _, set := range []string{f.a, f.b} {
		allUnchanged(t, load(t, s, f.base, set))
		if neo4jtest.Checksum(t) != sum {
			t.Errorf("loading %s again changed the graph", filepath.Base(set))
		}
	}
}

// TestSymmetricRelationsAreStoredOnce: a symmetric relation is one edge,
// from the end whose id sorts first, whichever way a source gives it.
func TestSymmetricRelationsAreStoredOnce(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	f := newTwoSources(t)
	load(t, s, f.base, f.a) // russia -> iran
	load(t, s, f.base, f.b) // iran -> russia
	rows := neo4jtest.Exec(t, "MATCH (a)-[r:PARTNERS_WITH]->(b) RETURN a.id, r.id, b.id", nil)
	if len(rows) != 1 || fmt.Sprint(rows[0].Values) != "[iran iran:PARTNERS_WITH:russia russia]" {
		t.Errorf("PARTNERS_WITH edges: %v", rows)
	}
}

// TestAGivenSourceReplacesItsClaims: reloading a data set that includes a
// source, with claims removed, removes exactly those: other sources'
// claims stay, a relation left without claims is deleted, a node is not;
// the result is the graph a load from scratch makes.
func TestAGivenSourceReplacesItsClaims(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	f := newTwoSources(t)
	load(t, s, f.base, f.a)
	load(t, s, f.base, f.b)
	reduceA(t, f)

	rep := load(t, s, f.base, f.a)
	if rep.Pruned != (store.PruneResult{Relations: 2, Deleted: 1, Nodes: 1}) {
		t.Errorf("pruned %+v, want 2 relations (1 deleted) and 1 node", rep.Pruned)
	}
	checkReducedA(t)
	sum := neo4jtest.Checksum(t)
	allUnchanged(t, load(t, s, f.base, f.a))

	neo4jtest.Reset(t)
	load(t, s, f.base, f.a)
	load(t, s, f.base, f.b)
	if neo4jtest.Checksum(t) != sum {
		t.Error("the reloaded graph differs from loading the same files from scratch")
	}
}

// reduceA removes from data set a the second claim of PARTNERS_WITH, all
// of SUPPORTS and SUPPLIES_ARMS_TO, and russia's claim.
func reduceA(t *testing.T, f twoSources) {
	t.Helper()
	writeFile(t, filepath.Join(f.a, "relations.yaml"), relationsA[:strings.Index(relationsA, "    - {source: source-a, quote: The two")])
	writeFile(t, filepath.Join(f.a, "actors.yaml"), "- {id: russia, name: Russia, kind: STATE}\n")
}

// checkReducedA checks the graph once the reduced a is loaded over a and b.
func checkReducedA(t *testing.T) {
	t.Helper()
	if got := quotesOf(t, "iran:PARTNERS_WITH:russia"); fmt.Sprint(got) != "[Russia maintains a strategic partnership with Iran. Iran denies any partnership with Russia.]" {
		t.Errorf("PARTNERS_WITH keeps %q", got)
	}
	if got := claimsOf(t, "russia:SUPPORTS:china"); len(got) != 1 || got[0].Source != "source-b" {
		t.Errorf("SUPPORTS keeps %+v, want source-b's claim", got)
	}
	if m, ms, _ := relationProps(t, "russia:SUPPORTS:china"); m != "REPORTED" || fmt.Sprint(ms) != "[REPORTED]" {
		t.Errorf("SUPPORTS, only reported now: modality %s, modalities %v", m, ms)
	}
	if got := claimsOf(t, "russia:SUPPLIES_ARMS_TO:iran"); got != nil {
		t.Errorf("SUPPLIES_ARMS_TO, left without claims, is still there: %+v", got)
	}
	if got := claimsOf(t, "russia"); got == nil || len(got) != 0 {
		t.Errorf("russia: claims %+v, want the node without claims", got)
	}
	if rels, nodes := ledgerOf(t, "source-a"); fmt.Sprint(rels) != "[iran:PARTNERS_WITH:russia]" || len(nodes) != 0 {
		t.Errorf("ledger of source-a: %v %v", rels, nodes)
	}
}

// TestAnInterruptedLoadIsCompletedByARerun: a load that stops after
// writing part of its records, before pruning, is completed, pruning
// included, by loading the same data again.
func TestAnInterruptedLoadIsCompletedByARerun(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	f := newTwoSources(t)
	load(t, s, f.base, f.a)
	load(t, s, f.base, f.b)
	reduceA(t, f)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopAfterActors := func(kind string, _ store.WriteResult) {
		if kind == "actors" {
			cancel()
		}
	}
	_, err := loader.New(s, loader.Options{BatchSize: 2, OnWrite: stopAfterActors}).Load(ctx, []string{f.base, f.a})
	if err == nil {
		t.Fatal("the load went on after its context was cancelled")
	}
	// Stopped after the actors, before the relations and the pruning: the
	// ledger holds both what source-a had and what it has now.
	if got := quotesOf(t, "iran:PARTNERS_WITH:russia"); len(got) != 3 {
		t.Fatalf("PARTNERS_WITH has %q: the test does not stop where it means to", got)
	}
	if rels, nodes := ledgerOf(t, "source-a"); len(rels) != 3 || fmt.Sprint(nodes) != "[russia]" {
		t.Fatalf("ledger of source-a: %v %v, want the old one (the new is part of it)", rels, nodes)
	}

	load(t, s, f.base, f.a)
	checkReducedA(t)
}

// TestApplyReplacesItsSourcesClaimsOnItsRecordsOnly: a write that cites a
// source it does not include (an API mutation) replaces that source's
// claims on the records written and nowhere else; a later load of the
// source restores them.
func TestApplyReplacesItsSourcesClaimsOnItsRecordsOnly(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	f := newTwoSources(t)
	load(t, s, f.base, f.a)
	load(t, s, f.base, f.b)
	before := claimsOf(t, "iran:PARTNERS_WITH:russia")

	rel := &domain.Relation{From: "russia", Type: "SUPPORTS", To: "china",
		Evidence: []domain.Evidence{{SourceID: "source-b", Quote: "Russia backs China."}}}
	if _, err := loader.New(s, loader.Options{}).Apply(context.Background(),
		&loader.Dataset{Relations: []*loader.Record[*domain.Relation]{loader.Single(rel, loader.Position{File: "input"})}}); err != nil {
		t.Fatal(err)
	}
	if got := quotesOf(t, "russia:SUPPORTS:china"); fmt.Sprint(got) != "[Russia supports China. Russia backs China.]" {
		t.Errorf("SUPPORTS has %q, want source-a's claim and the new one of source-b", got)
	}
	if got := claimsOf(t, "iran:PARTNERS_WITH:russia"); !slices.Equal(got, before) {
		t.Errorf("a relation not written changed: %+v", got)
	}

	load(t, s, f.base, f.b)
	if got := quotesOf(t, "russia:SUPPORTS:china"); fmt.Sprint(got) != "[Russia supports China. Russia supports China, Iran says.]" {
		t.Errorf("after reloading source-b, SUPPORTS has %q", got)
	}
}

// TestBothDirectionsOfASymmetricRelationAreRefused, at the lines of both
// records, in YAML and across CSV files.
func TestBothDirectionsOfASymmetricRelationAreRefused(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	f := newTwoSources(t)
	yamlDir := filepath.Join(f.root, "both-yaml")
	mkdirAll(t, yamlDir)
	writeFile(t, filepath.Join(yamlDir, "relations.yaml"), `- from: iran
  type: PARTNERS_WITH
  to: russia
  evidence:
    - {source: source-a, quote: The two collaborate on military and economic fronts.}
`)
	csvDir := filepath.Join(f.root, "both-csv")
	mkdirAll(t, csvDir)
	writeFile(t, filepath.Join(csvDir, "relations-1.csv"), "from,type,to,source,quote\nchina,COMPETES_WITH,russia,source-a,Russia supports China.\n")
	writeFile(t, filepath.Join(csvDir, "relations-2.csv"), "from,type,to,source,quote\nrussia,SUPPORTS,china,source-a,Russia supports China.\nrussia,COMPETES_WITH,china,source-a,Russia supports China.\n")
	for _, tc := range []struct{ dir, want string }{
		{yamlDir, fmt.Sprintf("%s:1: PARTNERS_WITH is symmetric and relation iran:PARTNERS_WITH:russia is given in both directions, iran -> russia here and russia -> iran at %s:1",
			filepath.Join(yamlDir, "relations.yaml"), filepath.Join(f.a, "relations.yaml"))},
		{csvDir, fmt.Sprintf("%s:3: COMPETES_WITH is symmetric and relation china:COMPETES_WITH:russia is given in both directions, russia -> china here and china -> russia at %s:2",
			filepath.Join(csvDir, "relations-2.csv"), filepath.Join(csvDir, "relations-1.csv"))},
	} {
		_, err := loader.New(s, loader.Options{}).Load(context.Background(), []string{f.base, f.a, tc.dir})
		var inputErr *loader.InputError
		if !errors.As(err, &inputErr) || len(inputErr.Issues) != 1 || !strings.HasPrefix(inputErr.Issues[0].String(), tc.want) {
			t.Errorf("error %v,\nwant exactly one problem, %s", err, tc.want)
		}
	}
	if n := neo4jtest.Exec(t, "MATCH (n) RETURN count(n)", nil)[0].Values[0].(int64); n != 0 {
		t.Errorf("%d nodes written although the input was refused", n)
	}
}

// TestHedgedAssertionsWarnAndStrictRefuses: an ASSERTED claim whose quote
// hedges is a warning at its line, or with Strict an error, and then
// nothing is written.
func TestHedgedAssertionsWarnAndStrictRefuses(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	f := newTwoSources(t)
	hedged := strings.Replace(relationsA, ", modality: CONDITIONAL}", "}", 1)
	writeFile(t, filepath.Join(f.a, "relations.yaml"), hedged)
	// And in a streamed CSV file, a claim that is ASSERTED by default.
	writeFile(t, filepath.Join(f.a, "relations-more.csv"), "from,type,to,source,quote\nrussia,SUPPORTS,china,source-a,Russia supports China.\nrussia,OPPOSES,china,source-a,Russia would arm Iran\n")
	want := []string{filepath.Join(f.a, "relations-more.csv") + `:3: evidence[0].quote: hedge marker "would" in an ASSERTED claim`,
		filepath.Join(f.a, "relations.yaml") + `:16: evidence[0].quote: hedge markers "would", "if" in an ASSERTED claim`}
	matches := func(got []loader.Issue) bool {
		return len(got) == len(want) && strings.HasPrefix(got[0].String(), want[0]) && strings.HasPrefix(got[1].String(), want[1])
	}

	_, err := loader.New(s, loader.Options{Strict: true}).Load(context.Background(), []string{f.base, f.a})
	var inputErr *loader.InputError
	if !errors.As(err, &inputErr) || !matches(inputErr.Issues) {
		t.Errorf("strict: error %v,\nwant exactly the problems %q", err, want)
	}
	if n := neo4jtest.Exec(t, "MATCH (n) RETURN count(n)", nil)[0].Values[0].(int64); n != 0 {
		t.Errorf("strict: %d nodes written although the input was refused", n)
	}

	rep := load(t, s, f.base, f.a)
	if !matches(rep.Warnings) {
		t.Errorf("warnings %v,\nwant exactly %q", rep.Warnings, want)
	}
	if rep.Relations.Created != 4 {
		t.Errorf("a warning stopped the load: %+v", rep.Relations)
	}
}

func TestTheSeedPassesStrict(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	rep, err := loader.New(s, loader.Options{DryRun: true, Strict: true}).Load(context.Background(), []string{neo4jtest.RepoPath("data", "seed")})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Warnings) != 0 {
		t.Errorf("warnings: %v", rep.Warnings)
	}
}

// TestAnEarlierDatabaseIsRefusedInOneLine: sources written by the version
// before claims have no ledger; the loader says what to do, in one line,
// and writes nothing.
func TestAnEarlierDatabaseIsRefusedInOneLine(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	neo4jtest.Exec(t, `CREATE (:Source {id: 'test-source', title: 'A test source', text: 'Russia maintains a strategic partnership with Iran.'})
CREATE (a:Entity:Actor:State {id: 'russia', name: 'Russia', kind: 'STATE'})-[:PARTNERS_WITH {id: 'russia:PARTNERS_WITH:iran', stance: 'MATERIAL_COOPERATION', confidence: 1.0,
  evidenceSources: ['test-source'], evidenceQuotes: ['Russia maintains a strategic partnership with Iran.']}]->(:Entity:Actor:State {id: 'iran', name: 'Iran', kind: 'STATE'})`, nil)
	before := neo4jtest.Checksum(t)
	for _, dryRun := range []bool{true, false} {
		_, err := loader.New(s, loader.Options{DryRun: dryRun}).Load(context.Background(), []string{filepath.Join("testdata", "yaml")})
		const want = "this database was written by an earlier actorgraph (evidence without claims): load into an empty database (or delete everything: MATCH (n) DETACH DELETE n) and load again"
		if err == nil || domain.ErrorMessage(err) != want || domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("dry run %v: error %v, want %q", dryRun, err, want)
		}
	}
	if neo4jtest.Checksum(t) != before {
		t.Error("the graph changed although the load was refused")
	}
}
