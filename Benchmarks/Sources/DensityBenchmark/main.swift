// Kernel density benchmark (issue 5): N SYNTHETIC points (seeded, uniform over a 500 × 500 km
// square in a metric frame), quartic kernel, 1 km radius, 100 m cells: the grid stamping alone.
//
// usage: DensityBenchmark [N] [WORKERS] [OUT_POINTS.csv]
// With OUT_POINTS.csv, also writes the points (x, y in metres) for the QGIS comparison.
import BenchmarkSupport
import Foundation
import RemnantAnalysis
import RemnantGeometry

let args = CommandLine.arguments
let n = args.count > 1 ? Int(args[1]) ?? 1_000_000 : 1_000_000
let workers = args.count > 2 ? Int(args[2]) ?? 2 : ProcessInfo.processInfo.activeProcessorCount

var random = SeededRandom(seed: 5_000_000)
let points = (0..<n).map { _ in Coordinate(x: random.unit() * 500_000, y: random.unit() * 500_000) }
if args.count > 3 {
    var text = "x,y\n"
    for p in points { text += "\(p.x),\(p.y)\n" }
    try text.write(toFile: args[3], atomically: true, encoding: .utf8)
}
let kde = try KernelDensity(kernel: .quartic, radiusMeters: 1_000, cellMeters: 100, workers: workers)
let (seconds, grid) = try timed { try kde.grid(points: points) }
print("points: \(n) SYNTHETIC; grid \(grid.columns) × \(grid.rows); workers \(workers)")
print("kernel density (quartic, raw, r = 1 km, cell = 100 m): \(String(format: "%.3f", seconds)) s; sum \(grid.values.reduce(0, +))")
