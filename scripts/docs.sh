#!/usr/bin/env bash
# Generates docs/ from templates/, examples/ and the provider's schema with
# tfplugindocs, offline: the schema is exported by the engine from a fresh
# build, so no `terraform` on PATH and no download is needed.
#   scripts/docs.sh            generate
#   scripts/docs.sh check      generate, fail when docs/ was stale, validate
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ] && unset TF_CLI_CONFIG_FILE

# Actions and list resources are exported only by Terraform 1.14 or later.
engine=$(scripts/engine.sh terraform)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/bin/terraform-provider-layeron" .
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/hashicorp/layeron" = "$work/bin"
    "registry.opentofu.org/hashicorp/layeron" = "$work/bin"
  }
  direct {}
}
CFG
mkdir "$work/schema"
printf 'terraform {\n  required_providers {\n    layeron = { source = "hashicorp/layeron" }\n  }\n}\n' >"$work/schema/main.tf"
TF_CLI_CONFIG_FILE="$work/cli.tfrc" "$engine" -chdir="$work/schema" providers schema -json 2>/dev/null |
  sed 's#"registry\.[a-z.]*/hashicorp/layeron"#"layeron"#' >"$work/schema.json"

"$engine" fmt -recursive examples >/dev/null
# tfplugindocs narrates every file it reads: show it only when it fails.
quiet() { "$@" >"$work/log" 2>&1 || { cat "$work/log"; return 1; }; }

quiet go tool tfplugindocs generate --provider-name layeron --providers-schema "$work/schema.json"

if [ "${1:-}" = check ]; then
  if [ -n "$(git status --porcelain -- docs examples)" ]; then
    git status --porcelain -- docs examples
    echo "docs/ or examples/ were stale: run scripts/docs.sh (make docs) and commit the result" >&2
    exit 1
  fi
  quiet go tool tfplugindocs validate --provider-name layeron --providers-schema "$work/schema.json"
  echo "docs/ is up to date and valid"
fi
