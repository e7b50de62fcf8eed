package httpapi

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/domain"
)

// FuzzCypherRequest feeds arbitrary bodies to the POST /cypher decoding and
// the parameter normalisation: they must answer a value or an EINVALID or
// ELIMIT error, never panic or fail in another way.
func FuzzCypherRequest(f *testing.F) {
	for _, seed := range []string{
		`{"query": "RETURN $x", "params": {"x": 1}, "limit": 5}`,
		`{"query": "RETURN 1", "params": {"big": 9007199254740993, "f": 1.5e308, "l": [1, "a", null, {"m": true}]}}`,
		`{"query": "RETURN 1", "params": {"x": 1e999}}`,
		`{"query": 1}`, `[]`, `{"query": "x"} {}`, `{"query": "x", "params": [1]}`, ``,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req, err := decodeCypherRequest(httptest.NewRequest("POST", "/cypher", strings.NewReader(body)))
		if err != nil {
			if code := domain.ErrorCode(err); code != domain.EINVALID && code != domain.ELIMIT {
				t.Fatalf("error code %q: %v", code, err)
			}
			return
		}
		if req.Query == nil {
			t.Fatal("decoded a request without a query")
		}
		params, err := domain.NormalizeJSON(req.Params, "params")
		if err != nil {
			if domain.ErrorCode(err) != domain.EINVALID {
				t.Fatalf("normalising params: %v", err)
			}
			return
		}
		if req.Params != nil {
			if _, ok := params.(map[string]any); !ok {
				t.Fatalf("params became %T", params)
			}
		}
	})
}
