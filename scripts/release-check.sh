#!/usr/bin/env bash
# Checks .goreleaser.yml and builds a snapshot release (every OS/arch zip,
# the manifest and SHA256SUMS) without signing or publishing.
set -euo pipefail
cd "$(dirname "$0")/.."
goreleaser=$(scripts/tool.sh goreleaser)
"$goreleaser" check
dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT
"$goreleaser" release --snapshot --clean --skip=publish,sign --config .goreleaser.yml -o "$dist" 2>&1 | tail -5 || true
ls "$dist"/*.zip >/dev/null && ls "$dist"/*SHA256SUMS >/dev/null
echo "snapshot: $(ls "$dist"/*.zip | wc -l) archives, checksums and manifest in place"
