#!/usr/bin/env bash
# devdb/import.sh CSVDIR HOME: Neo4j's offline importer, `neo4j-admin database import full`,
# run from the jars the devdb launcher is built with (org.neo4j.cli.AdminTool, in Community's
# neo4j-command-line and neo4j-import-tool: no tarball needed), on the CSV files that
# bench/adminimport writes (actors, policies, events and sources as nodes, relations as
# relationships), into the database `neo4j` of a new Neo4j home HOME. Then
#
#   NEO4J_DATA=HOME NEO4J_PORT=<free port> devdb/neo4j.sh start
#
# serves it (the launcher's home has the same layout: HOME/data/databases/neo4j). The schema is
# not imported (Community's importer takes none): make it afterwards, e.g. with `actorgraph
# load` of the sources alone, as bench/run.sh part 1 does for LOAD CSV.
#
# Needs the launcher built once (any `devdb/neo4j.sh start` does it). Prints the importer's
# report on stderr; exits non-zero if it fails. NEO4J_HEAP (1g) is the importer's heap; it
# works mostly off heap.
set -euo pipefail
die() { printf 'devdb import: %s\n' "$*" >&2; exit 1; }
(($# == 2)) || die "usage: devdb/import.sh CSVDIR HOME"
DEVDB=$(cd "$(dirname "$0")" && pwd)
[[ -d $DEVDB/target/lib ]] || die "the launcher is not built: run devdb/neo4j.sh start once"
CSV=$(cd "$1" && pwd)
for f in actors policies events sources relations; do
    [[ -s $CSV/$f.csv ]] || die "$CSV/$f.csv is missing: write it with bench/adminimport"
done
[[ ! -e $2/data/databases/neo4j ]] || die "$2 already holds a database"
mkdir -p "$2/conf"
HOME_DIR=$(cd "$2" && pwd)
touch "$HOME_DIR/conf/neo4j.conf"
heap=${NEO4J_HEAP:-1g}
NEO4J_HOME=$HOME_DIR NEO4J_CONF=$HOME_DIR/conf "${NEO4J_JAVA:-java}" -Xms"$heap" -Xmx"$heap" \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    -cp "$DEVDB/target/lib/*" org.neo4j.cli.AdminTool database import full \
    --array-delimiter=U+001F --multiline-fields=true \
    --nodes="$CSV/actors.csv" --nodes="$CSV/policies.csv" --nodes="$CSV/events.csv" --nodes="$CSV/sources.csv" \
    --relationships="$CSV/relations.csv" \
    --report-file="$HOME_DIR/import.report" neo4j >&2
