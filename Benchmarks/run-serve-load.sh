#!/usr/bin/env bash
# Server under load (issue 9): wrk with 64 connections for 30 s on loopback against `remnant serve`
# over the 100,000-incident synthetic store of run-serve.sh, twice: one URL again and again (the
# response cache answers), and distinct pages (Benchmarks/distinct-offsets.lua: every request
# renders from SQLite). Passes only with zero errors: every response 2xx, and no connect, read,
# write or timeout errors. Prints the machine's load with each run.
# usage: Benchmarks/run-serve-load.sh [ROWS]   (default 100000; CONNECTIONS=64 DURATION=30s)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
dir=${BENCH_DIR:-/tmp/remnant-serve-bench}
duration=${DURATION:-30s}
connections=${CONNECTIONS:-64}
port=${PORT:-18090}
path="/collections/incidents/items?limit=1000"
mkdir -p "$dir"
csv="$dir/synthetic-$rows.csv"
[ -f "$csv" ] || python3 Benchmarks/generate_synthetic.py "$rows" "$csv"
swift build -c release --product remnant >/dev/null
bin=.build/release/remnant
store="$dir/serve-$rows.gpkg"
if [ ! -f "$store" ]; then
  REMNANT_STORE="$store" $bin stats >/dev/null 2>&1
  REMNANT_STORE="$store" $bin import "$csv" > "$dir/import.log" 2>&1
fi
count=$(sqlite3 "$store" 'select count(*) from incidents' 2>/dev/null || echo "$rows")

$bin serve --store "$store" --port "$port" --log-level error > "$dir/remnant-load.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
curl -sf --max-time 300 -o /dev/null "http://127.0.0.1:$port/collections"   # derived layers built

failed=0
run() {  # name [wrk options]
  local name=$1; shift
  local out="$dir/wrk-load-${name// /-}.txt"
  wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency "$@" > "$out"
  local rps p99 non2xx errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {sub(/^ *Socket errors: */, ""); print}' "$out"); errors=${errors:-none}
  printf '%-18s %s requests, %8s req/s, p99 %-8s non-2xx %s, socket errors: %s; load %s\n' "$name" \
    "$(awk '/requests in/ {print $1}' "$out")" "$rps" "$p99" "$non2xx" "$errors" "$(uptime | sed 's/.*load average: //')"
  if [ "$non2xx" != 0 ] || [ "$errors" != none ]; then failed=1; fi
}
echo "wrk -t2 -c$connections -d$duration on http://127.0.0.1:$port$path ($count incidents)"
run "same URL" "http://127.0.0.1:$port$path"
run "distinct pages" -s Benchmarks/distinct-offsets.lua "http://127.0.0.1:$port$path" -- 1000 "$count"
kill -0 $pid || { echo "error: the server died" >&2; exit 1; }
echo "server still up; resident $(ps -o rss= -p $pid) KiB"
[ $failed = 0 ] || { echo "error: errors under load (wrk output in $dir/wrk-load-*.txt)" >&2; exit 1; }
echo "zero errors"
