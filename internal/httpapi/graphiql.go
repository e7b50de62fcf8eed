package httpapi

import (
	"net/http"
	"net/url"
)

const exampleQuery = `# Who does Russia partner with, or mean to, and on whose word?
# Without modalities, only what sources give as fact (ASSERTED, REPORTED).
query RussiaPartners {
  actor(name: "Russia") {
    name
    relations(types: ["PARTNERS_WITH"], modalities: [ASSERTED, REPORTED, INTENDED], first: 10) {
      totalCount
      edges {
        other { ... on Actor { name kind } }
        node {
          type
          modality
          since
          until
          evidence {
            quote
            modality
            attributedTo { name }
            statedOn
            source { title }
          }
        }
      }
    }
  }
}
`

// handleGraphiQL serves GraphiQL, opening on the example query: a bare `/`
// redirects to it, and the page keeps the query in the URL.
func handleGraphiQL() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("query") == "" {
			http.Redirect(w, r, "/?query="+url.QueryEscape(exampleQuery), http.StatusFound)
			return
		}
		servePage(w, r, "graphiql.html")
	})
}
