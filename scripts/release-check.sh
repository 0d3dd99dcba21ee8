#!/usr/bin/env bash
# Checks .goreleaser.yml and builds a snapshot release (every OS/arch zip,
# the manifest and SHA256SUMS) into dist/, without signing or publishing.
set -euo pipefail
cd "$(dirname "$0")/.."
goreleaser=$(scripts/tool.sh goreleaser)
"$goreleaser" check
"$goreleaser" release --snapshot --clean --skip=publish,sign >dist.log 2>&1 || { cat dist.log; rm -f dist.log; exit 1; }
rm -f dist.log
zips=$(find dist -maxdepth 1 -name '*.zip' | wc -l)
sums=$(find dist -maxdepth 1 -name '*_SHA256SUMS' | wc -l)
if [ "$zips" -lt 10 ] || [ "$sums" -ne 1 ] || ! grep -q manifest.json dist/*_SHA256SUMS; then
  echo "the snapshot is incomplete: $zips archives, $sums checksum files" >&2
  exit 1
fi
echo "Snapshot release: $zips archives, SHA256SUMS with the registry manifest, in dist/"
