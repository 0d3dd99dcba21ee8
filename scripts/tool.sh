#!/usr/bin/env bash
# Prints the path of a pinned CI tool, installing it from the Go module proxy
# into .cache/bin the first time.
#   scripts/tool.sh golangci-lint | goreleaser | actionlint
#   scripts/tool.sh list    one line per tool: NAME MODULE VERSION PACKAGE
#                           (PACKAGE relative to MODULE), for the download
#                           step of scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# NAME MODULE VERSION PACKAGE
tools='golangci-lint github.com/golangci/golangci-lint/v2 v2.15.0 ./cmd/golangci-lint
goreleaser github.com/goreleaser/goreleaser/v2 v2.16.0 .
actionlint github.com/rhysd/actionlint v1.7.12 ./cmd/actionlint'

if [ "${1:-}" = list ]; then
  echo "$tools"
  exit 0
fi
read -r name module version pkg < <(echo "$tools" | awk -v n="${1:-}" '$1 == n') ||
  { echo "unknown tool ${1:-(none)}: one of $(echo "$tools" | awk '{print $1}' | paste -sd' ')" >&2; exit 2; }
bin="$PWD/.cache/bin/$name-$version"
if [ ! -x "$bin" ]; then
  echo "Installing $name $version into .cache/bin ..." >&2
  [ "$pkg" = . ] && pkg=$module || pkg=$module/${pkg#./}
  tmp="$PWD/.cache/bin/tmp-$name-$$"
  trap 'rm -rf "$tmp"' EXIT
  # -trimpath as scripts/engine.sh builds: the packages the tools and the
  # engines share, the standard library first, are compiled once.
  GOBIN="$tmp" go install -trimpath "$pkg@$version" >&2
  mv "$tmp/$name" "$bin"
fi
echo "$bin"
