#!/usr/bin/env bash
# The SQLite-alone floor of an import: copies the SYNTHETIC rows of a store Remnant has already
# filled into a freshly seeded store with the sqlite3 shell, the way `remnant import` writes them
# (a 1M-row import is a bulk load: rollback journal, synchronous FULL, no memory map; one
# transaction, R-tree and summary triggers dropped, the three attribute indexes dropped
# and rebuilt with a 4 MiB sort cache). The R-tree is not built again: its node, rowid and parent
# tables are copied as Remnant packed them. No CSV parsing, no validation, no geometry, no R-tree
# packing: what is left is what SQLite itself costs to write these rows into this schema, plus
# reading them from FILLED (from the page cache, as it was just written).
# usage: Benchmarks/import-floor.sh FILLED.gpkg SEEDED.gpkg   (SEEDED is copied, not changed)
set -euo pipefail
filled=$1 seeded=$2
work="$(dirname "$filled")/floor.gpkg"
rm -f "$work" "$work-wal" "$work-shm"
cp "$seeded" "$work"
seed_fid=$(sqlite3 "$work" "SELECT coalesce(max(fid), 0) FROM incidents")
seed_source_fid=$(sqlite3 "$work" "SELECT coalesce(max(fid), 0) FROM incident_sources")
cols=$(sqlite3 "$work" "SELECT group_concat(name, ',') FROM pragma_table_info('incidents') WHERE name <> 'fid'")
indexes=$(sqlite3 "$work" "SELECT group_concat(sql, ';' || char(10)) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('incidents', 'incident_sources')")
drops=$(sqlite3 "$work" "SELECT group_concat('DROP INDEX ' || name, ';' || char(10)) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('incidents', 'incident_sources')")
sync
/usr/bin/time -o "$work.time" -f "%e %M" sqlite3 -bail "$work" > /dev/null <<SQL
PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA mmap_size = 0;
PRAGMA cache_size = -65536; PRAGMA threads = 2; PRAGMA foreign_keys = OFF;
ATTACH '$filled' AS f;
BEGIN;
DROP TRIGGER rtree_incidents_geom_insert; DROP TRIGGER incident_sources_summary_insert;
$drops;
INSERT INTO incidents ($cols) SELECT $cols FROM f.incidents WHERE fid > $seed_fid ORDER BY fid;
INSERT INTO incident_sources (incident_id, position, organisation, title, date, url)
  SELECT incident_id, position, organisation, title, date, url FROM f.incident_sources
  WHERE fid > $seed_source_fid ORDER BY fid;
DELETE FROM rtree_incidents_geom_node; DELETE FROM rtree_incidents_geom_rowid; DELETE FROM rtree_incidents_geom_parent;
INSERT INTO rtree_incidents_geom_node SELECT * FROM f.rtree_incidents_geom_node ORDER BY nodeno;
INSERT INTO rtree_incidents_geom_rowid SELECT * FROM f.rtree_incidents_geom_rowid ORDER BY rowid;
INSERT INTO rtree_incidents_geom_parent SELECT * FROM f.rtree_incidents_geom_parent ORDER BY nodeno;
PRAGMA cache_size = -4096;
$indexes;
COMMIT;
SQL
rows=$(sqlite3 "$work" "SELECT count(*) FROM incidents WHERE fid > $seed_fid")
read -r secs kb < "$work.time"
echo "$secs $kb $rows"
rm -f "$work" "$work-wal" "$work-shm" "$work.time"
