package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/store"
)

// subjects are the actors the operations ask about: each has a unique name
// and at least 20 outgoing relations; pairs for paths are consecutive
// subjects.
type subjects struct {
	ids, names []string
}

// pickSubjects asks Neo4j, through the read-only Cypher path, for actors
// worth asking about, in a fixed order so every target gets the same ones.
// Only relations of types that are not symmetric count: a symmetric
// relation is stored from the end whose id sorts first (by actorgraph
// before claims, as given), so counting those would pick other actors
// from the same data in the two versions; and modalities do not count,
// which the version before claims does not have. An actor so picked has
// 20 relations to show in either version.
func pickSubjects(ctx context.Context, uri string) (subjects, error) {
	s, err := store.Open(store.Config{URI: uri, Cypher: store.CypherLimits{Timeout: 2 * time.Minute}})
	if err != nil {
		return subjects{}, err
	}
	defer s.Close(ctx)
	res, err := s.RunCypher(ctx, domain.CypherQuery{Query: `
MATCH (a:Actor) WHERE COUNT { (a)-[r]->() WHERE NOT type(r) IN $symmetric } >= 20
WITH a.name AS name, collect(a.id) AS ids WHERE size(ids) = 1
RETURN ids[0] AS id, name ORDER BY id LIMIT 64`, Params: map[string]any{"symmetric": domain.DefaultVocabulary.Symmetric()}})
	if err != nil {
		return subjects{}, err
	}
	var sub subjects
	for _, row := range res.Rows {
		r := row.(map[string]any)
		sub.ids = append(sub.ids, r["id"].(string))
		sub.names = append(sub.names, r["name"].(string))
	}
	if len(sub.ids) < 2 {
		return sub, fmt.Errorf("fewer than 2 actors with 20 relations and a unique name: load a bigger graph")
	}
	return sub, nil
}

// newCall returns the operation for one target; i picks the subject.
func newCall(target, url, uri, op string, sub subjects) (call, func(), error) {
	vars := func(i int) map[string]any {
		n := len(sub.ids)
		name := sub.names[i%n]
		return map[string]any{"name": name, "phrase": `"` + name + `"`, "id": sub.ids[i%n], "from": sub.ids[i%n], "to": sub.ids[(i+1)%n]}
	}
	if op == baselineOp {
		if target != "bolt" {
			return nil, nil, fmt.Errorf("op %s is for the bolt target only: the servers no longer run it", op)
		}
		return baselineCall(uri, vars)
	}
	switch target {
	case "actorgraph", "peer":
		query, err := os.ReadFile(opFile(target, op))
		if err != nil {
			return nil, nil, err
		}
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}, Timeout: time.Minute}
		return func(ctx context.Context, i int) error { return post(ctx, client, url, string(query), vars(i)) }, func() {}, nil
	case "bolt":
		s, err := store.Open(store.Config{URI: uri, MaxConcurrent: 256})
		if err != nil {
			return nil, nil, err
		}
		return boltCall(s, op, vars), func() { s.Close(context.Background()) }, nil
	}
	return nil, nil, fmt.Errorf("unknown target %q", target)
}

// peerOps names the peer's operation files (bench/peer/README.md): "a" is
// the form with actorgraph's meaning (20 relations of any type); "a-generated"
// is the library's generated API (up to 20 relations per type).
var peerOps = map[string]string{"a": "a-actor-relations-cypher", "a-generated": "a-actor-relations",
	"b": "b-neighbourhood", "c": "c-paths"}

// opFile is the GraphQL text of an operation for a target: actorgraph's
// next to this file, the peer's with the peer.
func opFile(target, op string) string {
	_, self, _, _ := runtime.Caller(0)
	dir := filepath.Dir(self)
	if target == "peer" {
		return filepath.Join(dir, "..", "peer", "operations", peerOps[op]+".graphql")
	}
	return filepath.Join(dir, "ops", op+".graphql")
}

func post(ctx context.Context, client *http.Client, url, query string, vars map[string]any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if !answered(resp.StatusCode, data) {
		return fmt.Errorf("status %d: %.300s", resp.StatusCode, data)
	}
	return nil
}

// answered says whether a GraphQL response is an answer: status 200,
// valid JSON, data that is not null and no errors. The load client shares
// the machine with the server and Neo4j, so it checks the answer without
// building it: decoding each answer into maps cost 0.36 ms of CPU per
// op (a) request, charged to the API in every ratio.
func answered(status int, body []byte) bool {
	var out struct {
		Data   json.RawMessage `json:"data"`
		Errors json.RawMessage `json:"errors"`
	}
	if status != http.StatusOK || json.Unmarshal(body, &out) != nil {
		return false
	}
	none := func(m json.RawMessage) bool { return len(m) == 0 || string(m) == "null" }
	return !none(out.Data) && (none(out.Errors) || string(out.Errors) == "[]")
}

// boltCall does through the store what actorgraph's resolvers do for each
// operation, minus HTTP, GraphQL and JSON: the floor of the comparison.
// The filters are those of a request that gives no claim arguments: the
// default modalities (domain.ClaimFilter{}), as the API applies them.
func boltCall(s *store.Store, op string, vars func(int) map[string]any) call {
	switch op {
	case "a":
		return func(ctx context.Context, i int) error {
			// The actor and its relations in one statement, as actorgraph
			// reads them: outgoing, and symmetric ones from either end,
			// with their ends.
			_, _, _, err := s.ActorWithRelations(ctx, vars(i)["name"].(string), store.Out, domain.RelationFilter{}, 20, nil, false)
			return err
		}
	case "b":
		return func(ctx context.Context, i int) error {
			// Op b asks the relations' id and type only: the API reads
			// their keys (store.EdgeKeys), and so does the floor.
			_, err := s.NeighbourhoodOf(ctx, store.NeighbourhoodQuery{ID: vars(i)["id"].(string), Depth: 2, Limit: 100, Edges: store.EdgeKeys})
			return err
		}
	default:
		return func(ctx context.Context, i int) error {
			v := vars(i)
			_, err := s.Paths(ctx, store.PathQuery{From: v["from"].(string), To: v["to"].(string), MaxHops: 4, Limit: 1, Budget: store.DefaultPathBudget})
			return err
		}
	}
}
