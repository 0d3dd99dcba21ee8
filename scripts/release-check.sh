#!/usr/bin/env bash
# Checks .goreleaser.yml and builds a snapshot release into dist/, without
# signing or publishing.
#   scripts/release-check.sh          every OS/arch zip, the manifest and
#                                     SHA256SUMS (`make release-check`)
#   scripts/release-check.sh host     the same release restricted to this
#                                     machine's OS/arch (`make test`)
set -euo pipefail
cd "$(dirname "$0")/.."
goreleaser=$(scripts/tool.sh goreleaser)
"$goreleaser" check

config=.goreleaser.yml
if [ "${1:-}" = host ]; then
  # Cross-compiling the twelve other targets is most of the cost of a
  # release, so build only the host's; the archive, checksum and manifest
  # steps still run on the real configuration otherwise.
  goos=$(go env GOOS) goarch=$(go env GOARCH)
  config=$(mktemp)
  trap 'rm -f "$config"' EXIT
  sed -e "s/^    goos: \[.*\]$/    goos: [$goos]/" -e "s/^    goarch: \[.*\]$/    goarch: [\"$goarch\"]/" .goreleaser.yml >"$config"
  # Fail rather than fall back to the full build if the lines were reshaped.
  if [ "$(grep -cxE "    (goos: \[$goos\]|goarch: \[\"$goarch\"\])" "$config")" -ne 2 ]; then
    echo "release-check: cannot restrict the builds' goos/goarch lines in .goreleaser.yml to $goos/$goarch" >&2
    exit 1
  fi
fi

"$goreleaser" release --config "$config" --snapshot --clean --skip=publish,sign >dist.log 2>&1 || { cat dist.log; rm -f dist.log; exit 1; }
rm -f dist.log

sums=$(find dist -maxdepth 1 -name '*_SHA256SUMS')
if [ "$(echo "$sums" | grep -c .)" -ne 1 ] || ! grep -q '_manifest\.json$' "$sums"; then
  echo "the snapshot has no single SHA256SUMS listing the registry manifest" >&2
  exit 1
fi
zips=$(find dist -maxdepth 1 -name '*.zip' | wc -l)
if [ "${1:-}" = host ]; then
  zip=$(find dist -maxdepth 1 -name "*_${goos}_${goarch}.zip")
  binary=$(find dist -mindepth 2 -maxdepth 2 -path "dist/*_${goos}_${goarch}*/terraform-provider-layeron_v*" -type f)
  cli=$(find dist -mindepth 2 -maxdepth 2 -path "dist/cli_${goos}_${goarch}*/layeron" -type f)
  if [ "$zips" -ne 1 ] || [ -z "$zip" ] || [ -z "$binary" ] || [ -z "$cli" ] || ! grep -q " $(basename "$zip")\$" "$sums"; then
    echo "the snapshot is incomplete: $zips archives, expected the $goos/$goarch provider and CLI binaries and their zip, listed in SHA256SUMS" >&2
    exit 1
  fi
  echo "Snapshot release for $goos/$goarch: $(basename "$zip") and SHA256SUMS with the registry manifest, in dist/"
  exit 0
fi
if [ "$zips" -lt 10 ]; then
  echo "the snapshot is incomplete: $zips archives" >&2
  exit 1
fi
echo "Snapshot release: $zips archives, SHA256SUMS with the registry manifest, in dist/"
