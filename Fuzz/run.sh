#!/usr/bin/env bash
# Builds the libFuzzer targets (every module with -sanitize=fuzzer,address, linked by lld: gold
# fails on them) and runs each on its seed corpus and dictionary for FUZZ_SECONDS (default 600),
# one after the other.
# usage: Fuzz/run.sh [TARGET...]   (default: all four; e.g. FUZZ_SECONDS=60 Fuzz/run.sh FuzzKMLImport)
#   FUZZ_BUILD=0   run the binaries already built
#   FUZZ_LEAKS=0   no LeakSanitizer (FoundationXML leaks 72 bytes per XML error: see FUZZING.md)
#   FUZZ_FORK=1    fork mode with one job: keeps going after crashes, timeouts and out-of-memory
#                  inputs, so one run collects every finding; but every job is a new process that
#                  loads GeoData again (seconds), so the default is libFuzzer's plain mode, which
#                  stops at the first finding and prints the final stat:: lines.
# Work files go to Fuzz/.work/<target>/: corpus (new inputs), crash-/timeout-/oom- artifacts, log.
# Figures and findings are recorded by hand in ../FUZZING.md.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-600}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCSVImport FuzzGeoJSONImport FuzzKMLImport FuzzServerQuery)

if [ "${FUZZ_BUILD:-1}" != 0 ]; then
  for t in "${targets[@]}"; do
    swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product "$t"
  done
fi
mode=()
[ "${FUZZ_FORK:-0}" = 0 ] || mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
status=0
for t in "${targets[@]}"; do
  work=.work/$t
  mkdir -p "$work/corpus"
  echo "== $t: ${seconds} s (log: Fuzz/$work/log)"
  if ! .build/release/"$t" "$work/corpus" "Corpus/$t" -dict="Dictionaries/$t.dict" \
       -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 -detect_leaks="${FUZZ_LEAKS:-1}" \
       "${mode[@]}" -artifact_prefix="$work/" > "$work/log" 2>&1; then
    status=1
    echo "   FINDING: $(grep -m1 -E 'ERROR: |Fatal error|deadly signal|Test unit written' "$work/log" || tail -1 "$work/log")"
  fi
  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$work/log" | sed 's/^/   /'
  grep -E '^#[0-9]+' "$work/log" | tail -1 | sed 's/^/   last: /'
  ls "$work" | grep -E '^(crash|timeout|oom|leak)-' | sed 's/^/   artifact: /' || true
done
exit $status
