package httpapi

import (
	"embed"
	"io/fs"
	"net/http"
)

// uiFiles are the browser assets built by `make ui` (web/build.mjs):
// GraphiQL, the explorer, and BUILD.json, the digests that
// TestUIAssetsAreFresh checks. Nothing the pages load comes from elsewhere.
//
//go:embed ui
var uiFiles embed.FS

// uiFS is the ui folder itself.
var uiFS = func() fs.FS {
	sub, err := fs.Sub(uiFiles, "ui")
	if err != nil {
		panic(err) // the folder is embedded above: cannot happen
	}
	return sub
}()

// handleUIAssets serves the built scripts and style sheets under /ui/.
// Their names do not change with their content, so browsers revalidate
// (the embedded files carry no modification time; ETags come from the
// build's digests).
func handleUIAssets() http.Handler {
	files := http.StripPrefix("/ui/", http.FileServerFS(uiFS))
	etags := buildDigests()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path[len("/ui/"):]
		if tag, ok := etags[name]; ok {
			w.Header().Set("ETag", `"`+tag+`"`)
			w.Header().Set("Cache-Control", "no-cache")
		}
		files.ServeHTTP(w, r)
	})
}

// servePage writes one of the built HTML pages.
func servePage(w http.ResponseWriter, r *http.Request, name string) {
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFileFS(w, r, uiFS, name)
}

// handleExplorer serves the explorer; its state is in the query string.
func handleExplorer() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		servePage(w, r, "explore.html")
	})
}
