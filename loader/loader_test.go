package loader_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/loader"
	"github.com/actorgraph/actorgraph/store"
)

func snapshot(t *testing.T, s *store.Store) (store.Counts, string) {
	t.Helper()
	ctx := context.Background()
	counts, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return counts, neo4jtest.Checksum(t)
}

func TestLoadingTheSeedTwiceChangesNothing(t *testing.T) {
	s := neo4jtest.Open(t)
	first := neo4jtest.LoadSeed(t, s)
	if first.Actors.Created < 40 || first.Policies.Created < 10 || first.Events.Created < 10 || first.Relations.Created < 100 {
		t.Fatalf("seed is smaller than the article: %+v", first)
	}
	counts1, sum1 := snapshot(t, s)

	// The first load, into an empty database, created its relations
	// outright; the second merges them. Both write the same properties:
	// the second finds every relation unchanged.
	second, err := loader.New(s, loader.Options{BatchSize: 7}).Load(context.Background(), []string{neo4jtest.RepoPath("data", "seed")})
	if err != nil {
		t.Fatal(err)
	}
	if first.Timings.Parse <= 0 || first.Timings.Validate <= 0 || first.Timings.Write <= 0 || !strings.Contains(first.String(), "(parse ") {
		t.Errorf("the first load's report does not say where its time went: %+v\n%s", first.Timings, first)
	}
	if !first.Created || second.Created {
		t.Errorf("relations created outright: first load %v, second %v; want true, false", first.Created, second.Created)
	}
	for name, w := range map[string]store.WriteResult{"sources": second.Sources, "actors": second.Actors,
		"policies": second.Policies, "events": second.Events, "relations": second.Relations} {
		if w.Created != 0 || w.Updated != 0 {
			t.Errorf("second load of %s: %+v, want all unchanged", name, w)
		}
	}
	counts2, sum2 := snapshot(t, s)
	if fmt.Sprint(counts1) != fmt.Sprint(counts2) {
		t.Errorf("counts changed:\n%v\n%v", counts1, counts2)
	}
	if sum1 != sum2 {
		t.Errorf("content checksum changed: %s -> %s", sum1, sum2)
	}
	if counts1.Relationships != first.Relations.Created {
		t.Errorf("graph holds %d relationships, the loader created %d", counts1.Relationships, first.Relations.Created)
	}
}

// TestOnWriteHearsOfEachCommittedBatch loads the seed in batches of 7:
// OnWrite hears of every batch once it is committed (its relationships
// are in the graph), and the batches add up to the report.
func TestOnWriteHearsOfEachCommittedBatch(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	ctx := context.Background()
	const batchSize = 7
	batches := map[string]int{}
	sums := map[string]store.WriteResult{}
	onWrite := func(kind string, w store.WriteResult) {
		batches[kind]++
		sum := sums[kind]
		sum.Add(w)
		sums[kind] = sum
		if kind != "relations" {
			return
		}
		counts, err := s.Counts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts.Relationships != sum.Created {
			t.Errorf("after relation batch %d the graph holds %d relationships, the batches created %d", batches[kind], counts.Relationships, sum.Created)
		}
	}
	report, err := loader.New(s, loader.Options{BatchSize: batchSize, OnWrite: onWrite}).Load(ctx, []string{neo4jtest.RepoPath("data", "seed")})
	if err != nil {
		t.Fatal(err)
	}
	for kind, w := range map[string]store.WriteResult{"sources": report.Sources, "actors": report.Actors,
		"policies": report.Policies, "events": report.Events, "relations": report.Relations} {
		records := w.Created + w.Updated + w.Unchanged
		if sums[kind] != w || batches[kind] != (records+batchSize-1)/batchSize {
			t.Errorf("%s: %d batches adding up to %+v; the report says %+v (%d records)", kind, batches[kind], sums[kind], w, records)
		}
	}
}

func TestYAMLAndCSVGiveTheSameGraph(t *testing.T) {
	s := neo4jtest.Open(t)
	var sums []string
	for _, dir := range []string{"yaml", "csv"} {
		neo4jtest.Reset(t)
		if _, err := loader.New(s, loader.Options{}).Load(context.Background(), []string{filepath.Join("testdata", dir)}); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		counts, sum := snapshot(t, s)
		if counts.Relationships != 4 || counts.ByLabel["Actor"] != 3 {
			t.Fatalf("%s: unexpected graph %+v", dir, counts)
		}
		sums = append(sums, sum)
	}
	if sums[0] != sums[1] {
		t.Errorf("YAML and CSV of the same facts differ: %s vs %s", sums[0], sums[1])
	}
	if quotes := quotesOf(t, "iran:PARTNERS_WITH:russia"); len(quotes) != 2 {
		t.Errorf("CSV rows repeating a relation should merge their evidence; got %q", quotes)
	}
	for id, want := range map[string]storedClaim{
		"iran:PARTNERS_WITH:russia":                       {"test-source", "The two collaborate on military and economic fronts.", "REPORTED", "iran", "", "", "2024-05-31"},
		"us-congress:ISSUED:congressional-sanctions:2017": {"test-source", "The U.S. Congress institutionalized sanctions", "ASSERTED", "", "sanctions-vote-2017", "2017-08", "2017-08-01"},
		"russia": {"test-source", "Russia maintains a strategic partnership", "ASSERTED", "", "", "", "2024-05-31"},
	} {
		if claims := claimsOf(t, id); len(claims) == 0 || claims[len(claims)-1] != want {
			t.Errorf("%s: claims %+v, the last want %+v", id, claims, want)
		}
	}
}

func TestAnUpdatedFileUpdatesInPlace(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	dir := t.TempDir()
	copyDir(t, filepath.Join("testdata", "yaml"), dir)
	if err := os.WriteFile(filepath.Join(dir, "..", "source.txt"), mustRead(t, filepath.Join("testdata", "source.txt")), 0o644); err != nil {
		t.Fatal(err)
	}
	ld := loader.New(s, loader.Options{})
	if _, err := ld.Load(context.Background(), []string{dir}); err != nil {
		t.Fatal(err)
	}
	actors := strings.Replace(string(mustRead(t, filepath.Join(dir, "actors.yaml"))), "name: Iran", "name: Islamic Republic of Iran", 1)
	actors = strings.Replace(actors, "  kind: GOVERNMENT_BODY", "  kind: ORGANIZATION", 1)
	writeFile(t, filepath.Join(dir, "actors.yaml"), actors)
	report, err := ld.Load(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if report.Actors != (store.WriteResult{Updated: 2, Unchanged: 1}) || report.Relations.Created != 0 || report.Relations.Updated != 0 {
		t.Errorf("report %+v", report)
	}
	entities, err := s.Entities(context.Background(), []string{"iran", "us-congress"})
	if err != nil {
		t.Fatal(err)
	}
	if name := entities["iran"].Header().Name; name != "Islamic Republic of Iran" {
		t.Errorf("name not updated: %q", name)
	}
	if kind := entities["us-congress"].(*domain.Actor).Kind; kind != domain.ActorOrganization {
		t.Errorf("kind not updated: %q", kind)
	}
	rows := neo4jtest.Exec(t, "MATCH (n:Actor {id: 'us-congress'}) RETURN n:GovernmentBody, n:Organization", nil)
	if rows[0].Values[0].(bool) || !rows[0].Values[1].(bool) {
		t.Errorf("kind labels not moved: GovernmentBody=%v Organization=%v", rows[0].Values[0], rows[0].Values[1])
	}
}

func TestTheSamePairCanHoldATypeInTwoPeriods(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.Reset(t)
	dir := t.TempDir()
	copyDir(t, filepath.Join("testdata", "yaml"), dir)
	writeFile(t, filepath.Join(dir, "..", "source.txt"), string(mustRead(t, filepath.Join("testdata", "source.txt"))))
	writeFile(t, filepath.Join(dir, "relations-periods.yaml"), `
- {from: russia, type: PARTNERS_WITH, to: iran, since: "2001", until: "2005", evidence: [{source: test-source, quote: strategic partnership}]}
- {from: russia, type: PARTNERS_WITH, to: iran, since: "2010", evidence: [{source: test-source, quote: strategic partnership}]}
`)
	if _, err := loader.New(s, loader.Options{}).Load(context.Background(), []string{dir}); err != nil {
		t.Fatal(err)
	}
	rows := neo4jtest.Exec(t, "MATCH (:Actor {id: 'iran'})-[r:PARTNERS_WITH]->(:Actor {id: 'russia'}) RETURN r.id ORDER BY r.id", nil)
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Values[0].(string))
	}
	want := []string{"iran:PARTNERS_WITH:russia", "iran:PARTNERS_WITH:russia:2001", "iran:PARTNERS_WITH:russia:2010"}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("edges %v, want %v", ids, want)
	}
}

// TestBadInput checks that each kind of bad input is reported at its line
// and that the graph is left exactly as it was.
func TestBadInput(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	_, before := snapshot(t, s)
	sourceYAML := "- {id: bad-src, title: Bad, file: text.txt}\n"
	actor := func(extra string) string {
		return "- id: ally\n  name: Ally\n  kind: STATE\n" + extra
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // substrings of the problems, each "file:line: ..."
	}{
		{"unknown field", map[string]string{"actors.yaml": actor("  colour: red\n")}, []string{"actors.yaml:4: colour: unknown field"}},
		{"unknown actor kind", map[string]string{"actors.yaml": "- id: ally\n  name: Ally\n  kind: COUNTRY\n"}, []string{`actors.yaml:3: kind: unknown actor kind "COUNTRY"`}},
		{"unknown relation type", map[string]string{"relations.yaml": "- from: russia\n  type: LIKES\n  to: iran\n  evidence: [{source: bad-src, quote: Ally}]\n", "sources.yaml": sourceYAML},
			[]string{`relations.yaml:2: type: unknown relation type "LIKES"`}},
		{"dangling reference", map[string]string{"relations.yaml": "- from: russia\n  type: PARTNERS_WITH\n  to: atlantis\n  evidence: [{source: bad-src, quote: Ally}]\n", "sources.yaml": sourceYAML},
			[]string{`relations.yaml:3: to: no actor, policy or event with id "atlantis"`}},
		{"malformed date", map[string]string{"events.yaml": "- id: ev\n  name: Ev\n  kind: SPEECH\n  date: 2015-13\n"}, []string{`events.yaml:4: date: malformed date "2015-13"`}},
		{"duplicate id across files", map[string]string{"actors.yaml": actor(""), "policies.yaml": "- id: ally\n  name: Ally doctrine\n  kind: DOCTRINE\n"},
			[]string{`policies.yaml:1: id: duplicate id "ally" (first defined at`}},
		{"id taken in the graph by another kind", map[string]string{"policies.yaml": "- id: russia\n  name: Russia doctrine\n  kind: DOCTRINE\n"},
			[]string{`policies.yaml:1: id: "russia" is already used by an existing Actor node`}},
		{"quote not in the source", map[string]string{"sources.yaml": sourceYAML, "actors.yaml": actor("  evidence:\n    - source: bad-src\n      quote: Ally is an enemy\n")},
			[]string{"actors.yaml:6: evidence[0].quote: quote is not verbatim text"}},
		{"unknown source", map[string]string{"actors.yaml": actor("  evidence:\n    - source: nowhere\n      quote: x\n")},
			[]string{`actors.yaml:5: evidence[0].source: no source with id "nowhere"`}},
		{"unknown claim field", map[string]string{"sources.yaml": sourceYAML, "actors.yaml": actor("  evidence:\n    - source: bad-src\n      quote: Ally\n      confidence: 1\n")},
			[]string{"actors.yaml:7: evidence[0].confidence: unknown field; a claim has source, quote, modality, attributedTo, statement, statedOn"}},
		{"unknown modality", map[string]string{"sources.yaml": sourceYAML, "actors.yaml": actor("  evidence:\n    - {source: bad-src, quote: Ally, modality: RUMOURED}\n")},
			[]string{`actors.yaml:5: evidence[0].modality: unknown modality "RUMOURED"`}},
		{"claim attributed to what is not an actor", map[string]string{"sources.yaml": sourceYAML,
			"relations.yaml": "- from: russia\n  type: PARTNERS_WITH\n  to: iran\n  evidence:\n    - source: bad-src\n      quote: Ally\n      attributedTo: jcpoa\n      statement: russia\n"},
			[]string{`relations.yaml:7: evidence[0].attributedTo: "jcpoa" is not an actor but a policy`,
				`relations.yaml:8: evidence[0].statement: "russia" is not an event but an actor`}},
		{"claim attributed to no one known", map[string]string{"sources.yaml": sourceYAML,
			"actors.yaml": actor("  evidence:\n    - {source: bad-src, quote: Ally, attributedTo: nobody, statement: no-event}\n")},
			[]string{`actors.yaml:5: evidence[0].attributedTo: no actor with id "nobody" in the input or the graph`,
				`actors.yaml:5: evidence[0].statement: no event with id "no-event" in the input or the graph`}},
		{"CSV malformed statedOn", map[string]string{"sources.yaml": sourceYAML, "relations.csv": "from,type,to,source,quote,statedOn\nrussia,SUPPORTS,iran,bad-src,Ally,soon\n"},
			[]string{`relations.csv:2: evidence[0].statedOn: malformed date "soon"`}},
		{"CSV claim columns without a source", map[string]string{"relations.csv": "from,type,to,source,quote,modality\nrussia,SUPPORTS,iran,,,DENIED\n"},
			[]string{`relations.csv:2: evidence[0].source: id is required`}},
		{"endpoint kinds outside the vocabulary", map[string]string{"sources.yaml": sourceYAML, "relations.yaml": "- from: russia\n  type: ISSUED\n  to: iran\n  evidence: [{source: bad-src, quote: Ally}]\n"},
			[]string{"relations.yaml:2: type: ISSUED cannot end at Actor"}},
		{"malformed YAML", map[string]string{"actors.yaml": "- id: ally\n  name: [unclosed\n"}, []string{"actors.yaml:"}},
		{"not a list", map[string]string{"actors.yaml": "id: ally\n"}, []string{"actors.yaml:1: the file must be a list of records"}},
		{"wrong value type", map[string]string{"actors.yaml": "- id: ally\n  name: Ally\n  kind: STATE\n  aliases: {a: b}\n"}, []string{"actors.yaml:4: wrong type of value"}},
		{"CSV unknown column", map[string]string{"actors.csv": "id,name,kind,colour\nally,Ally,STATE,red\n"}, []string{"actors.csv:1: colour: unknown column"}},
		{"CSV bad attributes", map[string]string{"actors.csv": "id,name,kind,attributes\nally,Ally,STATE,\"{not json\"\n"}, []string{"actors.csv:2: attributes: must be a JSON object"}},
		{"CSV ragged row", map[string]string{"actors.csv": "id,name,kind\nally,Ally\n"}, []string{"actors.csv:2: malformed CSV"}},
		{"CSV bad date on line 3", map[string]string{"events.csv": "id,name,kind,date\nev1,Ev,SPEECH,2015\nev2,Ev,SPEECH,yesterday\n"}, []string{`events.csv:3: date: malformed date "yesterday"`}},
		{"unknown file kind", map[string]string{"people.yaml": "- id: x\n"}, []string{"people.yaml: cannot tell what the file holds"}},
		{"several problems at once", map[string]string{"actors.yaml": "- id: Bad Id\n  name: X\n  kind: STATE\n- id: ok\n  kind: STATE\n"},
			[]string{"actors.yaml:1: id: id \"Bad Id\" must be a lowercase slug", "actors.yaml:4: name: is required"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "text.txt"), "Ally is a friend.")
			for name, content := range tc.files {
				writeFile(t, filepath.Join(dir, name), content)
			}
			_, err := loader.New(s, loader.Options{}).Load(context.Background(), []string{dir})
			var inputErr *loader.InputError
			if !errors.As(err, &inputErr) {
				t.Fatalf("error = %v, want an *InputError", err)
			}
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("code %q, want %q", domain.ErrorCode(err), domain.EINVALID)
			}
			got := err.Error()
			for _, want := range tc.want {
				if !strings.Contains(got, want) {
					t.Errorf("problems do not mention %q:\n%s", want, got)
				}
			}
			if _, after := snapshot(t, s); after != before {
				t.Fatal("the graph changed although the input was refused")
			}
		})
	}
}

// TestEveryEdgeHasEndpointsTheVocabularyAllows checks the loaded seed, type
// by type, in Cypher: the graph itself, not the loader's view of it.
func TestEveryEdgeHasEndpointsTheVocabularyAllows(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	for _, rt := range domain.DefaultVocabulary.Types() {
		t.Run(rt.Type, func(t *testing.T) {
			rows := neo4jtest.Exec(t, fmt.Sprintf(`
MATCH (a)-[r:%s]->(b)
WITH a, b, r,
     [l IN labels(a) WHERE l IN $from] AS fromOK, [l IN labels(b) WHERE l IN $to] AS toOK
WHERE size(fromOK) = 0 OR size(toOK) = 0
   OR (a:Actor AND size($fromKinds) > 0 AND NOT a.kind IN $fromKinds)
   OR (b:Actor AND size($toKinds) > 0 AND NOT b.kind IN $toKinds)
   OR NOT r.stance IN $stances OR coalesce(size(r.claimQuotes), 0) = 0
RETURN r.id`, rt.Type), map[string]any{
				"from": strs(rt.From), "to": strs(rt.To), "fromKinds": strs(rt.FromKinds), "toKinds": strs(rt.ToKinds), "stances": strs(rt.Stances),
			})
			for _, r := range rows {
				t.Errorf("edge %v breaks the vocabulary", r.Values[0])
			}
		})
	}
}

func strs[T ~string](values []T) []string {
	out := []string{}
	for _, v := range values {
		out = append(out, string(v))
	}
	return out
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		writeFile(t, filepath.Join(to, e.Name()), string(mustRead(t, filepath.Join(from, e.Name()))))
	}
}
