#!/usr/bin/env bash
# bench/peer/run.sh - the benchmark's peer (the Neo4j GraphQL Library on GraphQL Yoga).
#
#   run.sh              install what is missing, then run the server in the foreground (exec node)
#   run.sh prepare      only install: npm ci from the lock file, APOC core into apoc/target/plugins
#   run.sh neo4j-env    install APOC if missing, then print, for eval, the lines that give a devdb
#                       Neo4j the plugin:  export NEO4J_PLUGINS=...  export NEO4J_PROCEDURE_ALLOWLIST=...
#
# Both installs are cached: npm ci runs again only when package-lock.json changed, Maven only when
# apoc/pom.xml did. Messages go to stderr. The server reads NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD,
# NEO4J_DATABASE, PORT (4000) and the PEER_* variables described in server.mjs, and prints
# `peer listening on http://127.0.0.1:PORT/graphql` when ready. Needs Node.js 20+, npm and Maven.
set -euo pipefail

PEER=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PLUGINS=$PEER/apoc/target/plugins

say() { printf 'peer: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# locked CMD...: run CMD holding the peer's install lock (when flock exists), so that two runs
# started at once do not install over each other.
locked() {
    if command -v flock >/dev/null 2>&1; then
        flock "$PEER/.install.lock" "$@"
    else
        "$@"
    fi
}

deps() {
    command -v node >/dev/null 2>&1 || die "node not found: the peer needs Node.js 20 or newer"
    local major
    major=$(node -p 'process.versions.node.split(".")[0]')
    ((major >= 20)) || die "node is $(node --version): the peer needs Node.js 20 or newer"
    local stamp=$PEER/node_modules/.actorgraph-lock.sha256 want
    want=$(sha256sum "$PEER/package-lock.json" | cut -d' ' -f1)
    [[ -f $stamp && $(<"$stamp") == "$want" ]] && return 0
    command -v npm >/dev/null 2>&1 || die "npm not found"
    say "installing the peer's packages (npm ci)..."
    (cd "$PEER" && locked npm ci --no-audit --no-fund --loglevel=error) >&2 || die "npm ci failed"
    printf '%s\n' "$want" >"$stamp"
}

apoc() {
    if compgen -G "$PLUGINS/apoc-core-*.jar" >/dev/null &&
        [[ -z $(find "$PEER/apoc/pom.xml" -newer "$PLUGINS" -print -quit) ]]; then
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven fetches APOC core for the bench Neo4j"
    say "fetching APOC core with Maven..."
    rm -rf "$PLUGINS" # a changed version must not leave the old jars beside the new
    mkdir -p "$PEER/apoc/target"
    local log=$PEER/apoc/target/build.log
    (cd "$PEER/apoc" && locked mvn -B -q -Dstyle.color=never package) >"$log" 2>&1 ||
        die "Maven could not fetch APOC core (offline?); see $log"
    touch "$PLUGINS"
}

case ${1:-} in
'')
    deps
    apoc
    cd "$PEER"
    exec node server.mjs
    ;;
prepare)
    deps
    apoc
    ;;
neo4j-env)
    apoc
    printf 'export NEO4J_PLUGINS=%q\n' "$PLUGINS"
    printf '%s\n' "export NEO4J_PROCEDURE_ALLOWLIST='apoc.*'"
    ;;
*) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2 && exit 2 ;;
esac
