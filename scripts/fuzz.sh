#!/usr/bin/env bash
# Runs every Go fuzz target in the module for FUZZTIME each (default 30s):
# a duration, or a count of inputs such as 5000x. `make test` runs a count;
# run `make fuzz FUZZTIME=5m` for a real hunt. A duration can end in a spurious
# "context deadline exceeded" with no crasher on Go 1.26 (go.dev/issue/75804).
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
