package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/actorgraph/actorgraph/domain"
)

// table is an importer CSV file being written.
type table struct {
	f *os.File
	w *csv.Writer
}

func newTable(path string, header []string) (*table, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	t := &table{f: f, w: csv.NewWriter(f)}
	return t, t.w.Write(header)
}

func (t *table) close() error {
	t.w.Flush()
	if err := t.w.Error(); err != nil {
		t.f.Close()
		return err
	}
	return t.f.Close()
}

// nodeColumns are the columns of each kind of node after id and labels.
var nodeColumns = map[string][]string{
	"actors":   {"name", "kind", "country", "wikidataId", "description"},
	"policies": {"name", "kind", "adopted", "description"},
	"events":   {"name", "kind", "date", "endDate", "location", "description"},
}

// convertNodes writes one kind's nodes, a node's adjacent rows giving it
// several claims.
func convertNodes(in, out, kind string, published map[string]string, ledgers map[string]*ledger) error {
	header := append([]string{"id:ID", ":LABEL"}, nodeColumns[kind]...)
	header = append(header, "aliases:string[]", "aliasText")
	switch kind {
	case "policies":
		header = append(header, "adoptedStart:date")
	case "events":
		header = append(header, "dateStart:date", "dateEnd:date")
	}
	t, err := newTable(out, append(header, claimHeader...))
	if err != nil {
		return err
	}
	var cur row
	var cs claims
	emit := func() error {
		if cur == nil {
			return nil
		}
		id := cur.get("id")
		for _, src := range sourcesOf(cs) {
			l := ledgerOf(ledgers, src)
			l.nodes = append(l.nodes, id)
		}
		labels := map[string][]string{"actors": {"Entity", "Actor", domain.ActorKind(cur.get("kind")).Label()}, "policies": {"Entity", "Policy"}, "events": {"Entity", "Event"}}[kind]
		rec := []string{id, strings.Join(labels, arrayDelimiter)}
		for _, c := range nodeColumns[kind] {
			rec = append(rec, cur.get(c))
		}
		aliases := strings.Split(cur.get("aliases"), ";")
		if cur.get("aliases") == "" {
			aliases = nil
		}
		rec = append(rec, strings.Join(aliases, arrayDelimiter), strings.Join(aliases, "\n"))
		switch kind {
		case "policies":
			rec = append(rec, dateOrEmpty(cur.get("adopted"), false))
		case "events":
			end := cur.get("endDate")
			if end == "" {
				end = cur.get("date")
			}
			rec = append(rec, dateOrEmpty(cur.get("date"), false), dateOrEmpty(end, true))
		}
		return t.w.Write(append(rec, cs.columns(false, published)...))
	}
	err = eachRow(in, func(r row) error {
		if cur == nil || r.get("id") != cur.get("id") {
			if err := emit(); err != nil {
				return err
			}
			cur, cs = r, nil
		}
		cs = cs.add(r)
		return nil
	})
	if err == nil {
		err = emit()
	}
	if err != nil {
		t.close()
		return err
	}
	return t.close()
}

func sourcesOf(cs claims) []string {
	var out []string
	for _, c := range cs {
		if !slices.Contains(out, c.get("source")) {
			out = append(out, c.get("source"))
		}
	}
	return out
}

// convertRelations writes the relationships: a symmetric relation from the
// end whose id sorts first, adjacent rows of one identity as one
// relationship with their claims. The generated data gives an identity's
// rows together (bench/gen), which is all this handles.
func convertRelations(files []string, out string, published map[string]string, ledgers map[string]*ledger) error {
	header := []string{":START_ID", ":END_ID", ":TYPE", "id", "stance", "confidence:double", "role", "since", "until", "validFrom:date", "validTo:date"}
	header = append(append(header, claimHeader...), "modality", "modalities:string[]", "contested:boolean")
	t, err := newTable(out, header)
	if err != nil {
		return err
	}
	var cur row
	var curID string
	var cs claims
	emit := func() error {
		if cur == nil {
			return nil
		}
		for _, src := range sourcesOf(cs) {
			l := ledgerOf(ledgers, src)
			l.relations = append(l.relations, curID)
		}
		rt, _ := domain.DefaultVocabulary.Lookup(cur.get("type"))
		stance, confidence := cur.get("stance"), cur.get("confidence")
		if stance == "" {
			stance = string(rt.Stances[0])
		}
		if confidence == "" {
			confidence = "1.0"
		}
		rec := []string{cur.get("from"), cur.get("to"), cur.get("type"), curID, stance, confidence, cur.get("role"),
			cur.get("since"), cur.get("until"), dateOrEmpty(cur.get("since"), false), dateOrEmpty(cur.get("until"), true)}
		return t.w.Write(append(rec, cs.columns(true, published)...))
	}
	for _, f := range files {
		err = eachRow(f, func(r row) error {
			rt, ok := domain.DefaultVocabulary.Lookup(r.get("type"))
			if !ok {
				return fmt.Errorf("%s: unknown type %q", f, r.get("type"))
			}
			if rt.Symmetric && r.get("to") < r.get("from") {
				r["from"], r["to"] = r.get("to"), r.get("from")
			}
			id := r.get("from") + ":" + r.get("type") + ":" + r.get("to")
			if r.get("since") != "" {
				id += ":" + r.get("since")
			}
			if id != curID {
				if err := emit(); err != nil {
					return err
				}
				cur, curID, cs = r, id, nil
			}
			cs = cs.add(r)
			return nil
		})
		if err != nil {
			t.close()
			return err
		}
	}
	if err := emit(); err != nil {
		t.close()
		return err
	}
	return t.close()
}

// convertSources writes the sources with their texts and ledgers, sorted.
func convertSources(in, out string, ledgers map[string]*ledger) error {
	t, err := newTable(out, []string{"id:ID", ":LABEL", "title", "publisher", "url", "published", "text", "claimRelations:string[]", "claimNodes:string[]"})
	if err != nil {
		return err
	}
	err = eachRow(filepath.Join(in, "sources.csv"), func(r row) error {
		text, err := os.ReadFile(filepath.Join(in, r.get("file")))
		if err != nil {
			return err
		}
		l := ledgerOf(ledgers, r.get("id"))
		return t.w.Write([]string{r.get("id"), "Source", r.get("title"), r.get("publisher"), r.get("url"), r.get("published"), string(text),
			sortedList(l.relations), sortedList(l.nodes)})
	})
	if err != nil {
		t.close()
		return err
	}
	return t.close()
}

// sortedList is a ledger's ids, sorted without repeats, as one cell.
func sortedList(ids []string) string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return strings.Join(out, arrayDelimiter)
}
