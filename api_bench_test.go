package main

import (
	"bytes"
	"net/http"
	"os"
	"testing"

	"github.com/actorgraph/actorgraph/internal/gqltest"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
)

// BenchmarkGraphQLOperations times the three benchmark operations through
// the whole HTTP stack in-process against the seed data: for profiling
// (go test -bench GraphQL -cpuprofile cpu.out); bench/run.sh measures them
// at scale from a separate process.
func BenchmarkGraphQLOperations(b *testing.B) {
	s := neo4jtest.Open(b)
	neo4jtest.LoadSeed(b, s)
	h := newTestServer(s, "")
	for _, op := range []struct {
		name, file string
		vars       map[string]any
	}{
		{"a-actor-relations", "a", map[string]any{"name": "Russia"}},
		{"b-neighbourhood", "b", map[string]any{"id": "russia"}},
		{"c-shortest-path", "c", map[string]any{"from": "russia", "to": "israel"}},
	} {
		q, err := os.ReadFile("bench/load/ops/" + op.file + ".graphql")
		if err != nil {
			b.Fatal(err)
		}
		body := gqltest.Body(b, string(q), op.vars)
		b.Run(op.name, func(b *testing.B) {
			for b.Loop() {
				rec := gqltest.Post(h, body)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
