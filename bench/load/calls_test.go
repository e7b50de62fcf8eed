package main

import (
	"net/http"
	"testing"
)

func TestAnswered(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		want   bool
	}{
		{http.StatusOK, `{"data":{"actor":{"id":"russia"}}}`, true},
		{http.StatusOK, `{"data":{"actor":null},"errors":[]}`, true},
		{http.StatusOK, `{"data":null}`, false},
		{http.StatusOK, `{}`, false},
		{http.StatusOK, `{"data":{"actor":null},"errors":[{"message":"timeout"}]}`, false},
		{http.StatusOK, `{"errors":[{"message":"syntax"}]}`, false},
		{http.StatusOK, `{"data":{"actor":{"id":"rus`, false},
		{http.StatusOK, `{"data":{"actor":1}} trailing`, false},
		{http.StatusServiceUnavailable, `{"data":{"actor":{"id":"russia"}}}`, false},
	} {
		if got := answered(c.status, []byte(c.body)); got != c.want {
			t.Errorf("%d %s: answered %v, want %v", c.status, c.body, got, c.want)
		}
	}
}
