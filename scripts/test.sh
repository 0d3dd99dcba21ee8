#!/usr/bin/env bash
# The whole check, offline, as CI runs it:
#   1. unit, emulator conformance and acceptance tests (race detector on),
#      under Terraform (when on PATH), Terraform 1.16.4 and OpenTofu 1.12.6;
#   2. lint and every fuzz target for FUZZTIME (10s) each;
#   3. docs freshness and validation; 4. release configuration and
#   a snapshot release for this machine's OS/arch only (`make release-check`
#   builds every target); 5. the main job, `make demo`, end to end.
# It ends with one line naming what ran.
# `scripts/test.sh quick` runs only step 1 with one engine;
# `scripts/test.sh bench` runs the benchmarks instead (see BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# A CLI config file that does not exist breaks OpenTofu's version parsing.
[ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ] && unset TF_CLI_CONFIG_FILE

# acc runs go test with the acceptance environment of an engine.
acc() {
  local engine=$1 host=registry.terraform.io
  shift
  # Read whole, not through `head`: under pipefail a version command cut
  # off by SIGPIPE would silently select Terraform's registry host.
  [[ $("$engine" version) == OpenTofu* ]] && host=registry.opentofu.org
  TF_ACC=1 TF_ACC_TERRAFORM_PATH="$engine" TF_ACC_PROVIDER_HOST=$host TF_ACC_PROVIDER_NAMESPACE=layeron go test "$@"
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# suite runs every test under an engine and appends "<engine version> (N
# passed)" to $ran.
ran=""
suite() {
  local name
  name=$("$1" version)
  name=${name%%$'\n'*}
  echo "==> Tests with $name"
  # -v only to count the passed tests from the log; the terminal still shows
  # what go test prints without it: package results, failures and logs.
  acc "$1" -v -count=1 -race -timeout 30m ./... 2>&1 | tee "$log" |
    sed -E '/^=== (RUN|PAUSE|CONT|NAME) /d; /^ *--- PASS: /d; /^PASS$/d'
  ran+="${ran:+ and }${name/ v/ } ($(grep -c '^--- PASS: ' "$log" || true) passed)"
}

case "${1:-}" in
  quick)
    suite "$(scripts/engine.sh)"
    echo "make testacc: tests under $ran — all passed"
    exit 0
    ;;
  bench)
    engine=$(scripts/engine.sh)
    echo "==> Benchmarks with $("$engine" version | head -1)"
    acc "$engine" -run '^$' -bench . -skip BenchmarkRPC -benchtime "${BENCHTIME:-1x}" -timeout 120m ./...
    # Single provider calls, repeated enough to time them.
    acc "$engine" -run '^$' -bench BenchmarkRPC -benchtime "${RPC_BENCHTIME:-2000x}" ./internal/resources/
    exit 0
    ;;
esac

engines=()
if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
  engines+=("$TF_ACC_TERRAFORM_PATH")
elif command -v terraform >/dev/null 2>&1; then
  engines+=("$(command -v terraform)")
else
  echo "==> terraform is not on PATH: the suite runs under OpenTofu only"
fi
engines+=("$(scripts/engine.sh terraform)" "$(scripts/engine.sh tofu)")
for engine in "${engines[@]}"; do suite "$engine"; done

echo "==> Lint"
"$(scripts/tool.sh golangci-lint)" run ./...

echo "==> Fuzz targets, ${FUZZTIME:-10s} each"
scripts/fuzz.sh

echo "==> Docs"
scripts/docs.sh check

echo "==> Release configuration and a snapshot for this OS/arch"
scripts/release-check.sh host

echo "==> The README's main job (make demo)"
demo_log=$(mktemp)
scripts/demo.sh >"$demo_log" 2>&1 || { cat "$demo_log"; rm -f "$demo_log"; exit 1; }
tail -1 "$demo_log"
rm -f "$demo_log"

echo "make test: tests under $ran, lint, fuzzing, docs, release (check and $(go env GOOS)/$(go env GOARCH) snapshot), demo — all passed"
