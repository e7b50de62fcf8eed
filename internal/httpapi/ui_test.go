package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/actorgraph/actorgraph/store"
)

// webInputsDigest computes what web/build.mjs's inputsDigest does: the
// sha256 of "path sha256\n" lines, sorted by path, over package.json,
// package-lock.json, build.mjs and everything under src/.
func webInputsDigest(t *testing.T, web string) string {
	t.Helper()
	files := []string{"package.json", "package-lock.json", "build.mjs"}
	err := filepath.WalkDir(filepath.Join(web, "src"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(web, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	var lines strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(web, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		lines.WriteString(f + " " + hex.EncodeToString(sum[:]) + "\n")
	}
	sum := sha256.Sum256([]byte(lines.String()))
	return hex.EncodeToString(sum[:])
}

// TestUIAssetsAreFresh: the embedded assets were built by `make ui` from
// web/ as it is now (sources, build script and lock file), and none was
// changed by hand since. Needs no Node.
func TestUIAssetsAreFresh(t *testing.T) {
	b, err := readUIBuild()
	if err != nil {
		t.Fatalf("ui/BUILD.json: %v (run `make ui`)", err)
	}
	if got := webInputsDigest(t, "../../web"); got != b.Inputs {
		t.Errorf("the embedded UI assets are stale: web/ changed since they were built (run `make ui` and commit internal/httpapi/ui)")
	}
	entries, err := fs.ReadDir(uiFS, ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "BUILD.json" {
			continue
		}
		data, err := fs.ReadFile(uiFS, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		want, listed := b.Outputs[e.Name()]
		switch {
		case !listed:
			t.Errorf("ui/%s is not an output of the build (run `make ui`)", e.Name())
		case want != hex.EncodeToString(sum[:]):
			t.Errorf("ui/%s differs from what the build wrote (edited by hand? run `make ui`)", e.Name())
		}
	}
	if len(b.Outputs) != len(entries)-1 {
		t.Errorf("BUILD.json lists %d outputs, ui/ holds %d files besides it", len(b.Outputs), len(entries)-1)
	}
}

// TestPagesAndAssetsAreServed: `/` redirects to the example query and then
// serves the embedded GraphiQL; /explore and every asset the pages name are
// served from the binary, and the pages name nothing outside the server.
func TestPagesAndAssetsAreServed(t *testing.T) {
	h := NewServer(testDeps(offlineStore(t, store.CypherLimits{}), &strings.Builder{}))
	rec := send(h, http.MethodGet, "/", "", nil)
	if rec.Code != http.StatusFound || !strings.HasPrefix(rec.Header().Get("Location"), "/?query=") {
		t.Fatalf("GET /: %d to %q, want a redirect to the example query", rec.Code, rec.Header().Get("Location"))
	}
	for _, page := range []string{rec.Header().Get("Location"), "/explore", "/explore?focus=russia"} {
		rec := send(h, http.MethodGet, page, "", nil)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("GET %s: %d %s", page, rec.Code, rec.Header().Get("Content-Type"))
		}
		if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
			t.Errorf("GET %s: the page names another origin:\n%s", page, body)
		}
		for _, asset := range []string{"/ui/graphiql.js", "/ui/graphiql.css", "/ui/explore.js", "/ui/explore.css"} {
			if strings.Contains(body, `"`+asset+`"`) {
				if r := send(h, http.MethodGet, asset, "", nil); r.Code != http.StatusOK || r.Body.Len() == 0 || r.Header().Get("ETag") == "" {
					t.Errorf("GET %s: %d, %d bytes, ETag %q", asset, r.Code, r.Body.Len(), r.Header().Get("ETag"))
				}
			}
		}
	}
	if rec := send(h, http.MethodGet, "/ui/nothing.js", "", nil); rec.Code != http.StatusNotFound {
		t.Errorf("GET /ui/nothing.js: %d, want 404", rec.Code)
	}
}
