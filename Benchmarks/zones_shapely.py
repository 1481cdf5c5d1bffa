#!/usr/bin/env python3
"""The peer for the hazard-area benchmark: shapely 2 doing the same work on the same footprints.

Each footprint is a geodesic-equivalent buffer: the point is projected into an azimuthal
equidistant CRS centred on its own cluster (pyproj), buffered by its radius in metres with
21 quadrant segments (84 vertices, like Remnant's 0.1% rings), and projected back to lon/lat;
then shapely.union_all over all of them, and the geodesic area of the result (pyproj.Geod).
Only buffering, projection and union are timed; reading the CSV and measuring are not.

usage: zones_shapely.py FOOTPRINTS.csv
"""
import sys, time, csv
import numpy as np
import shapely
from pyproj import Geod, Transformer

rows = list(csv.DictReader(open(sys.argv[1])))
lon = np.array([float(r["lon"]) for r in rows]); lat = np.array([float(r["lat"]) for r in rows])
radius = np.array([float(r["radius_m"]) for r in rows])

t0 = time.perf_counter()
# Cluster points on a 0.5° grid so each aeqd centre is within ~40 km of its points (scale error < 0.01%).
keys = np.floor(lon / 0.5).astype(int) * 100000 + np.floor(lat / 0.5).astype(int)
polygons = []
for key in np.unique(keys):
    idx = np.nonzero(keys == key)[0]
    c_lon, c_lat = lon[idx].mean(), lat[idx].mean()
    fwd = Transformer.from_crs("EPSG:4326", f"+proj=aeqd +lat_0={c_lat} +lon_0={c_lon} +datum=WGS84 +units=m", always_xy=True)
    x, y = fwd.transform(lon[idx], lat[idx])
    buffers = shapely.buffer(shapely.points(x, y), radius[idx], quad_segs=21)
    back = Transformer.from_crs(f"+proj=aeqd +lat_0={c_lat} +lon_0={c_lon} +datum=WGS84 +units=m", "EPSG:4326", always_xy=True)
    polygons.extend(shapely.transform(buffers, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1]))))
union = shapely.union_all(np.array(polygons))
elapsed = time.perf_counter() - t0

geod = Geod(ellps="WGS84")
area_m2 = abs(geod.geometry_area_perimeter(union)[0])
parts = len(union.geoms) if hasattr(union, "geoms") else 1
print(f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string}): {elapsed:.3f} s, {parts} polygons, total geodesic area {area_m2/1e4:.2f} ha")
