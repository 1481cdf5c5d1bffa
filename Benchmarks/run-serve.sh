#!/usr/bin/env bash
# Server benchmark (issue 8): wrk on /collections/incidents/items?limit=1000 over a store of
# 100,000 SYNTHETIC incidents, against `remnant serve` and against pygeoapi (the reference Python
# implementation, SQLiteGPKG provider) under gunicorn with 2 workers serving a copy of the same
# GeoPackage, back to back. Remnant runs three ways: as shipped (response cache and feature
# cache on), without the response cache (`--cache-mb 0`: every request builds its page, from
# features rendered before when it can), and with neither (`--feature-cache-mb 0` too: every
# request reads and renders its 1,000 rows). Each server is measured twice: the same URL again and
# again, and distinct pages (Benchmarks/distinct-offsets.lua varies `offset` so every request is
# a different query and no response cache can answer it). Loopback only; every run is bounded
# (wrk -d). The machine's load (uptime) and the server's resident size are printed with each
# figure: ratios count only back to back. REPEAT=n runs the whole comparison n times.
# usage: Benchmarks/run-serve.sh [ROWS]   (default 100000; data in ${BENCH_DIR:-/tmp/remnant-serve-bench})
# needs: wrk, sqlite3 and libsqlite3-mod-spatialite (apt; pygeoapi's GeoPackage provider loads
# SpatiaLite), and for the peer a venv at ${PYGEOAPI_VENV:-/tmp/pygeoapi-venv} with pygeoapi and
# gunicorn (PyPI), made here when missing or unable to load SpatiaLite.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
dir=${BENCH_DIR:-/tmp/remnant-serve-bench}
venv=${PYGEOAPI_VENV:-/tmp/pygeoapi-venv}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-16}
repeat=${REPEAT:-1}
path="/collections/incidents/items?limit=1000"
mkdir -p "$dir"

# The peer's venv must be on Debian's /usr/bin/python3: its sqlite3 module loads extensions
# (a pyenv or python.org build usually cannot, and pygeoapi then answers every request with 500).
can_load_spatialite() {
  "$venv/bin/python" -c "import sqlite3; c = sqlite3.connect(':memory:'); c.enable_load_extension(True); c.load_extension('mod_spatialite')" 2>/dev/null
}
if [ ! -x "$venv/bin/gunicorn" ] || [ ! -x "$venv/bin/pygeoapi" ] || ! can_load_spatialite; then
  echo "making the pygeoapi venv at $venv (Debian's /usr/bin/python3, pip install pygeoapi gunicorn)"
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install -q pygeoapi gunicorn
  can_load_spatialite || { echo "error: $venv's Python cannot load mod_spatialite (apt-get install libsqlite3-mod-spatialite)" >&2; exit 1; }
fi

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
echo "store: $store ($count incidents: SYNTHETIC + the 28 shipped); wrk -t2 -c$connections -d$duration --timeout 10s --latency"
echo "remnant $($bin --version 2>/dev/null || echo '?'); pygeoapi $("$venv/bin/pip" show pygeoapi 2>/dev/null | awk '/^Version/ {print $2}'), gunicorn $("$venv/bin/pip" show gunicorn 2>/dev/null | awk '/^Version/ {print $2}')"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1" >&2; return 1; }

run_wrk() {  # name url pid [distinct]
  local out="$dir/wrk-$1.txt"
  curl -s -o /dev/null "$2" || true; curl -s -o /dev/null "$2" || true   # warm (a peer's 500 is counted by wrk, not fatal here)
  if [ "${4:-}" = distinct ]; then
    wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency -s Benchmarks/distinct-offsets.lua "$2" -- 1000 "$count" > "$out"
  else
    wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency "$2" > "$out"
  fi
  local rps p50 p99 non2xx errors bytes rss
  rps=$(awk '/Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1 == "50%" {print $2}' "$out")
  p99=$(awk '$1 == "99%" {print $2}' "$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$out"); non2xx=${non2xx:-0}
  errors=$(awk '/Socket errors/ {sub(/^ *Socket errors: */, ""); print}' "$out"); errors=${errors:-none}
  bytes=$(curl -s "$2" | wc -c)
  rss=$(ps -o rss= --ppid "$3" -p "$3" 2>/dev/null | awk '{s += $1} END {printf "%.0f MiB", s / 1024}')
  printf '%-46s %9s req/s  p50 %-9s p99 %-9s non-2xx %-5s socket errors: %-8s body %s B  rss %s  load %s\n' "$1" "$rps" "$p50" "$p99" \
    "$non2xx" "$errors" "$bytes" "$rss" "$(uptime | sed 's/.*load average: //')"
}

for round in $(seq 1 "$repeat"); do
  [ "$repeat" = 1 ] || echo "round $round ($(date -u +%H:%M) UTC)"
  # Remnant: as shipped; without the response cache; with neither cache.
  for mode in cached no-response-cache no-caches; do
    port=18080
    case $mode in
      cached) flags=() ;;
      no-response-cache) flags=(--cache-mb 0) ;;
      no-caches) flags=(--cache-mb 0 --feature-cache-mb 0) ;;
    esac
    $bin serve --store "$store" --port $port --log-level error "${flags[@]}" > "$dir/remnant-$mode.log" 2>&1 &
    pids+=($!)
    wait_for "http://127.0.0.1:$port/"
    # /collections waits for the hazard areas and hex bins, built in the background at start-up
    # (about 15 s for 100,000 incidents), so the load test does not compete with that build.
    curl -sf --max-time 300 -o /dev/null "http://127.0.0.1:$port/collections"
    run_wrk "remnant ($mode)" "http://127.0.0.1:$port$path" "${pids[-1]}"
    run_wrk "remnant ($mode, distinct pages)" "http://127.0.0.1:$port$path" "${pids[-1]}" distinct
    kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  done

  # pygeoapi on a copy (its GeoPackage provider adds virtual tables to the file it opens).
  port=18081
  cp "$store" "$dir/pygeoapi.gpkg"
  sed -e "s#@STORE@#$dir/pygeoapi.gpkg#" -e "s#@PORT@#$port#" Benchmarks/pygeoapi-config.yml > "$dir/pygeoapi-config.yml"
  PYGEOAPI_CONFIG="$dir/pygeoapi-config.yml" "$venv/bin/pygeoapi" openapi generate "$dir/pygeoapi-config.yml" \
    --output-file "$dir/pygeoapi-openapi.yml" > "$dir/pygeoapi-openapi.log" 2>&1
  PYGEOAPI_CONFIG="$dir/pygeoapi-config.yml" PYGEOAPI_OPENAPI="$dir/pygeoapi-openapi.yml" \
    "$venv/bin/gunicorn" -w 2 -b 127.0.0.1:$port --timeout 60 pygeoapi.flask_app:APP > "$dir/pygeoapi.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$port/"
  run_wrk "pygeoapi (gunicorn -w 2)" "http://127.0.0.1:$port$path" "${pids[-1]}"
  run_wrk "pygeoapi (gunicorn -w 2, distinct pages)" "http://127.0.0.1:$port$path" "${pids[-1]}" distinct
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
  echo "pygeoapi HTTP 500s logged: $(grep -c 'InvalidPluginError$' "$dir/pygeoapi.log" || true)"
done
