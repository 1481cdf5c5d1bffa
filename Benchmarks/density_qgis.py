#!/usr/bin/python3
"""Kernel density: Remnant against QGIS's own Heatmap (qgis:heatmapkerneldensityestimation).

usage: /usr/bin/python3 Benchmarks/density_qgis.py OUT_DIR RADIUS_M CELL_M [--emulate]

OUT_DIR holds points.csv, crs.txt and remnant.tif from `DensityBenchmark N WORKERS EXTENT RADIUS CELL OUT_DIR`
(SYNTHETIC points). This script loads the same points into a GeoPackage layer (ogr2ogr, with the same
CRS), runs QGIS 3.22's Heatmap on them (raw quartic, same radius and pixel size) under
/usr/bin/time, and compares the two rasters cell by cell with GDAL.

With --emulate it also recomputes QGIS 3.22's algorithm exactly as qgskde.cpp writes it (the kernel
window of each point evaluated at y measured from the bottom of the extent but written to rows
counted from the top, i.e. flipped about the point's row, accumulated in Float32) and shows that
QGIS's output equals that emulation, so the whole Remnant-QGIS difference is that vertical offset.
Needs Debian's qgis, gdal-bin and python3-gdal (numpy); run with /usr/bin/python3.
"""
import os, re, subprocess, sys, time
import numpy as np
from osgeo import gdal

gdal.UseExceptions()
out, radius, cell = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
emulate = "--emulate" in sys.argv
crs = open(os.path.join(out, "crs.txt")).read().strip()
gpkg = os.path.join(out, "points.gpkg")
qgis_tif = os.path.join(out, "qgis.tif")
for f in (gpkg, qgis_tif):
    if os.path.exists(f):
        os.remove(f)
subprocess.run(["ogr2ogr", "-f", "GPKG", gpkg, os.path.join(out, "points.csv"), "-oo", "X_POSSIBLE_NAMES=x",
                "-oo", "Y_POSSIBLE_NAMES=y", "-a_srs", crs, "-nln", "points"], check=True)

env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
cmd = ["/usr/bin/time", "-v", "qgis_process.bin", "run", "qgis:heatmapkerneldensityestimation", "--",
       f"INPUT={gpkg}|layername=points", f"RADIUS={radius}", f"PIXEL_SIZE={cell}", "KERNEL=0", "OUTPUT_VALUE=0",
       "DECAY=0", f"OUTPUT={qgis_tif}"]
start = time.monotonic()
run = subprocess.run(cmd, env=env, capture_output=True, text=True)
wall = time.monotonic() - start
if run.returncode != 0:
    sys.exit(run.stdout + run.stderr)
rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
print(f"qgis_process wall time: {wall:.2f} s; peak RSS {int(rss.group(1)) / 1024:.0f} MiB" if rss else f"qgis_process wall time: {wall:.2f} s")

q_ds, r_ds = gdal.Open(qgis_tif), gdal.Open(os.path.join(out, "remnant.tif"))
print("QGIS    size", q_ds.RasterXSize, q_ds.RasterYSize, "geotransform", q_ds.GetGeoTransform())
print("Remnant size", r_ds.RasterXSize, r_ds.RasterYSize, "geotransform", r_ds.GetGeoTransform())
q = q_ds.GetRasterBand(1).ReadAsArray().astype(np.float64)
q[q == -9999] = 0
r = r_ds.GetRasterBand(1).ReadAsArray().astype(np.float64)
if q.shape != r.shape:
    sys.exit(f"different grids: QGIS {q.shape}, Remnant {r.shape}")
peak = r.max()
d = np.abs(q - r)
print(f"peak {peak:.6g}; max |Remnant - QGIS| = {d.max():.6g} ({100 * d.max() / peak:.2f}% of the peak); "
      f"mean {d.mean():.3g}; cells differing by > 1e-4: {(d > 1e-4).sum()} of {d.size}")

if emulate:
    gt = q_ds.GetGeoTransform()
    cols, rows = q_ds.RasterXSize, q_ds.RasterYSize
    xmin, ymax = gt[0], gt[3]
    pts = np.loadtxt(os.path.join(out, "points.csv"), delimiter=",", skiprows=1, ndmin=2)
    ymin = pts[:, 1].min() - radius
    b = int(radius / cell)
    if radius - cell * b > 0.5:   # qgskde.cpp's radiusSizeInPixels (compares metres with 0.5)
        b += 1
    emu = np.full((rows, cols), -9999, dtype=np.float32)
    fixed = np.zeros((rows, cols), dtype=np.float64)   # the same windows, y measured from the top
    k = np.arange(2 * b + 1)
    for px, py in pts:
        # qgskde.cpp: unsigned int position = (offset / pixel) - buffer, truncated toward zero, so
        # an extreme point whose offset rounds just below the buffer still starts at 0.
        x0 = int((px - xmin) / cell - b)
        y0 = int((py - ymin) / cell - b)
        yio = int((ymax - py) / cell - b)
        if x0 < 0 or yio < 0 or x0 + 2 * b >= cols or yio + 2 * b >= rows:
            continue   # GDALRasterIO refuses a window that leaves the raster: the point adds nothing
        cx = (x0 + k + 0.5) * cell + xmin
        cy = (y0 + k + 0.5) * cell + ymin          # y measured from the bottom …
        dist = np.sqrt((cx[None, :] - px) ** 2 + (cy[:, None] - py) ** 2)
        val = np.where(dist > radius, 0.0, (1 - (dist / radius) ** 2) ** 2)
        block = emu[yio:yio + 2 * b + 1, x0:x0 + 2 * b + 1]   # … written to rows counted from the top
        touched = dist <= radius
        block[touched & (block == -9999)] = 0
        block[touched] = (block[touched].astype(np.float64) + val[touched]).astype(np.float32)
        cy_top = ymax - (yio + k + 0.5) * cell            # the true centres of the rows written
        dist_top = np.sqrt((cx[None, :] - px) ** 2 + (cy_top[:, None] - py) ** 2)
        fixed[yio:yio + 2 * b + 1, x0:x0 + 2 * b + 1] += np.where(dist_top > radius, 0.0, (1 - (dist_top / radius) ** 2) ** 2)
    emu = emu.astype(np.float64)
    emu[emu == -9999] = 0
    e = np.abs(emu - q)
    print(f"QGIS 3.22 as written (flipped windows), emulated: max |emulation - QGIS| = {e.max():.3g} "
          f"({100 * e.max() / peak:.5f}% of the peak)")
    f = np.abs(fixed - r)
    print(f"QGIS's windows with each row's value taken at that row's own centre: max |that - Remnant| = {f.max():.3g} "
          f"({100 * f.max() / peak:.5f}% of the peak, Float32 rounding)")
    print("so the Remnant-QGIS difference is the vertical window offset of qgskde.cpp, and Remnant is the formula at true cell centres")
