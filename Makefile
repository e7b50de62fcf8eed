# actorgraph: the two commands a fresh machine needs are `make run` and
# `make test`. Everything else here serves those two.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
DEVDB := devdb/neo4j.sh
BIN := bin/actorgraph
# Packages share the one Community database: run them one at a time.
GOTEST_FLAGS ?= -p 1 -count=1 -timeout 20m

FUZZTIME ?= 30s
# make test fuzzes by count, not by time: a time budget has no place in a test,
# and Go 1.26's fuzz coordinator can fail a target with "context deadline
# exceeded" when a -fuzztime duration ends mid-execution (go.dev/issue/75804).
TEST_FUZZ_EXECS ?= 5000x

# The GraphQL-over-HTTP audit (graphqlhttp_test.go) runs the graphql-http npm
# package: installed from its lock file, again only when the lock file changes.
HTTPAUDIT := internal/httpaudit/node_modules/.installed

.PHONY: run test build generate vet bench neo4j-start neo4j-stop neo4j-status fuzz clean ui browser-check

## run: serve the seed data on :8080, starting a local Neo4j unless NEO4J_URI is set
run: build
	@if [ -z "$${NEO4J_URI:-}" ]; then \
		env=$$($(DEVDB) start) && eval "$$env"; \
		echo "local Neo4j at $$NEO4J_URI (stop it with: make neo4j-stop)"; \
	fi; \
	$(BIN) load data/seed && exec $(BIN) serve

## test: go vet, then every test against a fresh, throw-away Neo4j
test:
	$(DEVDB) run $(MAKE) --no-print-directory test-against-neo4j

# test-against-neo4j needs NEO4J_URI; `make test` provides it.
.PHONY: test-against-neo4j
test-against-neo4j: vet $(HTTPAUDIT) browser-check
	ACTORGRAPH_REQUIRE_NEO4J=1 $(GO) test $(GOTEST_FLAGS) ./...
	FUZZTIME=$(TEST_FUZZ_EXECS) scripts/fuzz.sh

# The browser tests (browser_test.go, explorer_test.go) need Chromium: say
# so loudly when there is none (they skip; CI installs it and requires them).
browser-check:
	@if [ -z "$${ACTORGRAPH_BROWSER:-}" ] && ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
		&& ! command -v google-chrome >/dev/null; then \
		echo '*** NO BROWSER: the GraphiQL and explorer browser tests will be SKIPPED (apt-get install chromium) ***' >&2; \
	fi

## ui: rebuild the embedded GraphiQL and explorer (internal/httpapi/ui) from web/ and its lock file; needs Node and the npm registry
ui:
	cd web && npm ci --no-audit --no-fund --loglevel=error && node build.mjs

build:
	$(GO) build -o $(BIN) .

$(HTTPAUDIT): internal/httpaudit/package.json internal/httpaudit/package-lock.json
	cd internal/httpaudit && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	touch $@

vet:
	$(GO) vet ./...

## generate: regenerate gqlgen and genqlient code from the schema
generate:
	$(GO) generate ./...

## fuzz: run each fuzz target for FUZZTIME (default 30s)
fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

## bench: measure loader and API at scale against LOAD CSV, raw Bolt and the peer; writes BENCHMARKS.md
bench:
	bench/run.sh

## neo4j-start / neo4j-stop / neo4j-status: the local Neo4j (NEO4J_PORT, NEO4J_DATA choose port and data)
neo4j-start:
	@$(DEVDB) start
neo4j-stop:
	@$(DEVDB) stop
neo4j-status:
	@$(DEVDB) status

clean:
	rm -rf bin
