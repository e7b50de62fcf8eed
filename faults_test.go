package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/actorgraph/actorgraph/domain"
	"github.com/actorgraph/actorgraph/internal/neo4jtest"
	"github.com/actorgraph/actorgraph/internal/testwait"
	"github.com/actorgraph/actorgraph/store"
)

// TestGracefulShutdown stops the server while a request is in flight: the
// request completes, new connections are refused, and serve returns.
func TestGracefulShutdown(t *testing.T) {
	s := neo4jtest.Open(t)
	neo4jtest.LoadSeed(t, s)
	// Generous limits: only the request in flight may end the drain.
	srv := launch(t, map[string]string{"ACTORGRAPH_SHUTDOWN_TIMEOUT": "1h", "ACTORGRAPH_REQUEST_TIMEOUT": "1h"})
	addr := strings.TrimPrefix(srv.url, "http://")

	// A request is in flight once the server has read its headers and
	// asked for its body (100 Continue): it is being handled.
	body := `{"query": "{ actor(id: \"russia\") { name } }"}`
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", addr, len(body))
	replies := bufio.NewReader(conn)
	if resp, err := http.ReadResponse(replies, nil); err != nil || resp.StatusCode != http.StatusContinue {
		t.Fatalf("the server did not ask for the body: %v %v", resp, err)
	}

	srv.stop() // SIGTERM
	testwait.Until(t, "new connections to be refused while a request is in flight", func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	select {
	case err := <-srv.done:
		t.Fatalf("serve returned (%v) before the request in flight was answered", err)
	default:
	}

	if _, err := io.WriteString(conn, body); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(replies, nil)
	if err != nil {
		t.Fatalf("in-flight request: %v", err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(data), "Russia") {
		t.Errorf("in-flight request: %d %s", resp.StatusCode, data)
	}
	if err := testwait.Receive(t, "serve to return after draining", srv.done); err != nil {
		t.Errorf("serve returned %v", err)
	}
}

// writeLargeInput writes a data set that loads in many batches: actors,
// one source, and relations among them, each identity once.
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
	types := []string{"SUPPORTS", "OPPOSES", "PARTNERS_WITH", "ENGAGES_ECONOMICALLY_WITH", "SANCTIONS"}
	if relations > actors*(actors-1) {
		t.Fatalf("%d actors have %d ordered pairs, fewer than %d relations", actors, actors*(actors-1), relations)
	}
	for i := range relations {
		// Each ordered pair once: every relation is an identity of its own.
		from, to := i%actors, (i%actors+1+i/actors)%actors
		fmt.Fprintf(&b, "actor-%d,%s,actor-%d,%d,bulk,%s\n", from, types[i%len(types)], to, 1900+i%100, sentences[i%3])
	}
	write("relations.csv", b.String())
}

// TestKilledLoadIsCompletedByARerun SIGKILLs a load part-way, then loads
// the same input again: the result must equal an uninterrupted load. The
// load runs in a child process that stops itself once a known number of
// relation batches is committed, so the kill lands mid-load however fast
// or busy the machine is.
func TestKilledLoadIsCompletedByARerun(t *testing.T) {
	if testing.Short() {
		t.Skip("loads an input three times, once in a child process")
	}
	s := neo4jtest.Open(t)
	cfg := neo4jtest.Config(t)
	dir := t.TempDir()
	const relations, batchSize, pauseAt = 5000, 200, 5
	writeLargeInput(t, dir, 500, relations)
	ctx := context.Background()

	neo4jtest.Reset(t)
	if err := run(ctx, []string{"actorgraph", "load", dir}, envOf(cfg), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	whole := neo4jtest.Checksum(t)

	neo4jtest.Reset(t)
	child := startPausedLoad(t, cfg.URI, dir, batchSize, pauseAt)
	counts, err := s.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("paused: %d nodes, %d relationships", counts.Nodes, counts.Relationships)
	if counts.Relationships != pauseAt*batchSize {
		t.Fatalf("%d relationships after %d committed batches of %d; want exactly those, of %d", counts.Relationships, pauseAt, batchSize, relations)
	}
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := child.Wait(); err == nil {
		t.Fatal("the load exited by itself instead of being killed")
	}

	if err := run(ctx, []string{"actorgraph", "load", dir}, envOf(cfg), io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if neo4jtest.Checksum(t) != whole {
		t.Errorf("after kill and rerun the graph differs from an uninterrupted load")
	}
}

// startPausedLoad runs `actorgraph load` in a child process (the test
// binary running main, see TestMain) that stops once its n-th relation
// batch is committed, and returns when the child says it has stopped.
// The child ends when the test does, whatever happened.
func startPausedLoad(t *testing.T, uri, dir string, batchSize, n int) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "load", "-batch-size", strconv.Itoa(batchSize), dir)
	cmd.Env = append(os.Environ(), "ACTORGRAPH_TEST_RUN_MAIN=1", "ACTORGRAPH_TEST_PAUSE_AFTER="+strconv.Itoa(n), "NEO4J_URI="+uri)
	stdin, err := cmd.StdinPipe() // held open: the paused child waits on it
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	var said []string
	for lines := bufio.NewScanner(stderr); lines.Scan(); {
		if strings.HasPrefix(lines.Text(), pausedMarker) {
			return cmd
		}
		said = append(said, lines.Text())
	}
	t.Fatalf("the load ended before relation batch %d was committed:\n%s", n, strings.Join(said, "\n"))
	return nil
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
	_, err := s.Events(context.Background(), domain.EventFilter{}, 5, &cursor)
	if domain.ErrorCode(err) != domain.EINVALID || domain.ErrorDetails(err)["neo4jCode"] == nil {
		t.Errorf("error %v (details %v), want EINVALID with Neo4j's code", err, domain.ErrorDetails(err))
	}
	// A retry would send them again: the driver reruns the whole
	// transaction function.
	if sent := s.QueryCount() - before; sent != 2 {
		t.Errorf("%d statements sent; the count and the page once each is 2", sent)
	}
}

// writeClause finds a clause that writes in a statement.
var writeClause = regexp.MustCompile(`\b(MERGE|CREATE|SET|DELETE|REMOVE)\b`)

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
		isWrite := writeClause.MatchString(st.Cypher)
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
	if _, err := s.Neighbourhood(context.Background(), "russia", 2, nil, domain.ClaimFilter{}, 50); err != nil {
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
