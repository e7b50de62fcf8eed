#!/usr/bin/env bash
# devdb/neo4j.sh - a real Neo4j Community 5.26 server (embedded, Bolt on 127.0.0.1) for
# actorgraph dev and CI, without Docker. Needs Java 17+ and, for the first build, Maven.
#
#   neo4j.sh start [--ephemeral] [--env-file FILE]  start in the background; wait until Bolt answers
#   neo4j.sh stop   [--env-file FILE]               stop it (SIGTERM, SIGKILL after NEO4J_STOP_TIMEOUT)
#   neo4j.sh status [--env-file FILE]               exit 0 if running and ready, 1 if not
#   neo4j.sh wait   [--env-file FILE]               wait until an already-started instance is ready
#   neo4j.sh run CMD [ARG...]                       ephemeral instance around CMD (NEO4J_URI etc.
#                                                   exported); always stopped; exits with CMD's status
#   neo4j.sh build                                  build the launcher only (done by start when stale)
#
# On success start/status/wait print, on stdout and nothing else, lines for eval, `.` or make's
# include (messages go to stderr):
#   export NEO4J_URI=bolt://127.0.0.1:7687
#   export NEO4J_PORT=7687
#   export NEO4J_DATA=/abs/data/dir
#   export NEO4J_PIDFILE=/abs/data/dir/neo4j.pid
#   export NEO4J_LOG=/abs/data/dir/neo4j.log
# --env-file FILE: start also writes those lines to FILE; stop/status/wait read the pidfile from it.
#
# --ephemeral (or NEO4J_EPHEMERAL=1): fresh temp data dir and a free random port; NEO4J_PORT,
# NEO4J_DATA, NEO4J_PIDFILE and NEO4J_LOG are ignored. stop kills it at once and deletes the dir.
#
# Tests (Makefile recipe; $$ because of make):
#   devdb/neo4j.sh run go test ./...
# or, by hand:
#   env=$$(devdb/neo4j.sh start --ephemeral) && eval "$$env" && trap 'devdb/neo4j.sh stop' EXIT && go test ./...
# (`eval "$(... start)"` alone would hide a failed start: eval of nothing succeeds.)
#
# Environment (defaults):
#   NEO4J_PORT=7687  NEO4J_DATA=<this dir>/data  NEO4J_PASSWORD=(unset: auth off; set: user neo4j, >= 8 chars)
#   NEO4J_HEAP=1g  NEO4J_PAGECACHE=256m  NEO4J_TX_TIMEOUT=60s  NEO4J_TX_MEMORY=512m
#   NEO4J_LOG=$NEO4J_DATA/neo4j.log  NEO4J_PIDFILE=$NEO4J_DATA/neo4j.pid
#   NEO4J_START_TIMEOUT=180 (s)  NEO4J_STOP_TIMEOUT=30 (s)  NEO4J_JAVA=java  NEO4J_JAVA_OPTS=(extra JVM flags)
#   NEO4J_PLUGINS=(unset)  NEO4J_PROCEDURE_ALLOWLIST=(empty)  opt-in plugins for a benchmark instance
#   only, e.g. APOC: NEO4J_PLUGINS=/abs/dir/of/jars NEO4J_PROCEDURE_ALLOWLIST='apoc.*' (see README.md)
set -euo pipefail

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
DEVDB=$(dirname "$SELF")
JAR=$DEVDB/target/actorgraph-devdb.jar
READY='actorgraph-devdb ready '
EPHEMERAL_MARK=.actorgraph-devdb-ephemeral

say() { printf 'devdb: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }

check_java() {
    JAVA=${NEO4J_JAVA:-java}
    command -v "$JAVA" >/dev/null 2>&1 ||
        die "'$JAVA' not found: Neo4j needs Java 17 or newer on PATH (or set NEO4J_JAVA)"
    local version major
    version=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { print $2; exit }') || true
    major=${version%%.*}
    [[ $major == 1 ]] && major=$(cut -d. -f2 <<<"$version") # 1.8 style
    if ! [[ $major =~ ^[0-9]+$ ]] || ((major < 17)); then
        die "'$JAVA' is Java ${version:-of unknown version}: Neo4j 5.26 needs Java 17 or newer"
    fi
}

build() {
    if [[ -f $JAR && -d $DEVDB/target/lib ]] &&
        [[ -z $(find "$DEVDB/pom.xml" "$DEVDB/src" -newer "$JAR" -print -quit) ]]; then
        return 0
    fi
    command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed once to build the launcher and fetch Neo4j"
    mkdir -p "$DEVDB/target"
    local log=$DEVDB/target/build.log lock=()
    command -v flock >/dev/null 2>&1 && lock=(flock "$DEVDB/target/.build.lock")
    say "building the launcher with Maven (the first build also fetches Neo4j, about 125 MB)..."
    if ! (cd "$DEVDB" && "${lock[@]}" mvn -B -q -Dstyle.color=never package) >"$log" 2>&1; then
        die "Maven could not build the launcher or fetch Neo4j (offline?); see $log"
    fi
    touch "$JAR" # an up-to-date jar is not rewritten; keep the staleness check cheap
}

# running PID: the process exists and is not a zombie.
running() {
    [[ $1 =~ ^[0-9]+$ ]] && kill -0 "$1" 2>/dev/null || return 1
    [[ $(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) != Z ]]
}

# alive PID: our launcher runs as PID; a pidfile's pid may since have been reused by another process.
alive() {
    running "$1" && { [[ ! -r /proc/$1/cmdline ]] || grep -qa actorgraph-devdb "/proc/$1/cmdline"; }
}

# var_from FILE NAME: NAME's value after sourcing FILE (one of our env files) in a subshell.
# shellcheck source=/dev/null
var_from() { (. "$1" && printf '%s' "${!2:-}"); }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# locate [--env-file FILE]: set PIDFILE, STATE (the env file beside it), DATA and LOG.
locate() {
    local envfile=''
    if (($#)); then
        [[ $1 == --env-file && $# == 2 ]] || die "unknown arguments: $*"
        envfile=$2
    fi
    if [[ -n $envfile ]]; then
        [[ -f $envfile ]] || die "no such env file: $envfile"
        PIDFILE=$(var_from "$envfile" NEO4J_PIDFILE)
        [[ -n $PIDFILE ]] || die "$envfile has no NEO4J_PIDFILE"
    else
        DATA=$(abspath "${NEO4J_DATA:-$DEVDB/data}")
        PIDFILE=$(abspath "${NEO4J_PIDFILE:-$DATA/neo4j.pid}")
    fi
    STATE=${PIDFILE%.pid}.env
    if [[ -f $STATE ]]; then
        DATA=$(var_from "$STATE" NEO4J_DATA)
        LOG=$(var_from "$STATE" NEO4J_LOG)
    else
        DATA=${DATA:-$(dirname "$PIDFILE")}
        LOG=$(abspath "${NEO4J_LOG:-$DATA/neo4j.log}")
    fi
}

pid_of() { [[ -f $PIDFILE ]] && tr -dc 0-9 <"$PIDFILE"; }

# env_lines URI PORT: what start/status/wait print and --env-file gets.
env_lines() {
    printf 'export %s=%q\n' NEO4J_URI "$1" NEO4J_PORT "$2" NEO4J_DATA "$DATA" \
        NEO4J_PIDFILE "$PIDFILE" NEO4J_LOG "$LOG"
}

# await_ready PID: wait for the ready line; sets URI, PORT, PID. 1 = process died, 2 = timed out.
await_ready() {
    local pid=$1 line l deadline=$((SECONDS + ${NEO4J_START_TIMEOUT:-180}))
    while :; do
        # Only a whole line counts: `read` fails on a last line that has no
        # newline yet, so a ready line still being written is not taken.
        line=
        if [[ -f $LOG ]]; then
            while IFS= read -r l; do
                if [[ $l == "$READY"* ]]; then line=$l; break; fi
            done <"$LOG"
        fi
        if [[ -n $line ]]; then
            read -r _ _ URI _ _ _ PID <<<"$line"
            PORT=${URI##*:}
            if [[ $URI =~ ^bolt://.+:[0-9]+$ && $PID =~ ^[0-9]+$ ]]; then
                return 0
            fi
        fi
        running "$pid" || return 1 # not alive: until exec, our child is still a bash fork
        ((SECONDS < deadline)) || return 2
        sleep 0.3
    done
}

report_ready() {
    local envfile=$1
    env_lines "$URI" "$PORT" >"$STATE"
    [[ -z $envfile ]] || env_lines "$URI" "$PORT" >"$envfile"
    say "Neo4j ready at $URI (pid $PID, data $DATA, log $LOG)"
    env_lines "$URI" "$PORT"
}

# kill_wait PID SECONDS SIGNAL: signal PID and wait for it to exit; SIGKILL if it outlives SECONDS.
kill_wait() {
    local pid=$1 deadline=$((SECONDS + $2))
    kill -"$3" "$pid" 2>/dev/null || true
    while running "$pid"; do
        if ((SECONDS >= deadline)); then
            say "pid $pid still running after $2s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            deadline=$((SECONDS + 10))
        fi
        sleep 0.2
    done
}

forget() {
    rm -f "$PIDFILE" "$STATE"
    if [[ -f $DATA/$EPHEMERAL_MARK ]]; then
        rm -rf -- "$DATA"
    fi
}

cmd_start() {
    local ephemeral=${NEO4J_EPHEMERAL:-0} envfile=''
    while (($#)); do
        case $1 in
        --ephemeral) ephemeral=1 ;;
        --env-file) envfile=$(abspath "${2:?--env-file needs a file}") && shift ;;
        *) die "start: unknown option $1" ;;
        esac
        shift
    done
    case $ephemeral in 0 | false | '') ephemeral=0 ;; *) ephemeral=1 ;; esac
    check_java
    local plugins=${NEO4J_PLUGINS:-}
    if [[ -n $plugins ]]; then
        plugins=$(abspath "$plugins")
        [[ -d $plugins ]] || die "NEO4J_PLUGINS: no such directory: $plugins"
    fi

    local port pid
    if ((ephemeral)); then
        build
        DATA=$(mktemp -d "${TMPDIR:-/tmp}/actorgraph-devdb.XXXXXX")
        touch "$DATA/$EPHEMERAL_MARK"
        PIDFILE=$DATA/neo4j.pid STATE=$DATA/neo4j.env LOG=$DATA/neo4j.log
        port=0 # the launcher binds a free port and reports it
    else
        locate
        pid=$(pid_of) || true
        if alive "$pid"; then
            say "already running (pid $pid); waiting until it is ready"
            await_ready "$pid" || die "Neo4j (pid $pid) did not become ready; see $LOG"
            report_ready "$envfile"
            return 0
        fi
        DATA=$(abspath "${NEO4J_DATA:-$DEVDB/data}")
        LOG=$(abspath "${NEO4J_LOG:-$DATA/neo4j.log}")
        port=${NEO4J_PORT:-7687}
        port_in_use "$port" && die "port $port on 127.0.0.1 is already in use"
        build
        mkdir -p "$DATA" "$(dirname "$LOG")" "$(dirname "$PIDFILE")"
    fi

    local heap=${NEO4J_HEAP:-1g}
    local -a jvm=(
        -Xms"$heap" -Xmx"$heap" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow
        # Neo4j's page cache and native file access need these on Java 17+; without them it degrades.
        --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
        --add-opens=java.base/java.io=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true
        -Dlog4j2.disable.jmx=true
    )
    # shellcheck disable=SC2206 # NEO4J_JAVA_OPTS is a list of flags
    jvm+=(${NEO4J_JAVA_OPTS:-})
    # Opt-in plugins (benchmark instances only): like Neo4j's own launcher, the jars go on the
    # classpath too, because APOC registers components (ApocConfig) that only load from there.
    local -a main=(-jar "$JAR")
    [[ -z $plugins ]] || main=(-cp "$JAR:$plugins/*" dev.actorgraph.devdb.Launcher)
    local -a detach=(nohup)
    command -v setsid >/dev/null 2>&1 && detach=(setsid nohup)

    printf 'export NEO4J_DATA=%q\nexport NEO4J_LOG=%q\n' "$DATA" "$LOG" >"$STATE"
    # Empty the log now, not in the background job's redirection: a ready
    # line left by an earlier start must never be read as this one's.
    : >"$LOG"
    NEO4J_DATA=$DATA NEO4J_PORT=$port NEO4J_PAGECACHE=${NEO4J_PAGECACHE:-256m} \
        NEO4J_TX_TIMEOUT=${NEO4J_TX_TIMEOUT:-60s} NEO4J_PLUGINS=$plugins \
        "${detach[@]}" "$JAVA" "${jvm[@]}" "${main[@]}" >"$LOG" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$PIDFILE"
    trap 'say "interrupted; stopping pid '"$pid"'"; kill_wait '"$pid"' 5 TERM; forget; exit 130' INT TERM HUP
    say "starting Neo4j (pid $pid, log $LOG)..."

    local t0=$SECONDS rc=0
    await_ready "$pid" || rc=$?
    if ((rc == 0)); then
        trap - INT TERM HUP
        [[ $PID == "$pid" ]] || echo "$PID" >"$PIDFILE"
        say "ready after $((SECONDS - t0))s"
        report_ready "$envfile"
        return 0
    fi
    local inuse
    if inuse=$(grep -m1 '^devdb: port .* already in use' "$LOG"); then
        printf '%s\n' "$inuse" >&2
    else
        if ((rc == 1)); then
            say "Neo4j exited during startup; last lines of $LOG (stack frames left out):"
        else
            say "Neo4j was not ready after ${NEO4J_START_TIMEOUT:-180}s; last lines of $LOG (stack frames left out):"
        fi
        grep -Ev $'^\t(at |\\.\\.\\. [0-9]+ more)' "$LOG" | tail -n 15 | sed 's/^/  | /' >&2
    fi
    kill_wait "$pid" 5 TERM
    forget
    exit 1
}

cmd_stop() {
    locate "$@"
    local pid
    pid=$(pid_of) || true
    if alive "$pid"; then
        if [[ -f $DATA/$EPHEMERAL_MARK ]]; then
            kill_wait "$pid" 10 KILL # its data is thrown away, so skip the ~10s clean shutdown
        else
            kill_wait "$pid" "${NEO4J_STOP_TIMEOUT:-30}" TERM
        fi
        say "stopped (pid $pid)"
    else
        say "not running (no live process for $PIDFILE)"
    fi
    forget
}

cmd_status() {
    locate "$@"
    local pid
    pid=$(pid_of) || true
    alive "$pid" || { say "not running"; return 1; }
    NEO4J_START_TIMEOUT=0
    await_ready "$pid" || { say "starting (pid $pid, log $LOG)"; return 1; }
    say "running (pid $PID) at $URI"
    env_lines "$URI" "$PORT"
}

cmd_wait() {
    locate "$@"
    local deadline=$((SECONDS + ${NEO4J_START_TIMEOUT:-180})) pid rc=0
    say "waiting for Neo4j ($PIDFILE)..."
    until pid=$(pid_of) && alive "$pid"; do
        ((SECONDS < deadline)) || die "no running Neo4j for $PIDFILE"
        sleep 0.3
    done
    locate "$@" # the state file may have appeared meanwhile
    NEO4J_START_TIMEOUT=$((deadline - SECONDS))
    await_ready "$pid" || rc=$?
    case $rc in
    0) say "running (pid $PID) at $URI" && env_lines "$URI" "$PORT" ;;
    1) die "Neo4j (pid $pid) exited; see $LOG" ;;
    *) die "Neo4j (pid $pid) not ready in time; see $LOG" ;;
    esac
}

cmd_run() {
    (($#)) || die "run: give a command, e.g. run go test ./..."
    local env
    env=$(NEO4J_WATCH_PID=$$ "$SELF" start --ephemeral) || exit 1
    eval "$env"
    trap '"$SELF" stop' EXIT
    # CMD runs in the background so a signal to this script reaches it at once, not after it ends.
    "$@" <&0 &
    local child=$! rc=0
    trap 'kill -TERM "$child" 2>/dev/null || true' INT TERM HUP
    wait "$child" || rc=$?
    if running "$child"; then # wait was cut short by a signal, which the trap passed on
        rc=0
        wait "$child" || rc=$?
    fi
    exit "$rc"
}

case ${1:-} in
start | stop | status | wait | run)
    cmd=$1
    shift
    "cmd_$cmd" "$@"
    ;;
build)
    check_java
    build
    say "launcher built: $JAR"
    ;;
*) sed -n '2,/^set -euo/p' "$SELF" | sed '$d; s/^# \{0,1\}//' >&2 && exit 2 ;;
esac
