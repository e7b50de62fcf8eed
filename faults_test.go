package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/store"
)

// TestGracefulShutdown stops the server while a request is in flight: the
// request completes, new connections are refused, and serve returns.
func TestGracefulShutdown(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	srv := launch(t, nil)

	// A request whose body is still arriving is in flight.
	bodyR, bodyW := io.Pipe()
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := http.Post(srv.url+"/graphql", "application/json", bodyR)
		if err != nil {
			t.Errorf("in-flight request: %v", err)
			answered <- nil
			return
		}
		answered <- resp
	}()
	body := `{"query": "{ actor(id: \"russia\") { name } }"}`
	if _, err := io.WriteString(bodyW, body[:10]); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	srv.stop() // SIGTERM
	time.Sleep(300 * time.Millisecond)

	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(srv.url, "http://"), time.Second); err == nil {
		t.Error("the server still accepts connections while draining")
	}
	if _, err := io.WriteString(bodyW, body[10:]); err != nil {
		t.Fatal(err)
	}
	bodyW.Close()
	resp := <-answered
	if resp == nil {
		t.FailNow()
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(data), "Russia") {
		t.Errorf("in-flight request: %d %s", resp.StatusCode, data)
	}
	select {
	case err := <-srv.done:
		if err != nil {
			t.Errorf("serve returned %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after draining")
	}
}

// writeLargeInput writes a data set big enough that loading it takes
// several seconds: actors, one source, and relations among them.
func writeLargeInput(t *testing.T, dir string, actors, relations int) {
	t.Helper()
	sentences := []string{"Alpha backs Beta.", "Gamma opposes Delta.", "Epsilon trades with Zeta."}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("text.txt", strings.Join(sentences, " "))
	write("sources.csv", "id,title,file\nbulk,Bulk source,text.txt\n")
	var b strings.Builder
	b.WriteString("id,name,kind,country\n")
	for i := range actors {
		fmt.Fprintf(&b, "actor-%d,Actor %d,STATE,%c%c%c\n", i, i, 'A'+i%26, 'A'+i/26%26, 'A'+i/676%26)
	}
	write("actors.csv", b.String())
	b.Reset()
	b.WriteString("from,type,to,since,source,quote\n")
	rng := rand.New(rand.NewPCG(1, 2))
	types := []string{"SUPPORTS", "OPPOSES", "PARTNERS_WITH", "ENGAGES_ECONOMICALLY_WITH", "SANCTIONS"}
	for i := range relations {
		from, to := rng.IntN(actors), rng.IntN(actors-1)
		if to >= from {
			to++
		}
		// The index makes every identity unique.
		fmt.Fprintf(&b, "actor-%d,%s,actor-%d,%d,bulk,%s\n", from, types[i%len(types)], to, 1900+i/(actors*len(types))%100, sentences[i%3])
	}
	write("relations.csv", b.String())
}

// TestKilledLoadIsCompletedByARerun SIGKILLs a load part-way, then loads
// the same input again: the result must equal an uninterrupted load.
func TestKilledLoadIsCompletedByARerun(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a large input twice")
	}
	s := neo4jtest.Open(t)
	cfg := neo4jtest.Config(t)
	dir := t.TempDir()
	writeLargeInput(t, dir, 2000, 60000)
	ctx := context.Background()

	neo4jtest.Reset(t)
	if err := run(ctx, []string{"actorgraph", "load", dir}, envOf(cfg), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	whole, err := s.Checksum(ctx)
	if err != nil {
		t.Fatal(err)
	}

	neo4jtest.Reset(t)
	cmd := exec.Command(os.Args[0], "load", "-batch-size", "200", dir)
	cmd.Env = append(os.Environ(), "ACTORGRAPH_TEST_RUN_MAIN=1", "NEO4J_URI="+cfg.URI)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it reports progress: part of the relations are written.
	lines := bufio.NewScanner(stderr)
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "loaded ") {
			break
		}
	}
	time.Sleep(500 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	counts, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("after the kill: %d nodes, %d relationships", counts.Nodes, counts.Relationships)
	if counts.Relationships == 0 || counts.Relationships >= 60000 {
		t.Fatalf("the kill did not land mid-load: %d relationships", counts.Relationships)
	}

	if err := run(ctx, []string{"actorgraph", "load", dir}, envOf(cfg), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	again, err := s.Checksum(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if again != whole {
		t.Errorf("after kill and rerun the graph differs from an uninterrupted load")
	}
}

func envOf(cfg store.Config) func(string) string {
	return func(key string) string {
		switch key {
		case "NEO4J_URI":
			return cfg.URI
		case "NEO4J_PASSWORD":
			return cfg.Password
		}
		return ""
	}
}

// TestTransientFailuresAreRetried cuts the first connections to Neo4j:
// the driver's managed transactions retry and the read succeeds.
func TestTransientFailuresAreRetried(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	p := newProxy(t, strings.TrimPrefix(neo4jtest.Config(t).URI, "bolt://"))
	p.dropFirst(2)
	p.up(t)
	cfg := neo4jtest.Config(t)
	cfg.URI, cfg.RetryTime = "bolt://"+p.addr, 10*time.Second
	flaky, err := store.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer flaky.Close(context.Background())
	got, err := flaky.Entities(context.Background(), []string{"russia"})
	if err != nil || got["russia"] == nil {
		t.Fatalf("read through a flaky connection: %v, %v", got, err)
	}
	if p.dropped() != 2 {
		t.Errorf("%d connections dropped, want 2", p.dropped())
	}
}

// TestNonRetryableErrorsSurfaceAtOnce sends a statement Neo4j rejects as
// the client's fault: it is sent once and its error says what is wrong.
func TestNonRetryableErrorsSurfaceAtOnce(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	// A well-formed cursor whose date Neo4j cannot parse.
	cursor := base64.RawURLEncoding.EncodeToString([]byte(`["not-a-date","x"]`))
	before := s.QueryCount()
	start := time.Now()
	_, err := s.Events(context.Background(), domain.EventFilter{}, 5, &cursor)
	if domain.ErrorCode(err) != domain.EINVALID || domain.ErrorDetails(err)["neo4jCode"] == nil {
		t.Errorf("error %v (details %v), want EINVALID with Neo4j's code", err, domain.ErrorDetails(err))
	}
	if sent := s.QueryCount() - before; sent != 2 {
		t.Errorf("%d statements sent; the count and the page once each is 2", sent)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("took %s: retried?", elapsed)
	}
}

// TestRoutingURIAndAccessModes connects with a neo4j:// (routing) URI, as
// a cluster deployment would, and checks that every statement went out in
// the access mode its operation needs: reads to readers, writes to the
// leader.
func TestRoutingURIAndAccessModes(t *testing.T) {
	cfg := neo4jtest.Config(t)
	cfg.URI = strings.Replace(cfg.URI, "bolt://", "neo4j://", 1)
	var mu sync.Mutex
	var sent []store.Statement
	cfg.Observe = func(st store.Statement) {
		mu.Lock()
		defer mu.Unlock()
		sent = append(sent, st)
	}
	s, err := store.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	neo4jtest.LoadSeed(t, s)
	mu.Lock()
	writes := 0
	for _, st := range sent {
		isWrite := strings.Contains(st.Cypher, "MERGE") || strings.Contains(st.Cypher, "CREATE")
		if st.Write != isWrite {
			t.Errorf("statement sent as write=%v:\n%s", st.Write, st.Cypher)
		}
		if st.Write {
			writes++
		}
	}
	sent = nil
	mu.Unlock()
	if writes == 0 {
		t.Fatal("the load sent no writes")
	}
	if _, err := s.Neighbourhood(context.Background(), "russia", 2, nil, 50); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, st := range sent {
		if st.Write {
			t.Errorf("a read went out as a write:\n%s", st.Cypher)
		}
	}
}
