package graph

import "testing"

func TestNegotiateMedia(t *testing.T) {
	const gr, js = mediaGraphQLResponse, mediaJSON
	for _, tc := range []struct {
		accept []string
		want   string // "" for 406
	}{
		{nil, js},
		{[]string{""}, js},
		{[]string{"application/json"}, js},
		{[]string{"application/graphql-response+json"}, gr},
		{[]string{"application/graphql-response+json; charset=utf-8, application/json; charset=utf-8"}, gr},
		{[]string{"application/json, application/graphql-response+json"}, js},
		{[]string{"application/json;q=0.9, application/graphql-response+json"}, gr},
		{[]string{"application/graphql-response+json;q=0.1, application/json;q=0.2"}, js},
		{[]string{"*/*"}, js},
		{[]string{"application/*"}, js},
		{[]string{"*/*, application/graphql-response+json"}, gr},
		{[]string{"*/*;q=0.8, application/json;q=0.5"}, gr}, // json is named at 0.5; graphql-response gets */*'s 0.8
		{[]string{"application/json;q=0, */*"}, gr},
		{[]string{"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, js},
		{[]string{"text/html"}, ""},
		{[]string{"application/json;q=0"}, ""},
		{[]string{"application/json;q=2"}, ""}, // an invalid q matches nothing
		{[]string{"nonsense;;"}, ""},
		{[]string{"text/html", "application/graphql-response+json"}, gr}, // two Accept headers
	} {
		got, ok := negotiateMedia(tc.accept)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Accept %q: got %q, %v; want %q", tc.accept, got, ok, tc.want)
		}
	}
}
