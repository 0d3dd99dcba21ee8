#!/usr/bin/env bash
# Prints the path of the Terraform or OpenTofu CLI to test and run with:
# $TF_ACC_TERRAFORM_PATH when set, else `terraform` on PATH, else OpenTofu
# built from the Go module proxy into .cache/ (a few minutes, once).
#   scripts/engine.sh            any engine
#   scripts/engine.sh tofu       OpenTofu only
#   scripts/engine.sh terraform  the newest Terraform, built from the Go
#                                module proxy into .cache/
set -euo pipefail
cd "$(dirname "$0")/.."
want=${1:-any}
tofu_version=1.12.6
terraform_version=1.16.4

if [ "$want" = any ]; then
  if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then echo "$TF_ACC_TERRAFORM_PATH"; exit 0; fi
  if command -v terraform >/dev/null 2>&1; then command -v terraform; exit 0; fi
fi

if [ "$want" = terraform ]; then
  bin="$PWD/.cache/terraform-$terraform_version/terraform"
  if [ ! -x "$bin" ]; then
    echo "Building Terraform $terraform_version from the Go module proxy into .cache/ ..." >&2
    src=$(go mod download -json "github.com/hashicorp/terraform@v$terraform_version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    work=$(mktemp -d)
    trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
    cp -r "$src"/. "$work" && chmod -R u+w "$work"
    # The module zip omits the nested modules of the remote-state backends,
    # so those backends are left out of the build.
    sed -i -E '/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3) "github.com/d; /return backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)\.New\(\)/d' "$work/internal/backend/init/init.go"
    sed -i -E '/^replace github.com\/hashicorp\/terraform\/internal\/(backend|legacy)/d; /^\s+github.com\/hashicorp\/terraform\/internal\/(backend\/remote-state\/[a-z0-9]+|legacy) v0.0.0-00010101000000-000000000000/d' "$work/go.mod"
    mkdir -p "$(dirname "$bin")"
    (cd "$work" && GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X github.com/hashicorp/terraform/version.dev=no" -o "$bin.tmp" .) >&2
    mv "$bin.tmp" "$bin"
  fi
  echo "$bin"
  exit 0
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
