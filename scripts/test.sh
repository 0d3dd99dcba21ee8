#!/usr/bin/env bash
# Runs every test, offline: unit tests, emulator conformance tests and the
# acceptance tests, which drive the real CLI against the in-process emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
# A CLI config file that does not exist breaks OpenTofu's version parsing.
[ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ] && unset TF_CLI_CONFIG_FILE

engine=$(scripts/engine.sh)
export TF_ACC=1 TF_ACC_TERRAFORM_PATH="$engine"
if "$engine" version | head -1 | grep -q OpenTofu; then
  export TF_ACC_PROVIDER_HOST=registry.opentofu.org TF_ACC_PROVIDER_NAMESPACE=hashicorp
fi
echo "Acceptance tests run with: $("$engine" version | head -1)"
go test -count=1 -race -timeout 30m "$@" ./...
