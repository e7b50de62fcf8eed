// Package gqltest sends GraphQL requests to an http.Handler in tests and
// benchmarks, as a client would: POST /graphql, application/json.
package gqltest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Body is the JSON body of a GraphQL request for query with variables.
func Body(tb testing.TB, query string, variables map[string]any) []byte {
	tb.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		tb.Fatal(err)
	}
	return body
}

// Post sends body to h as a GraphQL request and returns the response.
func Post(h http.Handler, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Serve sends query with variables to h and returns the response.
func Serve(tb testing.TB, h http.Handler, query string, variables map[string]any) *httptest.ResponseRecorder {
	tb.Helper()
	return Post(h, Body(tb, query, variables))
}
