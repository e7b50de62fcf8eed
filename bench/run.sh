#!/usr/bin/env bash
# `make bench`: measures actorgraph at scale and writes BENCHMARKS.md.
#
#   1. loader throughput on the medium data set (1M relations), at several
#      batch sizes, against LOAD CSV ... IN TRANSACTIONS on the same data;
#   2. API latency and throughput for three operations at fixed concurrency,
#      from a separate process, for raw Bolt, actorgraph and the peer
#      (@neo4j/graphql), on the small and the medium graph;
#   3. memory: the loader's peak RSS and the API's RSS under load;
#   4. event data: `actorgraph import` of generated ICEWS events (1M) and
#      its peak RSS against the same writes with LOAD CSV, and the latency
#      of a 12-month monthly dyad series on the busiest dyad, from the
#      aggregates and from the raw events, at 10k and 1M events.
#
# Every Neo4j here is a fresh ephemeral one (devdb/neo4j.sh), so runs do
# not disturb each other. Raw results go to $BENCH_OUT/results.jsonl.
# Knobs: BENCH_SIZES ("small medium"), BENCH_DURATION (10s per level),
# BENCH_LEVELS ("1,8,32"), BENCH_BATCHES ("500 2000 10000"), BENCH_OUT,
# BENCH_EVENTS ("10000 1000000": the last is imported against LOAD CSV),
# BENCH_EVENT_SAMPLE (the ICEWS sample the events are shaped like),
# BENCH_SKIP ("loader api events": parts to leave out), BENCH_WARMUP (10:
# seconds of unmeasured load per operation and target before part 2 measures),
# BENCH_REPORT (BENCHMARKS.md: where the report goes).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${BENCH_OUT:-$ROOT/bench/out}
SIZES=${BENCH_SIZES:-small medium}
DURATION=${BENCH_DURATION:-10s}
LEVELS=${BENCH_LEVELS:-1,8,32}
BATCHES=${BENCH_BATCHES:-500 2000 10000}
RESULTS=$OUT/results.jsonl
mkdir -p "$OUT/bin"
: >"$RESULTS"
# A transaction may use 2g: LOAD CSV writes the sources' ledgers (a
# million relation ids on the medium data) in one.
export NEO4J_HEAP=${NEO4J_HEAP:-4g} NEO4J_PAGECACHE=${NEO4J_PAGECACHE:-2g} NEO4J_TX_MEMORY=${NEO4J_TX_MEMORY:-2g}

say() { printf 'bench: %s\n' "$*" >&2; }
record() { printf '%s\n' "$1" >>"$RESULTS"; }

say "building"
go build -o "$OUT/bin/actorgraph" .
go build -o "$OUT/bin/gen" ./bench/gen
go build -o "$OUT/bin/load" ./bench/load
go build -o "$OUT/bin/loadcsv" ./bench/loadcsv
go build -o "$OUT/bin/genevents" ./bench/genevents
go build -o "$OUT/bin/dyad" ./bench/dyad
EVENTS=${BENCH_EVENTS:-10000 1000000}
EVENT_SAMPLE=${BENCH_EVENT_SAMPLE:-testdata/eventdata/icews-events-2018-06-sample.tab}
SKIP=${BENCH_SKIP:-}
skip() { case " $SKIP " in *" $1 "*) return 0 ;; esac; return 1; }

# The relation data sets serve parts 1 and 2 only.
skip loader && skip api && SIZES=''
for size in $SIZES; do
  if [ ! -s "$OUT/data-$size/actors.csv" ]; then
    say "generating $size"
    "$OUT/bin/gen" -size "$size" -seed 1 -out "$OUT/data-$size" -overwrite >&2
  fi
done

# neo4j_up starts a fresh ephemeral Neo4j (no plugins) and sets
# NEO4J_URI; neo4j_down stops it and deletes its data.
ENVFILE=$OUT/neo4j.env
neo4j_up() {
  local env
  env=$(devdb/neo4j.sh start --ephemeral --env-file "$ENVFILE")
  eval "$env"
}
# neo4j_up_env is neo4j_up that prints the export lines instead.
neo4j_up_env() { devdb/neo4j.sh start --ephemeral --env-file "$ENVFILE"; }
neo4j_down() { devdb/neo4j.sh stop --env-file "$ENVFILE" >/dev/null 2>&1 || true; }
trap 'neo4j_down; [ -n "${API_PID:-}" ] && kill "$API_PID" 2>/dev/null; [ -n "${PEER_PID:-}" ] && kill "$PEER_PID" 2>/dev/null; true' EXIT

# timed_load SIZE BATCH loads a data set into the current Neo4j, then
# loads it again (the identical reload), and prints the first load's
# time, its breakdown (the loader's summary line: "in … (parse Xs,
# validate Ys, write Zs)"), counts and peak RSS, and the reload's time, as
# one JSON line.
timed_load() { # size batch -> JSON line
  local size=$1 batch=$2 start end rss reload
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$OUT/rss" "$OUT/bin/actorgraph" load -batch-size "$batch" "$OUT/data-$size" >"$OUT/load.out" 2>"$OUT/load.err"
  end=$(date +%s.%N)
  rss=$(tail -1 "$OUT/rss")
  local rels nodes parts
  rels=$(awk '/^relations/ {print $2}' "$OUT/load.out")
  nodes=$(awk '/^(actors|policies|events|sources)/ {n += $2} END {print n + 0}' "$OUT/load.out")
  parts=$(sed -n 's/.*(parse \([0-9.]*\)s, validate \([0-9.]*\)s, write \([0-9.]*\)s).*/\1 \2 \3/p' "$OUT/load.out")
  set -- $parts
  reload=$(date +%s.%N)
  "$OUT/bin/actorgraph" load -batch-size "$batch" "$OUT/data-$size" >"$OUT/reload.out" 2>&1
  reload=$(echo "$(date +%s.%N) - $reload" | bc)
  printf '{"bench":"loader","size":"%s","batch":%s,"seconds":%s,"relations":%s,"nodes":%s,"peakRssKB":%s,"parseSeconds":%s,"validateSeconds":%s,"writeSeconds":%s,"reloadSeconds":%s}\n' \
    "$size" "$batch" "$(echo "$end - $start" | bc)" "${rels:-0}" "$nodes" "$rss" "${1:-0}" "${2:-0}" "${3:-0}" "$reload"
}

# 1. Loader throughput against LOAD CSV (on the largest size given).
LOAD_SIZE=${BENCH_LOAD_SIZE:-$(echo "$SIZES" | awk '{print $NF}')}
skip loader && BATCHES=''
for batch in $BATCHES; do
  say "loader, $LOAD_SIZE, batch $batch"
  neo4j_up
  record "$(timed_load "$LOAD_SIZE" "$batch")"
  neo4j_down
done
for batch in $BATCHES; do
  say "LOAD CSV, $LOAD_SIZE, batch $batch"
  neo4j_up
  # The schema (constraints, indexes) first, as the loader makes it.
  rm -rf "$OUT/schema-only" && mkdir -p "$OUT/schema-only" &&
    cp -r "$OUT/data-$LOAD_SIZE"/sources.csv "$OUT/data-$LOAD_SIZE"/texts "$OUT/schema-only/"
  "$OUT/bin/actorgraph" load "$OUT/schema-only" >/dev/null
  "$OUT/bin/loadcsv" -neo4j-uri "$NEO4J_URI" -dir "$OUT/data-$LOAD_SIZE" -batch "$batch" |
    while read -r line; do record "{\"bench\":\"loadcsv\",\"size\":\"$LOAD_SIZE\",${line#\{}"; done
  neo4j_down
done

# The floor of a first load: Neo4j's offline importer on the same data in
# its own CSV format (converting is not timed), then Neo4j started on the
# store (its counts checked) and the schema made as for LOAD CSV.
if ! skip loader; then
  say "neo4j-admin database import, $LOAD_SIZE"
  go build -o "$OUT/bin/adminimport" ./bench/adminimport
  rm -rf "$OUT/admin-csv" "$OUT/admin-home"
  "$OUT/bin/adminimport" -in "$OUT/data-$LOAD_SIZE" -out "$OUT/admin-csv"
  start=$(date +%s.%N)
  devdb/import.sh "$OUT/admin-csv" "$OUT/admin-home" 2>"$OUT/admin-import.log"
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  eval "$(NEO4J_DATA="$OUT/admin-home" NEO4J_PORT=$port devdb/neo4j.sh start --env-file "$ENVFILE")"
  # The schema from a load of nothing: loading the sources here would make
  # their claims those of the input, none, and prune every relation.
  mkdir -p "$OUT/schema-empty" && echo 'id,name,kind' >"$OUT/schema-empty/actors.csv"
  start=$(date +%s.%N)
  "$OUT/bin/actorgraph" load "$OUT/schema-empty" >/dev/null
  schema=$(echo "$(date +%s.%N) - $start" | bc)
  read -r nodes rels < <("$OUT/bin/adminimport" -counts "$NEO4J_URI")
  neo4j_down
  imported="$(awk '/^  [0-9]+ nodes/ {print $1}' "$OUT/admin-import.log") $(awk '/^  [0-9]+ relationships/ {print $1}' "$OUT/admin-import.log")"
  [ "$imported" = "$nodes $rels" ] || { say "the importer reported $imported nodes and relationships, Neo4j holds $nodes $rels"; exit 1; }
  record "{\"bench\":\"adminimport\",\"size\":\"$LOAD_SIZE\",\"seconds\":$seconds,\"schemaSeconds\":$schema,\"nodes\":${nodes:-0},\"relations\":${rels:-0}}"
fi

# 2. API latency: one Neo4j per size, loaded once, three targets. This
# Neo4j has APOC, which the peer's start-up check requires (never so for
# the Neo4j that actorgraph's Cypher endpoint serves in production).
skip api && SIZES=''
WARMUP=${BENCH_WARMUP:-10}
# api_runs warm|measure: each operation on each target; warm runs each at
# concurrency 8 for WARMUP seconds and records nothing.
api_runs() {
  for op in a a-generated b b-baseline c; do
    for target in bolt actorgraph peer; do
      [ "$op" = a-generated ] && [ "$target" != peer ] && continue
      [ "$op" = b-baseline ] && [ "$target" != bolt ] && continue
      url=http://127.0.0.1:18480/graphql
      [ "$target" = peer ] && url=http://127.0.0.1:18481/graphql
      if [ "$1" = warm ]; then
        # Not the peer's paths: on medium they run on in Neo4j for a minute
        # after the client gives up, into the measurements.
        [ "$op" = c ] && [ "$target" = peer ] && continue
        "$OUT/bin/load" -target "$target" -url "$url" -neo4j-uri "$NEO4J_URI" -op "$op" -c 8 -d "${WARMUP}s" >/dev/null ||
          { say "warm-up of $target $op failed"; exit 1; }
        continue
      fi
      say "  $target $op"
      BENCH_SIZE=$size "$OUT/bin/load" -target "$target" -url "$url" -neo4j-uri "$NEO4J_URI" -op "$op" \
        -c "$LEVELS" -d "$DURATION" | while read -r line; do record "{\"bench\":\"api\",${line#\{}"; done
    done
  done
}
for size in $SIZES; do
  say "API, $size"
  plugins=$(bench/peer/run.sh neo4j-env)
  (eval "$plugins" && neo4j_up_env) >"$OUT/neo4j-api.env"
  eval "$(cat "$OUT/neo4j-api.env")"
  "$OUT/bin/actorgraph" load "$OUT/data-$size" >"$OUT/api-load.out" 2>&1 ||
    { say "loading $size failed: see $OUT/api-load.out"; exit 1; }
  ACTORGRAPH_ADDR=127.0.0.1:18480 ACTORGRAPH_REQUEST_TIMEOUT=60s ACTORGRAPH_MAX_CONCURRENT_QUERIES=256 \
    "$OUT/bin/actorgraph" serve >/dev/null 2>"$OUT/api.log" &
  API_PID=$!
  PORT=18481 NEO4J_URI=$NEO4J_URI bench/peer/run.sh >"$OUT/peer.log" 2>&1 &
  PEER_PID=$!
  for _ in $(seq 1 120); do
    curl -fs http://127.0.0.1:18480/readyz >/dev/null 2>&1 && grep -q "listening" "$OUT/peer.log" && break
    sleep 1
  done
  # Every operation on every target once, unmeasured, before any is
  # measured: just after the load, Neo4j is still warming its statements
  # and finishing the load's work, and whichever target ran first was
  # slowed by it (the Bolt floor of op a measured 340 requests/s at
  # concurrency 1 first, 510 a minute later).
  say "  warm-up: every operation on every target, ${WARMUP}s each"
  api_runs warm
  api_runs measure
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$API_PID/status")
  record "{\"bench\":\"api-memory\",\"size\":\"$size\",\"peakRssKB\":$rss}"
  kill "$API_PID" "$PEER_PID" 2>/dev/null || true
  wait "$API_PID" "$PEER_PID" 2>/dev/null || true
  API_PID='' PEER_PID=''
  neo4j_down
done

# 4. Event data. Each size: generate, import (timed, peak RSS), then the
# dyad series from the aggregates, the raw events and the API; the
# largest size is also written with LOAD CSV on a fresh Neo4j.
skip events && EVENTS=''
IMPORT_EVENTS=$(echo "$EVENTS" | awk '{print $NF}')
for n in $EVENTS; do
  file=$OUT/events-$n.tab
  [ -s "$file" ] || "$OUT/bin/genevents" -sample "$EVENT_SAMPLE" -n "$n" -seed 1 -out "$file"
  say "import, $n events"
  neo4j_up
  "$OUT/bin/actorgraph" load data/seed >/dev/null
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$OUT/rss" "$OUT/bin/actorgraph" import --format icews "$file" >"$OUT/import.out" 2>"$OUT/import.err"
  end=$(date +%s.%N)
  record "{\"bench\":\"import\",\"events\":$n,\"seconds\":$(echo "$end - $start" | bc),\"peakRssKB\":$(tail -1 "$OUT/rss")}"
  # A free port: a fixed one may be another run's server, with other data.
  addr=127.0.0.1:$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  ACTORGRAPH_ADDR=$addr "$OUT/bin/actorgraph" serve >/dev/null 2>"$OUT/api.log" &
  API_PID=$!
  for _ in $(seq 1 120); do curl -fs "http://$addr/readyz" >/dev/null 2>&1 && break; sleep 1; done
  kill -0 "$API_PID" 2>/dev/null || { say "the API did not start: see $OUT/api.log"; exit 1; }
  BENCH_SIZE=$n "$OUT/bin/dyad" -neo4j-uri "$NEO4J_URI" -url "http://$addr/graphql" -from 2018-01-01 -to 2018-12-31 |
    while read -r line; do record "{\"bench\":\"dyad\",${line#\{}"; done
  kill "$API_PID" 2>/dev/null || true
  wait "$API_PID" 2>/dev/null || true
  API_PID=''
  neo4j_down
  if [ "$n" = "$IMPORT_EVENTS" ]; then
    say "LOAD CSV, $n events"
    neo4j_up
    "$OUT/bin/actorgraph" load data/seed >/dev/null
    "$OUT/bin/loadcsv" -neo4j-uri "$NEO4J_URI" -icews "$file" -batch 2000 |
      while read -r line; do record "{\"bench\":\"eventcsv\",\"events\":$n,${line#\{}"; done
    neo4j_down
  fi
done

say "writing ${BENCH_REPORT:-BENCHMARKS.md}"
go run ./bench/report -results "$RESULTS" -out "${BENCH_REPORT:-BENCHMARKS.md}"
