// Kernel density benchmark (issue 5): N SYNTHETIC points (seeded, uniform over an EXTENT × EXTENT
// square of a WGS 84 LAEA frame centred at 38°E 48°N), quartic kernel, raw values.
//
// usage: DensityBenchmark [N] [WORKERS] [EXTENT_M] [RADIUS_M] [CELL_M] [OUT_DIR]
// Defaults: 1,000,000 points, all cores, 500 km, 1 km radius, 100 m cells (the issue's task).
// With OUT_DIR, also writes OUT_DIR/points.csv (x, y in the frame's metres), OUT_DIR/crs.txt (the
// PROJ string) and OUT_DIR/remnant.tif, for Benchmarks/density_qgis.py to run QGIS on the same points.
import BenchmarkSupport
import Foundation
import RemnantAnalysis
import RemnantExport
import RemnantGeometry

let args = CommandLine.arguments
func argument(_ i: Int, _ fallback: Double) -> Double { args.count > i ? Double(args[i]) ?? fallback : fallback }
let n = Int(argument(1, 1_000_000))
let workers = Int(argument(2, Double(ProcessInfo.processInfo.activeProcessorCount)))
let extent = argument(3, 500_000), radius = argument(4, 1_000), cell = argument(5, 100)
let outDir = args.count > 6 ? URL(fileURLWithPath: args[6]) : nil

var random = SeededRandom(seed: 5_000_000)
let points = (0..<n).map { _ in Coordinate(x: (random.unit() - 0.5) * extent, y: (random.unit() - 0.5) * extent) }
let crs = try LocalMetricCRS(center: Coordinate(lon: 38, lat: 48), projection: .lambertAzimuthalEqualArea)
if let outDir {
    try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
    var text = "x,y\n"
    for p in points { text += "\(p.x),\(p.y)\n" }
    try text.write(to: outDir.appendingPathComponent("points.csv"), atomically: true, encoding: .utf8)
    try crs.projString.write(to: outDir.appendingPathComponent("crs.txt"), atomically: true, encoding: .utf8)
}
let kde = try KernelDensity(kernel: .quartic, radiusMeters: radius, cellMeters: cell, workers: workers)
let (seconds, grid) = try timed { try kde.grid(points: points) }
print("points: \(n) SYNTHETIC over \(Int(extent / 1000)) km; grid \(grid.columns) × \(grid.rows); workers \(workers)")
print("kernel density (quartic, raw, r = \(radius) m, cell = \(cell) m): \(String(format: "%.3f", seconds)) s; sum \(grid.values.reduce(0, +))")
if let outDir {
    let surface = DensitySurface(grid: grid, crs: crs, scaled: false, pointCount: n, totalWeight: Double(n), kernel: .quartic, radiusMeters: radius)
    let (write, _) = try timed { try GeoTIFFWriter.write(surface, to: outDir.appendingPathComponent("remnant.tif")) }
    print("GeoTIFF written in \(String(format: "%.3f", write)) s: \(outDir.appendingPathComponent("remnant.tif").path)")
    print("total (stamping + GeoTIFF): \(String(format: "%.3f", seconds + write)) s")
}
