#!/usr/bin/env bash
# Runs every Go fuzz target in the module for FUZZTIME each (default 30s).
# `make test` runs them briefly; run `make fuzz FUZZTIME=5m` for a real hunt.
# Crashers land in the package's testdata/fuzz and become regression cases.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-30s}
go test -list '^Fuzz' ./... | awk '
  /^Fuzz/ { names[n++] = $1 }
  /^(ok|\?)/ { for (i = 0; i < n; i++) print $2, names[i]; n = 0 }
' | while read -r pkg fn; do
  echo "fuzz: $pkg $fn for $fuzztime"
  go test -run '^$' -fuzz "^${fn}\$" -fuzztime "$fuzztime" "$pkg"
done
