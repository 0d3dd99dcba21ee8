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

# build NAME MODULE VERSION PACKAGE BIN [PATCH] builds PACKAGE of MODULE at
# VERSION from the Go module proxy into BIN, once, after running the
# function PATCH in the copied source; PATCH fails when it no longer
# applies.
build() {
  local name=$1 module=$2 version=$3 pkg=$4 bin=$5 patch=${6:-}
  [ -x "$bin" ] && return
  echo "Building $name $version from the Go module proxy into .cache/ ..." >&2
  local src
  src=$(go mod download -json "$module@v$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
  cp -r "$src"/. "$work" && chmod -R u+w "$work"
  if [ -n "$patch" ]; then "$patch" "$work"; fi
  mkdir -p "$(dirname "$bin")"
  (cd "$work" && GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X $module/version.dev=no" -o "$bin.tmp" "$pkg") >&2
  mv "$bin.tmp" "$bin"
}

# The Terraform module zip omits the nested modules of the remote-state
# backends, so those backends are left out of the build.
without_remote_backends() {
  sed -i -E '/backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3) "github.com/d; /return backend(Azure|Consul|Cos|GCS|Kubernetes|OCI|OSS|Pg|S3)\.New\(\)/d' "$1/internal/backend/init/init.go"
  sed -i -E '/^replace github.com\/hashicorp\/terraform\/internal\/(backend|legacy)/d; /^\s+github.com\/hashicorp\/terraform\/internal\/(backend\/remote-state\/[a-z0-9]+|legacy) v0.0.0-00010101000000-000000000000/d' "$1/go.mod"
  left_out "$1/internal/backend/init/init.go" 'remote-state/(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)"'
}

# The same for OpenTofu, and its state-encryption key providers of cloud
# KMS services: with them out, a build compiles a quarter fewer packages,
# among them the largest SDKs.
without_cloud_services() {
  sed -i -E '/backend(Azure|Consul|Cos|GCS|Kubernetes|OSS|Pg|S3) "github.com/d; /return backend(Azure|Consul|Cos|GCS|Kubernetes|OSS|Pg|S3)\.New\(enc\)/d' "$1/internal/backend/init/init.go"
  sed -i -E '/keyprovider\/(aws_kms|azure_vault|gcp_kms)"/d; /RegisterKeyProvider\((aws_kms|gcp_kms|azure_vault)\.New\(\)\)/,+2d' "$1/internal/encryption/default_registry.go"
  left_out "$1/internal/backend/init/init.go" 'remote-state/(azure|consul|cos|gcs|kubernetes|oss|pg|s3)"' &&
    left_out "$1/internal/encryption/default_registry.go" 'keyprovider/(aws_kms|azure_vault|gcp_kms)"'
}

# left_out FILE PATTERN fails, saying so, when FILE still matches PATTERN
# after a patch: the engine's source changed under it.
left_out() {
  if grep -qE "$2" "$1"; then
    echo "engine.sh: the patch of $1 no longer applies; update it for this version" >&2
    return 1
  fi
}

if [ "$want" = terraform ]; then
  bin="$PWD/.cache/terraform-$terraform_version/terraform"
  build Terraform github.com/hashicorp/terraform "$terraform_version" . "$bin" without_remote_backends
else
  bin="$PWD/.cache/tofu-$tofu_version/tofu"
  build OpenTofu github.com/opentofu/opentofu "$tofu_version" ./cmd/tofu "$bin" without_cloud_services
fi
echo "$bin"
