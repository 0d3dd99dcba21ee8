#!/usr/bin/env bash
# Prints the path of a pinned CI tool, installing it from the Go module proxy
# into .cache/bin the first time.
#   scripts/tool.sh golangci-lint | goreleaser
set -euo pipefail
cd "$(dirname "$0")/.."
case "$1" in
  golangci-lint) pkg=github.com/golangci/golangci-lint/v2/cmd/golangci-lint version=v2.15.0 ;;
  goreleaser) pkg=github.com/goreleaser/goreleaser/v2 version=v2.16.0 ;;
  *) echo "unknown tool $1" >&2; exit 2 ;;
esac
bin="$PWD/.cache/bin/$1-$version"
if [ ! -x "$bin" ]; then
  echo "Installing $1 $version into .cache/bin ..." >&2
  GOBIN="$PWD/.cache/bin/tmp-$1" go install "$pkg@$version" >&2
  mv "$PWD/.cache/bin/tmp-$1/$1" "$bin"
  rmdir "$PWD/.cache/bin/tmp-$1"
fi
echo "$bin"
