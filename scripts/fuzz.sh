#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZTIME, default 10s), from its
# seeds and the corpus under testdata/fuzz. A failure leaves the input that
# broke it in that corpus, to commit with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
count=0
while IFS=: read -r file name; do
  pkg=./$(dirname "$file")
  go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "$pkg" >"${TMPDIR:-/tmp}/fuzz.log" 2>&1 ||
    { cat "${TMPDIR:-/tmp}/fuzz.log"; echo "fuzz target $name in $pkg failed" >&2; exit 1; }
  count=$((count + 1))
done < <(grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+' internal cmd | sed 's/:func /:/' | sort)
rm -f "${TMPDIR:-/tmp}/fuzz.log"
echo "$count fuzz targets ran for $fuzztime each"
