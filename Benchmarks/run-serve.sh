#!/usr/bin/env bash
# Server benchmark (issue 8): wrk on /collections/incidents/items?limit=1000 over a store of
# 100,000 SYNTHETIC incidents, against `remnant serve` (response cache on, and off) and against
# pygeoapi (the reference Python implementation, SQLiteGPKG provider) under gunicorn with 2 workers
# serving a copy of the same GeoPackage. Each server is measured twice: the same URL again and
# again, and distinct pages (Benchmarks/distinct-offsets.lua varies `offset` so every request is
# a different query and no cache can answer it). Loopback only; every run is bounded (wrk -d).
# The machine's load (uptime) is printed with each figure: ratios count only back to back.
# usage: Benchmarks/run-serve.sh [ROWS]   (default 100000; data in ${BENCH_DIR:-/tmp/remnant-serve-bench})
# needs: wrk (apt), and for the peer a venv with pygeoapi and gunicorn (PyPI) at ${PYGEOAPI_VENV:-/tmp/pygeoapi-venv},
# plus libsqlite3-mod-spatialite (apt), which pygeoapi's GeoPackage provider loads.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
dir=${BENCH_DIR:-/tmp/remnant-serve-bench}
venv=${PYGEOAPI_VENV:-/tmp/pygeoapi-venv}   # made with Debian's /usr/bin/python3: its sqlite3 loads extensions
duration=${DURATION:-20s}
connections=${CONNECTIONS:-16}
path="/collections/incidents/items?limit=1000"
mkdir -p "$dir"
csv="$dir/synthetic-$rows.csv"
[ -f "$csv" ] || python3 Benchmarks/generate_synthetic.py "$rows" "$csv"
swift build -c release --product remnant >/dev/null
bin=.build/release/remnant
store="$dir/serve-$rows.gpkg"
if [ ! -f "$store" ]; then
  REMNANT_STORE="$store" $bin stats >/dev/null 2>&1   # create and seed
  REMNANT_STORE="$store" $bin import "$csv" > "$dir/import.log" 2>&1   # (country-boundary warnings go to the log)
fi
count=$(sqlite3 "$store" 'select count(*) from incidents' 2>/dev/null || echo "$rows")
echo "store: $store ($count incidents: SYNTHETIC + the 28 shipped); wrk -t2 -c$connections -d$duration"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 100); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }

run_wrk() {  # name url [distinct]
  local out="$dir/wrk-$1.txt"
  curl -sf -o /dev/null "$2"; curl -sf -o /dev/null "$2"   # warm
  if [ "${3:-}" = distinct ]; then
    wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency -s Benchmarks/distinct-offsets.lua "$2" -- 1000 "$count" > "$out"
  else
    wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency "$2" > "$out"
  fi
  local rps p99 non2xx errors bytes
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {print $0}' "$out"); errors=${errors:-none}
  bytes=$(curl -s "$2" | wc -c)
  printf '%-44s %10s req/s   p99 %-9s non-2xx %-6s socket errors: %s   body %s bytes   load %s\n' "$1" "$rps" "$p99" "$non2xx" "$errors" "$bytes" \
    "$(uptime | sed 's/.*load average: //')"
}

# Remnant, with its response cache (default) and without (every request renders from SQLite).
for mode in cached uncached; do
  port=18080
  cache=$([ $mode = cached ] && echo 256 || echo 0)
  $bin serve --store "$store" --port $port --cache-mb "$cache" --log-level error > "$dir/remnant-$mode.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/"
  # /collections waits for the hazard areas and hex bins, built in the background at start-up
  # (about 15 s for 100,000 incidents), so the load test does not compete with that build.
  curl -sf --max-time 300 -o /dev/null "http://127.0.0.1:$port/collections"
  run_wrk "remnant ($mode)" "http://127.0.0.1:$port$path"
  run_wrk "remnant ($mode, distinct offsets)" "http://127.0.0.1:$port$path" distinct
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
done

# pygeoapi on a copy (its GeoPackage provider adds virtual tables to the file it opens).
if [ -x "$venv/bin/gunicorn" ]; then
  port=18081
  cp "$store" "$dir/pygeoapi.gpkg"
  sed -e "s#@STORE@#$dir/pygeoapi.gpkg#" -e "s#@PORT@#$port#" Benchmarks/pygeoapi-config.yml > "$dir/pygeoapi-config.yml"
  PYGEOAPI_CONFIG="$dir/pygeoapi-config.yml" "$venv/bin/pygeoapi" openapi generate "$dir/pygeoapi-config.yml" \
    --output-file "$dir/pygeoapi-openapi.yml" > "$dir/pygeoapi-openapi.log" 2>&1
  PYGEOAPI_CONFIG="$dir/pygeoapi-config.yml" PYGEOAPI_OPENAPI="$dir/pygeoapi-openapi.yml" \
    "$venv/bin/gunicorn" -w 2 -b 127.0.0.1:$port --timeout 60 pygeoapi.flask_app:APP > "$dir/pygeoapi.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/"
  run_wrk "pygeoapi (gunicorn -w 2)" "http://127.0.0.1:$port$path"
  run_wrk "pygeoapi (gunicorn -w 2, distinct offsets)" "http://127.0.0.1:$port$path" distinct
else
  echo "pygeoapi: no venv at $venv (python3 -m venv $venv && $venv/bin/pip install pygeoapi gunicorn)"
fi
