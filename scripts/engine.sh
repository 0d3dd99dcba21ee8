#!/usr/bin/env bash
# Prints the path of the Terraform or OpenTofu CLI to test and run with:
# $TF_ACC_TERRAFORM_PATH when set, else `terraform` on PATH, else OpenTofu
# built from the Go module proxy into .cache/ (a few minutes, once).
#   scripts/engine.sh            any engine
#   scripts/engine.sh tofu       OpenTofu only
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-any}
tofu_version=1.12.6

if [ "$want" = any ]; then
  if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then echo "$TF_ACC_TERRAFORM_PATH"; exit 0; fi
  if command -v terraform >/dev/null 2>&1; then command -v terraform; exit 0; fi
fi

bin="$PWD/.cache/tofu-$tofu_version/tofu"
if [ ! -x "$bin" ]; then
  echo "Building OpenTofu $tofu_version from the Go module proxy into .cache/ ..." >&2
  src=$(go mod download -json "github.com/opentofu/opentofu@v$tofu_version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
  cp -r "$src"/. "$work" && chmod -R u+w "$work"
  mkdir -p "$(dirname "$bin")"
  (cd "$work" && GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" -o "$bin.tmp" ./cmd/tofu) >&2
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
