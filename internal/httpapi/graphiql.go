package httpapi

import (
	"net/http"
	"net/url"

	"github.com/99designs/gqlgen/graphql/playground"
)

const exampleQuery = `# Who does Russia partner with, and on what evidence?
query RussiaPartners {
  actor(name: "Russia") {
    name
    relations(types: ["PARTNERS_WITH"], first: 10) {
      totalCount
      edges {
        node {
          type
          to { ... on Actor { name kind } }
          since
          evidence { quote source { title } }
        }
      }
    }
  }
}
`

// handleGraphiQL serves GraphiQL, opening on an example query.
func handleGraphiQL() http.Handler {
	page := playground.Handler("actorgraph", "/graphql", playground.WithGraphiqlPersistStateInURL(true))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("query") == "" {
			http.Redirect(w, r, "/?query="+url.QueryEscape(exampleQuery), http.StatusFound)
			return
		}
		page.ServeHTTP(w, r)
	})
}
