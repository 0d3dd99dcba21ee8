#!/usr/bin/env bash
# The whole check, offline, as CI runs it (`make test`), in steps that
# .github/workflows/test.yml runs one per job by calling this script, so that
# the workflow and `make test` cannot drift:
#   setup            download, in parallel, every module the tests, engines
#                    and tools need, and build each engine and tool into
#                    .cache/ once its modules are in (once; later runs reuse
#                    them)
#   suite terraform  unit, emulator conformance and acceptance tests under
#                    Terraform 1.16.4, with the race detector
#   suite path       the engine-facing acceptance tests again under the
#                    Terraform on PATH (or $TF_ACC_TERRAFORM_PATH; 1.11.4
#                    in CI)
#   suite tofu       the same under OpenTofu 1.12.6
#   lint             golangci-lint, actionlint on .github/workflows, and a
#                    check that the workflow runs every step below setup
#   fuzz             every fuzz target for FUZZTIME (10s) each
#   docs             docs/ is generated from the current schema, and valid
#   release          goreleaser check and a snapshot release for this
#                    machine's OS/arch, signed with a throwaway GPG key and
#                    verified (`make release-check` builds every target)
#   demo             the main job, `make demo`, end to end
# With no argument it runs them all in this order, the three suites side by
# side (`suite path` only when Terraform is on PATH), and ends with one line
# naming what ran and the time each step took.
# `scripts/test.sh suite ENGINE [PACKAGES]` tests only those packages;
# `scripts/test.sh suites` runs the three suites as `make test` does;
# `scripts/test.sh quick` runs the whole suite under one engine only
# (`make testacc`); `scripts/test.sh bench` runs the benchmarks instead (see
# BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if ((BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1))); then
  echo "scripts/test.sh needs bash 5.1 or later; this is $BASH_VERSION" >&2
  exit 2
fi
# A CLI config file that does not exist breaks OpenTofu's version parsing.
[ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -f "$TF_CLI_CONFIG_FILE" ] && unset TF_CLI_CONFIG_FILE

# The steps the workflow runs, one job each; `lint` checks its matrix
# against this list.
ci_steps=("suite terraform" "suite path" "suite tofu" lint fuzz docs release demo)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# descendants PID prints every process under PID, parents before children.
descendants() {
  local child
  for child in $(pgrep -P "$1"); do
    echo "$child"
    descendants "$child"
  done
}
# An interrupt stops what runs in the background too: the suites and setup's
# downloads and builds would otherwise run on, unseen, until they end.
# Parents go first, so that none starts another process meanwhile.
interrupted() {
  trap - INT TERM
  local pids
  mapfile -t pids < <(descendants $$)
  if [ ${#pids[@]} -gt 0 ]; then kill "${pids[@]}" 2>/dev/null || true; fi
  echo "scripts/test.sh: interrupted" >&2
  exit 130
}
trap interrupted INT TERM

# took SECONDS prints a duration as 40s, 2m01s or 1h02m03s.
took() {
  local s=$1
  if [ "$s" -ge 3600 ]; then printf '%dh%02dm%02ds' $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
  elif [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60))
  else printf '%ds' "$s"; fi
}

# acc runs go test with the acceptance environment of an engine.
acc() {
  local engine=$1 host=registry.terraform.io
  shift
  # Read whole, not through `head`: under pipefail a version command cut
  # off by SIGPIPE would silently select Terraform's registry host.
  [[ $("$engine" version) == OpenTofu* ]] && host=registry.opentofu.org
  TF_ACC=1 TF_ACC_TERRAFORM_PATH="$engine" TF_ACC_PROVIDER_HOST=$host TF_ACC_PROVIDER_NAMESPACE=layeron go test "$@"
}

# path_engine prints the Terraform on PATH (or $TF_ACC_TERRAFORM_PATH), or
# nothing.
path_engine() {
  if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then echo "$TF_ACC_TERRAFORM_PATH"
  elif command -v terraform >/dev/null 2>&1; then command -v terraform; fi
}

# engine_packages lists the packages whose tests drive an engine: those
# that import terraform-plugin-testing or internal/acctest.
engine_packages() {
  go list -f '{{.ImportPath}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}' ./... |
    awk '/ github\.com\/hashicorp\/terraform-plugin-testing\/| [^ ]*\/internal\/acctest( |$)/ { print $1 }'
}

# suite WHICH [PACKAGES] runs the tests under an engine (terraform, path,
# tofu or any) and sets $suite_summary to "<engine version> <time>, N
# passed".
#
# Under Terraform 1.16.4, which has every feature the provider serves, the
# whole suite runs with the race detector. Under the Terraform on PATH and
# OpenTofu only what an engine can change runs again: the packages whose
# tests drive an engine, less the tests marked acctest.EngineNeutral (API
# faults that retries absorb, concurrent writers and their locks, CLI
# commands that run no engine), whose outcome the provider and the store
# decide alone.
#
# The engines and the tests' own processes collect garbage only past 512 MiB
# of heap: each Terraform command lives for a fraction of a second, and
# collecting its garbage cost a third of its CPU.
suite_summary=""
suite() {
  local which=$1 engine name start race="" flags=() facing_only="" packages=() passed log rc=0
  shift
  case "$which" in
    # Four tests at a time: once the other suites are done, the longest
    # package of this one would leave a core idle while its tests wait on
    # the emulator's delays.
    terraform) engine=$(scripts/engine.sh terraform); race=1 flags=(-race -parallel 4) ;;
    path)
      engine=$(path_engine)
      if [ -z "$engine" ]; then
        echo "suite path: no terraform on PATH and no TF_ACC_TERRAFORM_PATH" >&2
        return 1
      fi
      facing_only=1
      ;;
    tofu) engine=$(scripts/engine.sh tofu); facing_only=1 ;;
    any) engine=$(scripts/engine.sh) ;;
    *) echo "unknown engine $which: one of terraform, path, tofu" >&2; return 2 ;;
  esac
  # Checked by hand, as the status below: suites() runs this where a failed
  # command may not stop it.
  if [ ! -x "$engine" ]; then
    echo "suite $which: no engine to run (${engine:-none found})" >&2
    return 1
  fi
  name=$("$engine" version)
  name=${name%%$'\n'*}
  name=${name/ v/ }
  echo "==> Tests with $name${race:+ and the race detector}${facing_only:+, engine-facing only}"
  if [ $# -eq 0 ]; then
    if [ -n "$facing_only" ]; then mapfile -t packages < <(engine_packages); else packages=(./...); fi
    [ ${#packages[@]} -gt 0 ] || { echo "suite $which: found no package whose tests drive an engine" >&2; return 1; }
    set -- "${packages[@]}"
  fi
  start=$SECONDS
  log="$tmp/suite-$which.log"
  # -v only to count the passed tests from the log; the terminal still shows
  # what go test prints without it: package results, failures and logs.
  # The status is kept by hand, so that the summary is set either way.
  LAYERON_ACC_ENGINE_FACING_ONLY=$facing_only GOGC=off GOMEMLIMIT=512MiB \
    acc "$engine" -v -count=1 ${flags[@]+"${flags[@]}"} -timeout 30m "$@" 2>&1 | tee "$log" |
    sed -E '/^=== (RUN|PAUSE|CONT|NAME) /d; /^ *--- PASS: /d; /^PASS$/d' || rc=$?
  passed=$(grep -c '^--- PASS: ' "$log" || true)
  suite_summary="$name${race:+ with -race}${facing_only:+ engine-facing} $(took $((SECONDS - start))), $passed passed"
  return "$rc"
}

# suites WHICH... runs the suites side by side and prints each one's output
# when it ends, in the order given, then sets $suites_summary. Each suite
# leaves a core idle while its engines start and its tests wait on the
# emulator's delays; together they keep both cores busy. The first suite,
# the longest, has the CPU first; the others take what it leaves.
suites_summary=""
suites() {
  local which names=("$@") pids=() i failed=0 summaries=()
  for i in "${!names[@]}"; do
    which=${names[$i]}
    # The suites after the first test the same packages without the race
    # detector: compile them once, beside the first suite, rather than twice
    # at once. Errors show when the suites compile them again.
    if [ "$i" -eq 1 ]; then engine_packages | nice -n 10 xargs go list -test -deps -export >/dev/null 2>&1 || true; fi
    (
      if [ "$which" != "${names[0]}" ]; then renice -n 10 -p "$BASHPID" >/dev/null; fi
      if ! suite "$which"; then exit 1; fi
      echo "$suite_summary" >"$tmp/summary-$which"
    ) >"$tmp/out-$which.log" 2>&1 &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do
    which=${names[$i]}
    wait "${pids[$i]}" || failed=1
    cat "$tmp/out-$which.log"
    if [ -f "$tmp/summary-$which" ]; then summaries+=("$(cat "$tmp/summary-$which")"); else summaries+=("$which FAILED"); fi
  done
  suites_summary=$(printf '%s; ' "${summaries[@]}" | sed 's/; $//')
  if [ "$failed" -ne 0 ]; then echo "suites: $suites_summary" >&2; fi
  return $failed
}

# all_suites runs the suites of `make test` side by side: Terraform 1.16.4,
# the Terraform on PATH when there is one, and OpenTofu.
all_suites() {
  local engines=(terraform)
  if [ -n "$(path_engine)" ]; then
    engines+=(path)
  else
    echo "==> terraform is not on PATH: the suites run under Terraform 1.16.4 and OpenTofu only"
  fi
  engines+=(tofu)
  echo "==> The suites under ${engines[*]}, side by side"
  suites "${engines[@]}"
}

# fetch MODULE VERSION PACKAGE downloads MODULE@VERSION and every module
# that building its PACKAGE needs, compiling nothing.
fetch() {
  local module=$1 version=$2 pkg=$3 dir work old drop=()
  dir=$(go mod download -json "$module@$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [ -n "$dir" ] || return 1
  work=$(mktemp -d "$tmp/fetch.XXXXXX")
  go mod edit -print "$dir/go.mod" >"$work/go.mod"
  if [ -f "$dir/go.sum" ]; then cp "$dir/go.sum" "$work/go.sum"; fi
  # A module zip leaves out the nested modules its go.mod replaces with
  # local directories (Terraform's remote-state backends, which
  # scripts/engine.sh leaves out of the build): drop them too.
  while read -r old; do
    drop+=("-dropreplace=$old" "-droprequire=$old")
  done < <(sed -nE 's/^(replace)?[[:space:]]*([^[:space:]]+)([[:space:]]+v[^[:space:]]+)?[[:space:]]+=>[[:space:]]+\.{1,2}\/.*/\2/p' "$work/go.mod")
  if [ ${#drop[@]} -gt 0 ]; then go mod edit "${drop[@]}" "$work/go.mod"; fi
  # -e: the packages of the dropped modules are missing, and stay so.
  (cd "$dir" && GOWORK=off go list -mod=readonly -modfile="$work/go.mod" -e -deps "$pkg" >/dev/null)
}

# missing prints "NAME MODULE VERSION PACKAGE" for each engine and tool not
# yet built into .cache/.
missing() {
  local name module version pkg
  while read -r name module version pkg; do
    [ -x ".cache/bin/$name-$version" ] || echo "$name $module $version $pkg"
  done < <(scripts/tool.sh list)
  # Terraform and OpenTofu at the versions scripts/engine.sh builds.
  version=$(sed -n 's/^terraform_version=//p' scripts/engine.sh)
  if [ -n "$version" ] && [ ! -x ".cache/terraform-$version/terraform" ]; then
    echo "terraform github.com/hashicorp/terraform v$version ."
  fi
  version=$(sed -n 's/^tofu_version=//p' scripts/engine.sh)
  if [ -n "$version" ] && [ ! -x ".cache/tofu-$version/tofu" ]; then
    echo "tofu github.com/opentofu/opentofu v$version ./cmd/tofu"
  fi
}

# setup downloads every module the tests, engines and tools need, several
# downloads at a time, and builds each engine and tool not yet in .cache/ as
# soon as its modules are in, two builds at a time: downloads wait on the
# network and builds on the CPU, so the two overlap, and a build's last
# packages and its link use one core.
setup() {
  local name module version pkg pid rc kind waiting=() building=0 failed=""
  local -A job=() since=()
  # The go command downloads GOMAXPROCS modules at a time.
  GOMAXPROCS=8 go mod download </dev/null >"$tmp/fetch-project.log" 2>&1 &
  job[$!]="fetch project"
  while read -r name module version pkg; do
    GOMAXPROCS=8 fetch "$module" "$version" "$pkg" </dev/null >"$tmp/fetch-$name.log" 2>&1 &
    job[$!]="fetch $name"
    since[$name]=$SECONDS
  done < <(missing)
  while [ ${#job[@]} -gt 0 ]; do
    rc=0 pid=""
    wait -n -p pid || rc=$?
    [ -n "$pid" ] || { echo "setup: waiting for ${job[*]} failed" >&2; return 1; }
    [ -n "${job[$pid]:-}" ] || continue
    read -r kind name <<<"${job[$pid]}"
    unset "job[$pid]"
    if [ "$kind" = fetch ]; then
      # The build downloads what is still missing, or fails saying why.
      if [ "$rc" -ne 0 ]; then
        cat "$tmp/fetch-$name.log" >&2
        echo "setup: downloading the modules of $name failed (above); building anyway" >&2
      fi
      if [ "$name" != project ]; then
        echo "Downloaded the modules of $name in $(took $((SECONDS - since[$name])))"
        waiting+=("$name")
      fi
    else
      building=$((building - 1))
      if [ "$rc" -ne 0 ]; then
        cat "$tmp/build-$name.log" >&2
        failed+=" $name"
      else
        echo "Built $name in $(took $((SECONDS - since[$name])))"
      fi
    fi
    while [ "$building" -lt 2 ] && [ ${#waiting[@]} -gt 0 ]; do
      name=${waiting[0]}
      waiting=("${waiting[@]:1}")
      # The compiler collecting garbage only past 1 GiB of heap spends a
      # fifth less CPU.
      case "$name" in
        terraform | tofu) GOGC=off GOMEMLIMIT=1GiB scripts/engine.sh "$name" ;;
        *) GOGC=off GOMEMLIMIT=1GiB scripts/tool.sh "$name" ;;
      esac >"$tmp/build-$name.log" 2>&1 &
      job[$!]="build $name"
      since[$name]=$SECONDS
      building=$((building + 1))
    done
  done
  [ -z "$failed" ] || { echo "setup: building$failed failed (above)" >&2; return 1; }
}

# check_workflow fails unless the workflow's matrix runs exactly $ci_steps,
# each by this script.
check_workflow() {
  local workflow=.github/workflows/test.yml want got
  want=$(printf '%s\n' "${ci_steps[@]}")
  got=$(awk '/^ *step: *$/ { on = 1; next } on && /^ *- / { sub(/^ *- */, ""); gsub(/["'"'"']/, ""); print; next } on { exit }' "$workflow")
  if [ "$got" != "$want" ]; then
    echo "the matrix of $workflow runs these steps:" >&2
    printf '%s\n' "${got:-(none found)}" | sed 's/^/  /' >&2
    echo "but scripts/test.sh runs these; make them the same:" >&2
    printf '  %s\n' "${ci_steps[@]}" >&2
    return 1
  fi
  # shellcheck disable=SC2016 # the workflow's expression, not the shell's
  if ! grep -qF 'run: scripts/test.sh ${{ matrix.step }}' "$workflow"; then
    echo "$workflow does not run each step by scripts/test.sh \${{ matrix.step }}" >&2
    return 1
  fi
}

lint() {
  echo "==> Lint"
  "$(scripts/tool.sh golangci-lint)" run ./...
  # actionlint runs shellcheck on the workflows' scripts when it is on PATH
  # (it is on GitHub's runners); nothing installs it here.
  local actionlint shellcheck=""
  actionlint=$(scripts/tool.sh actionlint)
  if command -v shellcheck >/dev/null 2>&1; then
    shellcheck=$(command -v shellcheck)
    echo "actionlint, with $shellcheck"
  else
    echo "actionlint, without shellcheck: not on PATH"
  fi
  "$actionlint" -shellcheck="$shellcheck" -pyflakes=
  check_workflow
  echo "golangci-lint and actionlint found nothing; the workflow runs every step of scripts/test.sh"
}

fuzz() {
  echo "==> Fuzz targets, ${FUZZTIME:-10s} each"
  scripts/fuzz.sh
}

docs() {
  echo "==> Docs"
  scripts/docs.sh check
}

release() {
  echo "==> Release configuration and a signed snapshot for this OS/arch"
  scripts/release-check.sh host
}

demo() {
  echo "==> The README's main job (make demo)"
  scripts/demo.sh >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log"; return 1; }
  tail -1 "$tmp/demo.log"
}

start=$SECONDS
case "${1:-}" in
  "")
    ;;
  setup | lint | fuzz | docs | release | demo)
    [ $# -eq 1 ] || { echo "usage: scripts/test.sh $1" >&2; exit 2; }
    "$1"
    echo "scripts/test.sh $1: all passed in $(took $((SECONDS - start)))"
    exit 0
    ;;
  suite)
    [ $# -ge 2 ] || { echo "usage: scripts/test.sh suite terraform|path|tofu [PACKAGES]" >&2; exit 2; }
    shift
    suite "$@"
    echo "scripts/test.sh suite $1: all passed — $suite_summary"
    exit 0
    ;;
  suites)
    all_suites
    echo "scripts/test.sh suites: all passed in $(took $((SECONDS - start))) — $suites_summary"
    exit 0
    ;;
  quick)
    suite any
    echo "make testacc: all passed — $suite_summary"
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
  *)
    echo "usage: scripts/test.sh [setup | suite terraform|path|tofu [PACKAGES] | suites | lint | fuzz | docs | release | demo | quick | bench]" >&2
    exit 2
    ;;
esac

# The whole check: each step in order, timed.
times=()
step() {
  local t=$SECONDS
  "$@"
  times+=("$1 $(took $((SECONDS - t)))")
}
echo "==> Setup: modules, engines and tools"
step setup
suites_start=$SECONDS
all_suites
times+=("suites $(took $((SECONDS - suites_start))) ($suites_summary)")
step lint
step fuzz
step docs
step release
step demo
echo "make test: all passed in $(took $((SECONDS - start))) — $(printf '%s, ' "${times[@]}" | sed 's/, $//')"
