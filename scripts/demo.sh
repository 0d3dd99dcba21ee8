#!/usr/bin/env bash
# The main job, offline: build the provider, start the Secrets Store emulator,
# apply the quickstart example (a random and a static secret), rotate the
# random one keeping its previous version, show the versions and the Worker
# bindings, fulfil a generated secret twice with the layeron CLI, let a
# scheduled rotation come due and show the plan that says so, then destroy
# everything and stop the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ] && unset TF_CLI_CONFIG_FILE

engine=$(scripts/engine.sh)
work=$(mktemp -d)
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null; then
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "==> Building the provider, the layeron CLI and the emulator"
go build -o "$work/bin/terraform-provider-layeron" .
go build -o "$work/bin/layeron" ./cmd/layeron
go build -o "$work/bin/layeron-emulator" ./cmd/layeron-emulator

echo "==> Starting the Secrets Store emulator"
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
"$work/bin/layeron-emulator" -port 0 -token "$token" -url-file "$work/url" 2>"$work/emulator.log" &
emulator_pid=$!
for _ in $(seq 50); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { cat "$work/emulator.log"; echo "the emulator did not start" >&2; exit 1; }

cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/layeron/layeron" = "$work/bin"
    "registry.opentofu.org/layeron/layeron" = "$work/bin"
  }
  direct {}
}
CFG
cp examples/quickstart/main.tf "$work/"

export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1
CLOUDFLARE_BASE_URL=$(cat "$work/url")
TF_VAR_webhook_secret="whsec_$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export CLOUDFLARE_BASE_URL CLOUDFLARE_API_TOKEN="$token" CLOUDFLARE_ACCOUNT_ID=0123456789abcdef0123456789abcdef
export TF_VAR_webhook_secret
tf() { "$engine" -chdir="$work" "$@" 2> >(grep -v -e 'Provider development overrides' -e 'dev_overrides' >&2); }

echo "==> Creating a random and a static secret ($("$engine" version | head -1))"
tf apply -auto-approve -input=false -compact-warnings >/dev/null
tf output

echo "==> Rotating the signing key: version 1 is kept for 7 days as a copy"
tf apply -auto-approve -input=false -compact-warnings -var rotation_reason=key-rollover >/dev/null
tf output signing_key_versions
tf output worker_bindings

echo "==> Fulfilling a generated secret with the layeron CLI: two puts, the first value kept"
mkdir "$work/generated"
cat >"$work/generated/main.tf" <<'HCL'
terraform {
  required_providers {
    layeron = { source = "layeron/layeron" }
  }
}

provider "layeron" {
  namespace = "shop"
}

# A partner's API key, issued outside Terraform and written with the CLI.
resource "layeron_secret" "partner_key" {
  name     = "partner-key"
  kind     = "generated"
  rotation = { retain = { mode = "retain_forever" } }
}
HCL
gen() { "$engine" -chdir="$work/generated" "$@" 2> >(grep -v -e 'Provider development overrides' -e 'dev_overrides' >&2); }
gen apply -auto-approve -input=false -compact-warnings >/dev/null
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | "$work/bin/layeron" secret put shop/partner-key
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' | "$work/bin/layeron" secret put shop/partner-key
"$work/bin/layeron" secret versions shop/partner-key
gen plan -input=false -detailed-exitcode >/dev/null || { echo "the provider plans changes after the puts" >&2; exit 1; }
echo "The provider plans no change: both versions are the secret's."

echo "==> A scheduled rotation comes due: the plan says when, and what apply writes and keeps"
mkdir "$work/scheduled"
cat >"$work/scheduled/main.tf" <<'HCL'
terraform {
  required_providers {
    layeron = { source = "layeron/layeron" }
  }
}

provider "layeron" {
  namespace = "shop"
}

variable "first_rotation" {
  type = string
}

# A session key whose first scheduled rotation is a few seconds away, so the
# demo need not wait 30 days.
resource "layeron_secret" "session_key" {
  name = "session-key"
  kind = "random"
  rotation = {
    every_days = 30
    start_at   = var.first_rotation
    retain     = { mode = "retain_for", days = 1 }
  }
}
HCL
sched() { "$engine" -chdir="$work/scheduled" "$@" 2> >(grep -v -e 'Provider development overrides' -e 'dev_overrides' >&2); }
# The secret must exist before its first rotation time; on a slow machine,
# try again with more room.
rfc3339() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%SZ; }
first_rotation=""
for margin in 4 15 60; do
  at=$(($(date -u +%s) + margin))
  sched apply -auto-approve -input=false -compact-warnings -var first_rotation="$(rfc3339 "$at")" >/dev/null
  if [ "$(date -u +%s)" -lt "$at" ]; then first_rotation=$(rfc3339 "$at"); break; fi
  sched destroy -auto-approve -input=false -compact-warnings -var first_rotation="$(rfc3339 "$at")" >/dev/null
done
[ -n "$first_rotation" ] || { echo "each apply of the scheduled secret took longer than its first rotation was ahead" >&2; exit 1; }
while [ "$(date -u +%s)" -le "$at" ]; do sleep 1; done
sched plan -input=false -no-color -var first_rotation="$first_rotation" >"$work/due.txt"
grep -q 'Secret Rotation Due' "$work/due.txt" || { cat "$work/due.txt"; echo "the plan shows no due rotation" >&2; exit 1; }
grep -e 'current_version' -e '^Plan:' "$work/due.txt"
sed -n '/Warning: Secret Rotation Due/,$p' "$work/due.txt" | sed -n '/^Secret /,/^$/p'
sched apply -auto-approve -input=false -compact-warnings -var first_rotation="$first_rotation" >/dev/null
"$work/bin/layeron" secret versions shop/session-key

echo "==> Destroying"
tf destroy -auto-approve -input=false -compact-warnings >/dev/null
gen destroy -auto-approve -input=false -compact-warnings >/dev/null
sched destroy -auto-approve -input=false -compact-warnings -var first_rotation="$first_rotation" >/dev/null
api() { curl -fsS -H "Authorization: Bearer $token" "$CLOUDFLARE_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID/secrets_store/$1"; }
store=$(api stores | sed -n 's/.*"id":"\([0-9a-f]*\)".*/\1/p')
left=$(api "stores/$store/secrets" | { grep -o '"name":"[^"]*"' || true; } | wc -l)
[ "$left" -eq 0 ] || { echo "the store still holds $left secrets" >&2; exit 1; }
echo "Done: the store is empty again and the emulator stops now."
