#!/usr/bin/env bash
# Compile-time benchmark against the performance budget in design.md §8.
#
#   bash tests/benchmark/compile-benchmark.sh [N] [--no-doc]   # N warm runs per case (default 20, or $N)
#
# The results (table and verdicts) are printed and written into docs/performance.md between its
# "compile-benchmark: begin/end" markers; --no-doc leaves the file alone (.ci/run's smoke test).
#
# Measures, in one run:
#   1. a .NET hello-world start (`dotnet hello.dll`, Release build in a temp folder): the yardstick;
#   2. every stack in stacks/ compiled through the exact command Pulumi.yaml names
#      (runtime.options.compiler), run from the repository root with the PULUMI_* variables Pulumi
#      sets; the first call (which may build the compiler) is reported on its own;
#   3. the controlplane federating 10, 100 and 500 synthetic environments (env-001, ...).
# Prints median/min wall time, the ratio to the hello-world median and the peak RSS (GNU time), then
# the budget verdicts (design.md §8, and issue #15's aim: every case within 5x hello world). It is a
# report: it exits 0 whatever the numbers, non-zero only if a compile fails or prints something that
# is not a Pulumi YAML program.
#
# Needs bash, coreutils, awk (mawk is enough), yq and jq (Debian packages), dotnet; /usr/bin/time for the memory column (skipped
# without it). Run it in a scratch copy if someone else is building in the same checkout: the first
# call may publish the compiler into infra/.publish.
#
# Stack files are converted to the PULUMI_CONFIG Pulumi passes (every value a string; lists and maps as
# JSON text) with yq and jq, plus placeholder secrets for the keys each role requires.
set -uo pipefail

N="${N:-20}"
write_doc=1
for arg in "$@"; do
  case "$arg" in
    --no-doc) write_doc=0 ;;
    '' | *[!0-9]*) echo "usage: bash tests/benchmark/compile-benchmark.sh [N] [--no-doc]" >&2; exit 2 ;;
    *) N="$arg" ;;
  esac
done
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

gnu_time=""
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
  gnu_time=/usr/bin/time
else
  echo "note: GNU time (/usr/bin/time) not found: peak RSS column skipped" >&2
fi

# Other work on the machine inflates every row, the yardstick included; the report states the load.
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

# The compiler command exactly as Pulumi.yaml spells it (split on blanks, as Pulumi does).
compiler_line="$(awk '/^[[:space:]]*compiler:/ { sub(/^[[:space:]]*compiler:[[:space:]]*/, ""); print; exit }' Pulumi.yaml)"
[ -n "$compiler_line" ] || { echo "no runtime.options.compiler in Pulumi.yaml" >&2; exit 1; }
read -ra compiler <<<"$compiler_line"

# ---------------------------------------------------------------------------------------------
# Helpers

# run_once CMD...: one timed run; sets MS (wall ms, 1 decimal), RSS (KiB or ""), RC; output in $work/out|err.
run_once() {
  local t0 t1
  t0=$(date +%s%N)
  if [ -n "$gnu_time" ]; then
    "$gnu_time" -f %M -o "$work/rss" "$@" >"$work/out" 2>"$work/err"
    RC=$?
  else
    "$@" >"$work/out" 2>"$work/err"
    RC=$?
  fi
  t1=$(date +%s%N)
  MS=$(awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1e6 }')
  RSS=""
  [ -n "$gnu_time" ] && RSS=$(tail -n 1 "$work/rss")
}

# is_program: stdout is a YAML mapping (first non-comment line is `key:`) with top-level name: and resources:.
is_program() {
  awk '/^[[:space:]]*(#|$)/ { next } { exit !($0 ~ /^[A-Za-z_][A-Za-z0-9_-]*:/) }' "$work/out" &&
    grep -q '^name:' "$work/out" && grep -q '^resources:' "$work/out"
}

failed=0
# check LABEL: fail loudly if the last run failed or (unless expect_program=0) did not print a program.
check() {
  if [ "$RC" -ne 0 ] || { [ "${expect_program:-1}" = 1 ] && ! is_program; }; then
    echo "FAIL: $1 (exit $RC)" >&2
    head -c 2000 "$work/err" >&2
    failed=1
    return 1
  fi
}

# Result rows: label|median|min|rss_mib
rows=()
# bench LABEL CMD...: N warm runs; appends a row and sets MEDIAN.
bench() {
  local label="$1"; shift
  local times=() peak=0 i
  for ((i = 0; i < N; i++)); do
    run_once "$@"
    check "$label" || return 1
    times+=("$MS")
    [ -n "$RSS" ] && [ "$RSS" -gt "$peak" ] && peak=$RSS
  done
  MEDIAN=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  local min; min=$(printf '%s\n' "${times[@]}" | sort -n | head -n 1)
  local mib="-"; [ -n "$gnu_time" ] && mib=$(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }')
  rows+=("$label|$MEDIAN|$min|$mib")
}

# stack_config FILE: the stack file's `config:` as the PULUMI_CONFIG JSON object Pulumi passes (strings
# as they are, every other value as JSON text), plus placeholder values for the secrets its role needs
# (Pulumi passes them decrypted, and the compiler refuses to run without them).
stack_config() {
  yq -c '(.config // {}) | map_values(if type == "string" then . else tojson end)' "$1" |
    jq -c '(."observability:role" // "environment") as $role
      | . + (if $role == "oncall" then {"observability:pagerDutyToken": "benchmark-placeholder",
                                       "observability:pagerDutyPhoneNumbers": "{\"placeholder@example.com\": \"15550000000\"}"}
               + (if has("observability:teams")
                  then {"observability:teamSlackWebhooks": (."observability:teams" | fromjson
                        | map({(.name): "https://hooks.slack.invalid/benchmark"}) | add // {} | tojson)}
                  else {} end)
             else {"observability:slackWebhookUrl": "https://hooks.slack.invalid/benchmark",
                   "observability:deadMansSwitchUrl": "https://heartbeat.invalid/benchmark",
                   "observability:pagerDutyRoutingKey": "benchmark-placeholder"}
               + (if $role == "controlplane" then {"observability:grafanaOidcClientSecret": "benchmark-placeholder"} else {} end)
             end)'
}

# compile_env STACK CONFIG_JSON: the variables Pulumi sets for the compiler.
compile_env() {
  export PULUMI_STACK="$1" PULUMI_CONFIG="$2" PULUMI_PROJECT=observability PULUMI_ROOT_DIRECTORY="$root"
}

# ---------------------------------------------------------------------------------------------
# 1. Hello world: the yardstick.
echo "== hello world (dotnet new console, Release build)" >&2
mkdir -p "$work/hello"
(cd "$work/hello" && dotnet new console -n hello -o . --force >/dev/null &&
  dotnet build -c Release -o out --nologo -v quiet >/dev/null) || { echo "hello-world build failed" >&2; exit 1; }
hello=("dotnet" "$work/hello/out/hello.dll")
run_once "${hello[@]}"   # warm the disk cache
# It prints "Hello, World!", not a program: time it without the program check.
expect_program=0 bench "hello world (dotnet hello.dll)" "${hello[@]}" || exit 1
hello_median=$MEDIAN

# ---------------------------------------------------------------------------------------------
# 2. Every stack through the Pulumi.yaml compiler command.
first_call=""
declare -A stack_median
for file in stacks/Pulumi.*.yaml; do
  stack="${file#stacks/Pulumi.}"; stack="${stack%.yaml}"
  stack_config "$file" >"$work/$stack.json" || { echo "cannot convert $file" >&2; exit 1; }
  compile_env "$stack" "$(cat "$work/$stack.json")"
  echo "== $stack: $compiler_line" >&2
  if [ -z "$first_call" ]; then
    # The first call publishes the compiler if infra/.publish is missing or stale.
    run_once "${compiler[@]}"
    check "$stack (first call)" || exit 1
    built=no; grep -q 'building the compiler' "$work/err" && built=yes
    first_call="$stack: ${MS} ms (compiler built: $built)"
  fi
  bench "$stack" "${compiler[@]}" || exit 1
  stack_median[$stack]=$MEDIAN
done

# Diagnostic: the same compile without the bash wrapper (its `find` staleness check and exec): the
# ReadyToRun build through `dotnet`, or the Native AOT binary on its own.
build_kind="$(cat infra/.publish/.build-kind 2>/dev/null || echo unknown)"
direct=()
if [ -f infra/.publish/Infra.dll ]; then
  direct=(dotnet infra/.publish/Infra.dll compile)
elif [ -x infra/.publish/Infra ]; then
  direct=(infra/.publish/Infra compile)
fi
if [ "${#direct[@]}" -gt 0 ]; then
  compile_env controlplane "$(cat "$work/controlplane.json")"
  bench "controlplane, ${direct[*]} (no wrapper)" "${direct[@]}" || exit 1
  direct_median=$MEDIAN
fi

# ---------------------------------------------------------------------------------------------
# 3. Fleet scale: the controlplane federating 10, 100 and 500 synthetic environments.
# The compiler refuses an environment without a stack file, so the fleet lives in a scratch copy of the
# project (stack files, charts-values/, Pulumi.yaml) with one development-like stack file per environment,
# and the settings that grow with the fleet are raised as `footprint --fleet` does: the Logstash volume to
# hold every pipeline's queues and its memory their heap, the Elasticsearch nodes to hold the data streams' shards
# (the compile checks all three). The log capacity the declared volumes need (disk, Logstash CPU) is acknowledged
# (logCapacityShortfallAcknowledged: a warning, still computed) rather than sized here: `footprint --fleet` sizes it,
# and this measures the compile.
fleet="$work/fleet"
mkdir -p "$fleet/stacks"
cp Pulumi.yaml "$fleet/"
cp -r charts-values "$fleet/"
cp stacks/Pulumi.*.yaml "$fleet/stacks/"
template="$(grep -l '^  observability:profile: development' stacks/Pulumi.*.yaml | xargs grep -L '^  observability:role: controlplane' | head -n 1)"
[ -n "$template" ] || { echo "no development-profile environment stack in stacks/ to copy for the fleet" >&2; exit 1; }
for i in $(seq 1 500); do
  name="$(printf 'env-%03d' "$i")"
  awk -v n="$name" '
    /^  observability:(environment|cluster|kubeContext):/ { sub(/:[^:]*$/, ": " n) }
    /^  observability:(kafkaExternalHost|federationHost):/ { sub(/: .*/, ": " (index($0, "kafka") ? "kafka." : "prometheus.") n ".example.com") }
    /^  observability:slackChannel:/ { $0 = "  observability:slackChannel: \"#alerts-" n "\"" }
    { print }' "$template" >"$fleet/stacks/Pulumi.$name.yaml"
done
for count in 10 100 500; do
  envs="$(seq -f 'env-%03g' 1 "$count" | awk '{ printf "%s\"%s\"", (NR > 1 ? "," : ""), $0 }')"
  # One pipeline per environment, the controlplane's own and the dead-letter pipeline (Logstash.PipelinesFor):
  # 128 MiB queue + 128 MiB dead-letter queue each, + 2 GiB.
  volume="$(( ((count + 2) * 256 + 1023) / 1024 + 2 ))Gi"
  # At most 24 shards per log source (two data streams of 30 days, weekly rollover, 2 copies), 12 for the quarantine
  # stream, + 100, within 1000 per node; at least production's default of 6 nodes, a multiple of its 3 zones.
  es_nodes="$(( ((count + 1) * 24 + 12 + 100 + 999) / 1000 ))"
  [ "$es_nodes" -ge 6 ] || es_nodes=6
  es_nodes="$(( (es_nodes + 2) / 3 * 3 ))"
  # Logstash heap (Logstash.RequiredHeapBytes): 512 MiB + about 5 MiB per pipeline (2 workers x 125 events x 8 KiB,
  # 3 partitions x 1 MiB fetched) + 477 MiB for one pipeline's batches of the longest lines (fluentBitMaxLineSize 1000000),
  # at least 4096 MiB on the production-profile controlplane; the heap is half of logstashMemory (in 512 MiB steps).
  heap_mib="$(( 512 + 5 * (count + 2) + 477 ))"
  [ "$heap_mib" -ge 4096 ] || heap_mib=4096
  memory_mib="$(( ((2 * heap_mib + 511) / 512) * 512 ))"
  config="$(jq -c --argjson envs "[$envs]" --arg volume "$volume" --arg nodes "$es_nodes" --arg memory "${memory_mib}Mi" \
    '. + {"observability:environments": ($envs | tojson), "observability:logstashStorageSize": $volume, "observability:elasticsearchNodes": $nodes, "observability:logstashMemory": $memory, "observability:logCapacityShortfallAcknowledged": "true"}' \
    "$work/controlplane.json")"
  compile_env controlplane "$config"
  export PULUMI_ROOT_DIRECTORY="$fleet"
  echo "== controlplane with $count environments" >&2
  bench "controlplane, $count environments" "${compiler[@]}" || exit 1
  # The program must really federate them: the last synthetic name appears in it.
  grep -q "env-$(printf '%03d' "$count")" "$work/out" || { echo "FAIL: env-$count missing from the program" >&2; exit 1; }
  [ "$count" -eq 100 ] && fleet100_median=$MEDIAN
done

# ---------------------------------------------------------------------------------------------
# 4. Report: printed, and written into docs/performance.md unless --no-doc.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
verdict() { awk -v r="$1" -v l="$2" 'BEGIN { print (r <= l ? "pass" : "MISS") }'; }
report() {
  echo "Compile benchmark: N=$N warm runs per case; $(nproc) cores; dotnet $(dotnet --version); compiler build: $build_kind;" \
    "load average before the run: $load_before; $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "First call (may build the compiler): $first_call"
  echo
  printf '| %-52s | %10s | %8s | %9s | %13s |\n' "case" "median ms" "min ms" "x hello" "peak RSS MiB"
  printf '| %-52s | %10s | %8s | %9s | %13s |\n' "----" "---------:" "------:" "-------:" "-----------:"
  local row label med min mib
  for row in "${rows[@]}"; do
    IFS='|' read -r label med min mib <<<"$row"
    printf '| %-52s | %10s | %8s | %9s | %13s |\n' "$label" "$med" "$min" "$(ratio "$med" "$hello_median")" "$mib"
  done
  echo
  echo "Budget verdicts (medians of this run):"
  echo
  echo "| budget | measured | limit | verdict |"
  echo "| --- | ---: | ---: | --- |"
  local stack r worst=0 worst_label=""
  for stack in $(printf '%s\n' "${!stack_median[@]}" | sort); do
    r=$(ratio "${stack_median[$stack]}" "$hello_median")
    echo "| one stack / hello world: $stack | ${stack_median[$stack]} / $hello_median = **${r}x** | 10x | $(verdict "$r" 10) |"
  done
  if [ -n "${stack_median[controlplane]:-}" ] && [ -n "${fleet100_median:-}" ]; then
    r=$(ratio "$fleet100_median" "${stack_median[controlplane]}")
    echo "| controlplane with 100 environments / controlplane | $fleet100_median / ${stack_median[controlplane]} = **${r}x** | 2x | $(verdict "$r" 2) |"
  fi
  # Issue #15: every stack, the fleet included, within 5x the hello-world start of the same run.
  for row in "${rows[@]}"; do
    IFS='|' read -r label med min mib <<<"$row"
    case "$label" in "hello world"* | *"(no wrapper)") continue ;; esac
    r=$(ratio "$med" "$hello_median")
    if awk -v a="$r" -v b="$worst" 'BEGIN { exit !(a > b) }'; then worst=$r; worst_label=$label; fi
  done
  echo "| every stack up to 500 environments / hello world (slowest: $worst_label) | **${worst}x** | 5x | $(verdict "$worst" 5) |"
  if [ -n "${direct_median:-}" ] && [ -n "${stack_median[controlplane]:-}" ]; then
    echo
    echo "Wrapper overhead, controlplane: ${stack_median[controlplane]} ms through \`$compiler_line\` vs $direct_median ms direct."
  fi
}

echo
report | tee "$work/report.md"
if [ "$write_doc" = 1 ] && [ "$failed" = 0 ]; then
  doc=docs/performance.md
  if grep -q '^<!-- compile-benchmark: begin' "$doc" && grep -q '^<!-- compile-benchmark: end' "$doc"; then
    awk -v report="$work/report.md" '
      /^<!-- compile-benchmark: begin/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
      /^<!-- compile-benchmark: end/   { skip = 0 }
      !skip { print }' "$doc" >"$work/doc.md" && cat "$work/doc.md" >"$doc"
    echo "(written to $doc)" >&2
  else
    echo "note: $doc has no compile-benchmark begin/end markers; the report was not written there" >&2
  fi
fi
exit "$failed"
