package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/actorgraph/actorgraph/store"
)

// neo4jFlags registers the Neo4j connection settings shared by every
// command. The password is taken from the environment only, so that it
// never shows in a process list.
func neo4jFlags(fs *flag.FlagSet, e *env) *store.Config {
	getenv := e.getenv
	cfg := &store.Config{Password: getenv("NEO4J_PASSWORD")}
	fs.StringVar(&cfg.URI, "neo4j-uri", envOr(getenv, "NEO4J_URI", "bolt://127.0.0.1:7687"), "Neo4j URI (env NEO4J_URI)")
	fs.StringVar(&cfg.User, "neo4j-user", envOr(getenv, "NEO4J_USER", "neo4j"), "Neo4j user (env NEO4J_USER)")
	fs.StringVar(&cfg.Database, "neo4j-database", envOr(getenv, "NEO4J_DATABASE", "neo4j"), "Neo4j database (env NEO4J_DATABASE)")
	fs.DurationVar(&cfg.ConnectTimeout, "neo4j-connect-timeout", e.duration("ACTORGRAPH_NEO4J_CONNECT_TIMEOUT", time.Second),
		"how long getting a Neo4j connection may take before a request fails as unavailable (env ACTORGRAPH_NEO4J_CONNECT_TIMEOUT)")
	return cfg
}

// finishNeo4j drops the user when no password is set: a server without
// auth (the local dev instance) refuses basic auth it does not expect.
func finishNeo4j(cfg *store.Config) {
	if cfg.Password == "" {
		cfg.User = ""
	}
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// env reads typed settings from the environment and remembers every
// malformed one, so a typo in a deployment fails loudly at start.
type env struct {
	getenv func(string) string
	errs   []error
}

func (e *env) duration(key string, def time.Duration) time.Duration {
	v := e.getenv(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		e.errs = append(e.errs, fmt.Errorf("%s=%q: want a positive duration such as 5s", key, v))
		return def
	}
	return d
}

func (e *env) int(key string, def int) int {
	v := e.getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		e.errs = append(e.errs, fmt.Errorf("%s=%q: want a positive whole number", key, v))
		return def
	}
	return n
}

func (e *env) err() error {
	if len(e.errs) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %w", errUsage, errors.Join(e.errs...))
}

// parseFlags parses args and reports a usage error in one line, then any
// malformed setting the environment gave e. After -h it returns
// flag.ErrHelp, which run treats as done, not as a failure.
func parseFlags(fs *flag.FlagSet, args []string, e *env, stderr io.Writer) error {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	return e.err()
}

// writerFlags registers the Neo4j settings of the commands that write a
// data set (load, import). A write may start while Neo4j is still coming
// up, so it retries transient failures for longer than a request would;
// and a batch is one transaction of thousands of rows, which on a busy
// machine takes longer than a request may.
func writerFlags(fs *flag.FlagSet, e *env) *store.Config {
	neo := neo4jFlags(fs, e)
	neo.RetryTime = e.duration("ACTORGRAPH_LOAD_RETRY", 30*time.Second)
	neo.QueryTimeout = e.duration("ACTORGRAPH_LOAD_TIMEOUT", 5*time.Minute)
	fs.DurationVar(&neo.QueryTimeout, "tx-timeout", neo.QueryTimeout, "how long one batch's transaction may take (env ACTORGRAPH_LOAD_TIMEOUT; a loaded server takes long)")
	return neo
}
