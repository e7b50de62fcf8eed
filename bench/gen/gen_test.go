package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/loader"
)

func generate(t *testing.T, cfg Config) (string, Summary) {
	t.Helper()
	dir := t.TempDir()
	sum, err := Generate(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return dir, sum
}

// readTree returns every file under dir by its slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestSameSeedSameBytes(t *testing.T) {
	small := Config{Relations: sizes["small"], Seed: 1}
	a, sumA := generate(t, small)
	b, _ := generate(t, small)
	filesA, filesB := readTree(t, a), readTree(t, b)
	if len(filesA) != sumA.Files {
		t.Errorf("summary says %d files, found %d", sumA.Files, len(filesA))
	}
	for _, name := range []string{"sources.csv", "actors.csv", "policies.csv", "events.csv", "relations.csv"} {
		if _, ok := filesA[name]; !ok {
			t.Errorf("no %s in the output", name)
		}
	}
	if len(filesA) != len(filesB) {
		t.Fatalf("%d files, then %d", len(filesA), len(filesB))
	}
	var total int64
	for name, data := range filesA {
		total += int64(len(data))
		if !bytes.Equal(data, filesB[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	if total != sumA.Bytes {
		t.Errorf("summary says %d bytes, found %d", sumA.Bytes, total)
	}

	c, _ := generate(t, Config{Relations: sizes["small"], Seed: 2})
	filesC := readTree(t, c)
	for _, name := range []string{"actors.csv", "relations.csv"} {
		if bytes.Equal(filesA[name], filesC[name]) {
			t.Errorf("%s is the same for seeds 1 and 2", name)
		}
	}
}

// TestValidInput parses the small size with the loader and checks, as the
// loader's validation does without a store, that every id, kind, type,
// endpoint and quote is right.
func TestValidInput(t *testing.T) {
	dir, sum := generate(t, Config{Relations: sizes["small"], Seed: 1})
	ds, err := loader.ReadPaths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	nActors, nPolicies, nEvents, nSources := Counts(sizes["small"])
	if sum.Actors != nActors || sum.Policies != nPolicies || sum.Events != nEvents || sum.Sources != nSources || sum.Relations != sizes["small"] {
		t.Errorf("summary %+v does not match Counts", sum)
	}

	failures := 0
	fail := func(pos loader.Position, format string, args ...any) {
		t.Helper()
		if failures++; failures <= 30 {
			t.Errorf("%s: %s", pos, fmt.Sprintf(format, args...))
		}
	}
	texts := map[string]string{}
	ends := map[string]domain.Endpoint{}
	// A node may be given on several rows (one per piece of evidence);
	// the rows must then agree apart from their evidence.
	firstNode := map[string]any{}
	define := func(pos loader.Position, id string, end domain.Endpoint, value any, err error) {
		if err != nil {
			fail(pos, "%v", err)
		}
		if prev, ok := firstNode[id]; ok {
			if ends[id] != end || !reflect.DeepEqual(withoutEvidence(prev), withoutEvidence(value)) {
				fail(pos, "id %q given twice with different fields", id)
			}
			return
		}
		firstNode[id] = value
		ends[id] = end
	}
	checkQuotes := func(pos loader.Position, evidence []domain.Evidence) {
		for _, e := range evidence {
			text, ok := texts[e.SourceID]
			switch {
			case !ok:
				fail(pos, "no source %q", e.SourceID)
			case !strings.Contains(text, normalizeSpace(e.Quote)):
				fail(pos, "quote is not in source %q: %q", e.SourceID, e.Quote)
			}
		}
	}

	for _, r := range ds.Sources {
		define(r.Pos, r.Value.ID, domain.Endpoint{Kind: domain.KindSource}, *r.Value, r.Value.Validate())
		texts[r.Value.ID] = normalizeSpace(r.Value.Text)
	}
	actorKinds := map[domain.ActorKind]int{}
	for _, r := range ds.Actors {
		define(r.Pos, r.Value.ID, domain.Endpoint{Kind: domain.KindActor, ActorKind: r.Value.Kind}, *r.Value, r.Value.Validate())
		checkQuotes(r.Pos, r.Value.Evidence)
		actorKinds[r.Value.Kind]++
	}
	for _, r := range ds.Policies {
		define(r.Pos, r.Value.ID, domain.Endpoint{Kind: domain.KindPolicy}, *r.Value, r.Value.Validate())
		checkQuotes(r.Pos, r.Value.Evidence)
	}
	for _, r := range ds.Events {
		define(r.Pos, r.Value.ID, domain.Endpoint{Kind: domain.KindEvent}, *r.Value, r.Value.Validate())
		checkQuotes(r.Pos, r.Value.Evidence)
	}
	count := func(kind domain.EntityKind) int {
		n := 0
		for _, e := range ends {
			if e.Kind == kind {
				n++
			}
		}
		return n
	}
	if got := [4]int{count(domain.KindActor), count(domain.KindPolicy), count(domain.KindEvent), count(domain.KindSource)}; got != [4]int{nActors, nPolicies, nEvents, nSources} {
		t.Errorf("actors, policies, events, sources = %v, want %v", got, [4]int{nActors, nPolicies, nEvents, nSources})
	}
	for _, k := range actorKindOrder {
		if actorKinds[k] == 0 {
			t.Errorf("no actor of kind %s", k)
		}
	}

	relations := map[string]*domain.Relation{}
	types := map[string]int{}
	degree := map[string]int{}
	withRole := 0
	for _, rec := range ds.Relations {
		r := rec.Value
		if err := r.Validate(domain.DefaultVocabulary); err != nil {
			fail(rec.Pos, "%v", err)
			continue
		}
		rt, ok := domain.DefaultVocabulary.Lookup(r.Type)
		if !ok {
			fail(rec.Pos, "type %s is not in the vocabulary", r.Type)
			continue
		}
		from, fromOK := ends[r.From]
		to, toOK := ends[r.To]
		switch {
		case !fromOK || from.Kind == domain.KindSource:
			fail(rec.Pos, "from %q is not an actor, policy or event", r.From)
		case !toOK || to.Kind == domain.KindSource:
			fail(rec.Pos, "to %q is not an actor, policy or event", r.To)
		case r.From == r.To:
			fail(rec.Pos, "self-loop on %q", r.From)
		default:
			if msg := rt.CheckEndpoints(from, to); msg != "" {
				fail(rec.Pos, "%s", msg)
			}
		}
		if r.Role != "" {
			if r.Type != "PARTICIPATED_IN" {
				fail(rec.Pos, "role on %s", r.Type)
			}
			withRole++
		}
		checkQuotes(rec.Pos, r.Evidence)
		if prev, ok := relations[r.ID()]; ok {
			// Only a further piece of evidence may repeat an identity.
			if !reflect.DeepEqual(withoutEvidence(*prev), withoutEvidence(*r)) {
				fail(rec.Pos, "relation %s given twice with different fields", r.ID())
			}
			if reflect.DeepEqual(prev.Evidence, r.Evidence) {
				fail(rec.Pos, "relation %s given twice with the same evidence", r.ID())
			}
			continue
		}
		relations[r.ID()] = r
		types[r.Type]++
		degree[r.From]++
		degree[r.To]++
	}
	if len(relations) != sizes["small"] {
		t.Errorf("%d distinct relations, want %d", len(relations), sizes["small"])
	}
	if len(ds.Relations) == len(relations) {
		t.Error("no relation has a second piece of evidence")
	}
	for _, rt := range domain.DefaultVocabulary.Types() {
		if types[rt.Type] == 0 {
			t.Errorf("no relation of type %s", rt.Type)
		}
	}
	if withRole == 0 {
		t.Error("no PARTICIPATED_IN has a role")
	}
	// The type mix follows the seed: its most common type is the most
	// common here too.
	if types["PARTICIPATED_IN"] < types["SUPPORTS"] || types["SUPPORTS"] < types["CLAIMS"] {
		t.Errorf("type mix does not follow the seed: %v", types)
	}

	// Power law: the biggest hub has many times the mean degree, and it
	// is a state.
	top, topDegree, sumDegree := "", 0, 0
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range degree {
			if !yield(id) {
				return
			}
		}
	}) {
		sumDegree += degree[id]
		if degree[id] > topDegree {
			top, topDegree = id, degree[id]
		}
	}
	mean := float64(sumDegree) / float64(len(ends)-nSources)
	if float64(topDegree) < 20*mean {
		t.Errorf("top degree %d (%s) is not a hub: mean degree %.1f", topDegree, top, mean)
	}
	if ends[top].ActorKind != domain.ActorState {
		t.Errorf("top hub %s is a %v, want a state", top, ends[top])
	}
	if top != sum.TopHub || topDegree != sum.TopDegree {
		t.Errorf("summary says top hub %s (%d), found %s (%d)", sum.TopHub, sum.TopDegree, top, topDegree)
	}
}

func withoutEvidence(v any) any {
	switch v := v.(type) {
	case domain.Actor:
		v.Evidence = nil
		return v
	case domain.Policy:
		v.Evidence = nil
		return v
	case domain.Event:
		v.Evidence = nil
		return v
	case domain.Relation:
		v.Evidence = nil
		return v
	}
	return v
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestSplitsRelationFiles(t *testing.T) {
	dir, sum := generate(t, Config{Relations: 2500, Seed: 7, PerFile: 1000})
	names := slices.Sorted(func(yield func(string) bool) {
		for name := range readTree(t, dir) {
			if strings.HasPrefix(name, "relations") && !yield(name) {
				return
			}
		}
	})
	if want := []string{"relations-001.csv", "relations-002.csv", "relations-003.csv"}; !slices.Equal(names, want) || sum.RelationFiles != 3 {
		t.Fatalf("relation files %v (summary: %d), want %v", names, sum.RelationFiles, want)
	}
	ds, err := loader.ReadPaths([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range ds.Relations {
		ids[r.Value.ID()] = true
	}
	if len(ids) != 2500 {
		t.Errorf("%d distinct relations across the files, want 2500", len(ids))
	}
}

func TestTinyAndTypeTable(t *testing.T) {
	// Even one relation gets every actor kind and valid files.
	dir, _ := generate(t, Config{Relations: 1, Seed: 3})
	if _, err := loader.ReadPaths([]string{dir}); err != nil {
		t.Fatal(err)
	}
	for name := range seedTypeCounts {
		if _, ok := domain.DefaultVocabulary.Lookup(name); !ok {
			t.Errorf("seedTypeCounts has %s, which the vocabulary does not", name)
		}
	}
}

func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"-relations", "300", "-seed", "5", "-out", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "300 relations") {
		t.Errorf("summary line: %q", stdout.String())
	}
	first := readTree(t, dir)
	if err := run([]string{"-relations", "300", "-seed", "5", "-out", dir}, &stdout, &stderr); err == nil {
		t.Error("a second run into a full folder without -overwrite succeeded")
	}
	keep := filepath.Join(dir, "notes.md")
	if err := os.WriteFile(keep, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-relations", "300", "-seed", "5", "-overwrite", "-out", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("-overwrite: %v", err)
	}
	second := readTree(t, dir)
	if _, ok := second["notes.md"]; !ok {
		t.Error("-overwrite removed a file gen did not write")
	}
	delete(second, "notes.md")
	if !reflect.DeepEqual(first, second) {
		t.Error("-overwrite with the same seed gave different files")
	}
	for _, args := range [][]string{{"-size", "huge", "-out", dir}, {"-size", "small"}, {"-out", dir, "extra"}} {
		if err := run(args, &stdout, &stderr); err == nil {
			t.Errorf("run %v succeeded", args)
		}
	}
}
