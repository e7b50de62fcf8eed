package loader

import (
	"testing"
)

// The parsers take files from anyone: whatever the bytes, they must return
// records or problems, never panic, and every problem must have a line.

func FuzzParseYAML(f *testing.F) {
	f.Add([]byte("- id: russia\n  name: Russia\n  kind: STATE\n  aliases: [Moscow]\n  attributes: {n: 1}\n"))
	f.Add([]byte(`[{"from": "a", "type": "LEADS", "to": "b", "evidence": [{"source": "s", "quote": "q"}]}]`))
	f.Add([]byte("- {id: x, evidence: [{source: s, quote: q, extra: 1}]}\n"))
	f.Add([]byte("a: [unclosed\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"actors.yaml", "relations.json", "events.yml"} {
			checkParse(t, name, data)
		}
	})
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte("id,name,kind,aliases,attributes,source,quote\nrussia,Russia,STATE,Moscow;Kremlin,\"{\"\"n\"\": 1}\",s,q\n"))
	f.Add([]byte("from,type,to,confidence,source,quote\na,LEADS,b,0.5,s,q\na,LEADS,b,x,s,\"q\n"))
	f.Add([]byte("\ufeffid,name\n\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"actors.csv", "relations.csv", "events.csv"} {
			checkParse(t, name, data)
		}
	})
}

func checkParse(t *testing.T, name string, data []byte) {
	ds, problems := parse(name, mustKind(t, name), data)
	for _, p := range problems {
		if p.Pos.File != name || p.Message == "" {
			t.Fatalf("problem without a place or message: %+v", p)
		}
	}
	if ds == nil {
		t.Fatal("nil data set")
	}
}

func mustKind(t *testing.T, name string) recordKind {
	k, ok := kindOf(name)
	if !ok {
		t.Fatalf("no kind for %s", name)
	}
	return k
}
