#!/usr/bin/env bash
# Export benchmark: `remnant export` against `ogr2ogr` reading the same GeoPackage store, to GeoJSON
# and to KML, on 1,000,000 SYNTHETIC incidents (Benchmarks/generate_synthetic.py).
# usage: Benchmarks/run-export.sh [ROWS]   (default 1000000; data goes to ${BENCH_DIR:-/tmp/remnant-bench-export})
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
dir=${BENCH_DIR:-/tmp/remnant-bench-export}
mkdir -p "$dir"
csv="$dir/synthetic-$rows.csv"
store="$dir/store-$rows.gpkg"
[ -f "$csv" ] || python3 Benchmarks/generate_synthetic.py "$rows" "$csv"
swift build -c release --product remnant >/dev/null
bin=.build/release/remnant
if [ ! -f "$store" ]; then
  REMNANT_STORE="$store" $bin stats >/dev/null 2>&1   # create and seed the store first
  REMNANT_STORE="$store" $bin import "$csv" >/dev/null 2>&1
fi

secs() { awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }' <<< "$1"; }
measure() {  # label, then the command; prints label, wall seconds, peak RSS in MiB, CPU (user+sys) seconds
  local label=$1; shift
  # Each run starts with no dirty pages from the one before: ogr2ogr does not fsync, so its
  # multi-GB output would otherwise still be going to disk during Remnant's run (whose
  # AtomicFile fsyncs before the rename, inside the timed run).
  sync
  /usr/bin/time -v "$@" > /dev/null 2> "$dir/$label.time"
  local wall kb cpu
  wall=$(secs "$(grep 'Elapsed (wall' "$dir/$label.time" | awk '{print $NF}')")
  kb=$(grep 'Maximum resident' "$dir/$label.time" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$dir/$label.time")
  echo "$label $wall $((kb / 1024)) $cpu"
}

# The store repeats each incident's sources on its row (sources_json) for Remnant's reads; ogr2ogr is
# given the same columns Remnant writes (every attribute column, the sources through source_count and
# first_source_url), so it does not pay for a column Remnant's output does not carry.
columns=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(','.join(r[1] for r in c.execute('PRAGMA table_info(incidents)') if r[1] not in ('fid','geom','sources_json')))" "$store")
echo "rows: $rows (SYNTHETIC), store $store"
for format in geojson kml; do
  rm -f "$dir/ogr.$format" "$dir/remnant.$format"
  o=$(measure "ogr2ogr-$format" ogr2ogr -f "$( [ $format = kml ] && echo KML || echo GeoJSON )" -select "$columns" "$dir/ogr.$format" "$store" incidents)
  osize=$(stat -c %s "$dir/ogr.$format"); rm -f "$dir/ogr.$format"   # each run starts with the same free page cache
  r=$(measure "remnant-$format" env REMNANT_STORE="$store" $bin export --layer incidents -o "$dir/remnant.$format")
  rsize=$(stat -c %s "$dir/remnant.$format")
  [ -n "${KEEP_OUTPUT:-}" ] || rm -f "$dir/remnant.$format"
  read -r _ ow om oc <<< "$o"; read -r _ rw rm_ rc <<< "$r"
  echo "$format: ogr2ogr ${ow} s (CPU ${oc} s, peak ${om} MiB), remnant ${rw} s (CPU ${rc} s, peak ${rm_} MiB), sizes ${osize} / ${rsize} B," \
       "ogr2ogr/remnant $(awk -v o="$ow" -v r="$rw" 'BEGIN { printf "%.2f", o / r }')x wall, $(awk -v o="$oc" -v r="$rc" 'BEGIN { printf "%.2f", o / r }')x CPU"
done
