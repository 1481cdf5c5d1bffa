# Remnant: `make demo` runs the main job on the shipped data; `make test` runs the test suite.
# Both install missing Debian/Ubuntu packages first (apt-get; sudo when not root).
SHELL := /bin/bash
SWIFT ?= swift

# Build and run: GEOS (geos_c), PROJ with its database, SQLite with R*Tree, zlib (KMZ archives), Cairo (maps) and a
# font for map text; Leaflet for the server's map page (remnant serve serves /usr/share/javascript/leaflet itself, no CDN).
SYSTEM_PACKAGES := libgeos-dev libproj-dev proj-data libsqlite3-dev zlib1g-dev libcairo2-dev fonts-dejavu-core pkg-config libjs-leaflet
# Independent references the tests compare against: PROJ's geod/cs2cs, GeographicLib's Planimeter, GDAL's ogrinfo
# and validate_gpkg.py, libxml2's xmllint (KML schema validation), unzip (the KML schema wheel); GeographicLib's
# GeoConvert (MGRS) and poppler's pdfinfo/pdftotext read the map PDFs back.
# The sqlite3 shell checks the store (integrity_check, rtreecheck) after processes are killed mid-write.
TEST_PACKAGES := proj-bin geographiclib-tools gdal-bin python3-gdal libxml2-utils unzip poppler-utils sqlite3

# The OGC KML 2.2 schema (ogckml22.xsd with the atom, xAL and gx schemas it imports), as shipped in
# the fastkml wheel on PyPI; unpacked into the git-ignored build folder for `xmllint --nonet`.
KML_SCHEMA_DIR := .build/kml-schema
KML_SCHEMA := $(KML_SCHEMA_DIR)/fastkml/schema/ogckml22.xsd
FASTKML_VERSION := 1.4.0

RELEASE_BIN := .build/release/remnant
DEBUG_BIN := .build/debug/remnant

.PHONY: demo test deps test-deps kml-schema build release check-build bench-import bench-zones bench-density bench-export serve bench-serve bench-serve-load fuzz clean

deps:
	@scripts/install-deps.sh $(SYSTEM_PACKAGES)

test-deps: deps kml-schema
	@scripts/install-deps.sh $(TEST_PACKAGES)

kml-schema: $(KML_SCHEMA)

$(KML_SCHEMA):
	@scripts/install-deps.sh unzip
	@mkdir -p $(KML_SCHEMA_DIR)
	python3 -m pip download --quiet --no-deps --dest $(KML_SCHEMA_DIR) fastkml==$(FASTKML_VERSION)
	cd $(KML_SCHEMA_DIR) && unzip -o -q fastkml-$(FASTKML_VERSION)-py3-none-any.whl 'fastkml/schema/*'
	@test -f $(KML_SCHEMA)

release: deps
	$(SWIFT) build -c release --product remnant

demo: release
	@mkdir -p Output
	$(RELEASE_BIN) doctor
	@echo
	@echo "== Incident store Output/remnant.gpkg (GeoPackage; created and seeded from GeoData/ on first use)"
	$(RELEASE_BIN) import GeoData/incidents.csv
	$(RELEASE_BIN) stats
	@echo
	@echo "== Exports of the shipped incidents"
	$(RELEASE_BIN) export --layer incidents -o Output/incidents.geojson
	$(RELEASE_BIN) export --layer incidents -o Output/incidents.csv
	@echo "wrote Output/incidents.geojson and Output/incidents.csv"
	@echo
	@echo "== Incidents within 25 km of Gori (44.1129 E, 41.9853 N), geodesic"
	$(RELEASE_BIN) query --near 44.1129,41.9853 --radius 25km
	@echo
	@echo "== Hazard areas (CHA/SHA) from merged geodesic footprints, ranked by priority"
	$(RELEASE_BIN) zones
	$(RELEASE_BIN) export --layer zones -o Output/zones.geojson
	$(RELEASE_BIN) export --layer zones -o Output/zones.csv
	$(RELEASE_BIN) export --layer zones -o Output/zones.gpkg
	@echo "wrote Output/zones.geojson, Output/zones.csv and Output/zones.gpkg"
	@echo
	@echo "== Google Earth: incidents, hazard areas and hotspot bands in one styled KML document"
	$(RELEASE_BIN) export --layer incidents --layer zones --layer hotspots --kernel-radius 10km --cell 500m -o Output/remnant.kmz
	@echo "wrote Output/remnant.kmz"
	@echo "== Is the centre of Gori inside a hazard area?"
	$(RELEASE_BIN) zones --at 44.1129,41.9853
	@echo
	@echo "== Kernel density (QGIS quartic kernel, raw) in a local equal-area frame, with hotspot bands at the median and 90th percentile"
	$(RELEASE_BIN) density --radius 10km --cell 500m -o Output/density.tif --hotspots Output/hotspots.geojson
	$(RELEASE_BIN) density --country GE --radius 3km --cell 100m -o Output/density-georgia.tif --hotspots Output/hotspots-georgia.geojson
	@echo "== Hex bins (10 km between centres, equal-area), count per hexagon"
	$(RELEASE_BIN) density --hex 10km -o Output/hexes.geojson
	@echo
	@echo "== Geodesic hazard circle of a 500 m footprint at Gori"
	$(RELEASE_BIN) footprint 44.1129,41.9853 --radius 500m -o Output/footprint-gori-500m.geojson
	@head -c 300 Output/footprint-gori-500m.geojson; echo " …"
	@echo
	@echo "== Printable maps (Cairo): overview of all regions (PDF, PNG) and the Georgia sheet set (overview + one page per hazard area)"
	$(RELEASE_BIN) map --layers all -o Output/map-overview.pdf
	$(RELEASE_BIN) map --layers all -o Output/map-overview.png
	$(RELEASE_BIN) map --region GE --sheets --layers all -o Output/map-georgia-sheets.pdf

# Builds the package and its tests, failing on any compiler warning in Remnant's own sources.
check-build: test-deps
	@mkdir -p .build
	set -o pipefail; $(SWIFT) build --build-tests 2>&1 | tee .build/build.log
	@if grep -E "^$(CURDIR)/(Sources|Tests)/.*warning:" .build/build.log; then \
	  echo "error: compiler warnings in Remnant's sources (listed above)" >&2; exit 1; fi
	@ldd $(DEBUG_BIN) | grep -q 'libgeos_c' || { echo "error: remnant does not link libgeos_c" >&2; exit 1; }
	@ldd $(DEBUG_BIN) | grep -q 'libproj' || { echo "error: remnant does not link libproj" >&2; exit 1; }
	@ldd $(DEBUG_BIN) | grep -q 'libcairo' || { echo "error: remnant does not link libcairo" >&2; exit 1; }
	@echo "build: no warnings; remnant links $$(ldd $(DEBUG_BIN) | grep -oE 'lib(geos_c|proj|cairo)\.so[^ ]*' | sort -u | tr '\n' ' ')"

# The leak check measures the process's resident memory, so it runs alone, after the rest.
test: check-build
	$(SWIFT) test --skip HandleLifetimeTests
	$(SWIFT) test --filter HandleLifetimeTests

bench-import:
	Benchmarks/run-import.sh

# Hazard areas on 100,000 synthetic incidents against shapely 2 (pip install shapely pyproj).
bench-zones:
	cd Benchmarks && swift build -c release --product ZonesBenchmark
	Benchmarks/.build/release/ZonesBenchmark 100000 /tmp/remnant-footprints.csv
	python3 Benchmarks/zones_shapely.py /tmp/remnant-footprints.csv

# Kernel density on 1,000,000 synthetic points against QGIS's Heatmap (apt-get install qgis);
# then the cell-by-cell cross-check on 2,000 points with QGIS 3.22's window offset emulated.
bench-density:
	cd Benchmarks && swift build -c release --product DensityBenchmark
	Benchmarks/.build/release/DensityBenchmark 1000000 2 500000 1000 100 /tmp/remnant-density-1m
	/usr/bin/python3 Benchmarks/density_qgis.py /tmp/remnant-density-1m 1000 100
	Benchmarks/.build/release/DensityBenchmark 2000 2 50000 1000 100 /tmp/remnant-density-2k
	/usr/bin/python3 Benchmarks/density_qgis.py /tmp/remnant-density-2k 1000 100 --emulate

# Export of 1,000,000 synthetic incidents to GeoJSON and KML against ogr2ogr on the same GeoPackage.
bench-export:
	Benchmarks/run-export.sh

# The OGC API – Features server on the demo store, http://127.0.0.1:8080/ (map at /map); Ctrl-C stops it.
serve: release
	$(RELEASE_BIN) serve

# wrk on /collections/incidents/items?limit=1000 over 100,000 synthetic incidents, against pygeoapi
# under gunicorn (a venv on Debian's python3 with pip install pygeoapi gunicorn; see Benchmarks/run-serve.sh).
bench-serve: deps
	@scripts/install-deps.sh wrk sqlite3 libsqlite3-mod-spatialite python3-venv
	Benchmarks/run-serve.sh 100000

# The server under load (issue 9): wrk, 64 connections for 30 s, must see zero errors.
bench-serve-load: deps
	@scripts/install-deps.sh wrk
	Benchmarks/run-serve-load.sh 100000

# libFuzzer on the CSV/HXL/ACLED, GeoJSON and KML importers and the server's query parsing (Fuzz/,
# a separate package the main build never touches); FUZZ_SECONDS per target. Findings: FUZZING.md.
FUZZ_SECONDS ?= 600
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/run.sh $(FUZZ_TARGETS)

clean:
	rm -rf .build Output/*.geojson Output/*.csv Output/*.tif Output/*.kmz Output/*.kml Output/*.gpkg Output/*.pdf Output/*.png Output/*.svg Output/remnant.gpkg*
