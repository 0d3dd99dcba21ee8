#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (FUZZTIME, default 10s), from its
# seeds and the corpus under testdata/fuzz. A failure leaves the input that
# broke it in that corpus, to commit with the fix.
#
# Go 1.26's fuzz coordinator can stop a healthy run at its -fuzztime
# deadline with "context deadline exceeded" and no input (golang/go#75804,
# fixed in Go 1.27), so a failing run counts only when it wrote an input.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# inputs lists a target's corpus, which may not exist yet.
inputs() { if [ -d "$1" ]; then find "$1" -type f | sort; fi; }
count=0
while IFS=: read -r file name; do
  dir=$(dirname "$file")
  corpus="$dir/testdata/fuzz/$name"
  before=$(inputs "$corpus")
  if ! go test -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" "./$dir" >"$log" 2>&1; then
    if [ "$(inputs "$corpus")" != "$before" ] || ! grep -q 'context deadline exceeded' "$log"; then
      cat "$log"
      echo "fuzz target $name in ./$dir failed" >&2
      exit 1
    fi
    echo "fuzz target $name stopped at its deadline without a failing input (golang/go#75804)"
  fi
  count=$((count + 1))
done < <(grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+' internal cmd | sed 's/:func /:/' | sort)
echo "$count fuzz targets ran for $fuzztime each"
