// Latency of `--near LON,LAT --radius 5km` queries on a store (the same call `remnant query`
// makes: R-tree candidates, then exact geodesic distances on WGS84).
//
// usage: NearQueryBenchmark STORE.gpkg [QUERIES] [RADIUS_M]
// Query centres are drawn (seeded, reproducible) from the store's own incident locations, so
// every query lands where data is, as a field team's would.
import BenchmarkSupport
import Foundation
import RemnantGeometry
import RemnantStore

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: NearQueryBenchmark STORE.gpkg [QUERIES] [RADIUS_M]\n".utf8))
    exit(64)
}
let store = try IncidentStore(path: arguments[1])
let queries = arguments.count > 2 ? Int(arguments[2]) ?? 2000 : 2000
let radius = arguments.count > 3 ? Double(arguments[3]) ?? 5000 : 5000
let total = try store.count()

// Centres: every k-th incident's location, k chosen so the sample spans the store.
var centres: [Coordinate] = []
var random = SeededRandom(seed: 0x5EED)
for match in try store.nearest(to: Coordinate(lon: 37.0, lat: 48.0), k: min(total, 5000)) {
    centres.append(match.incident.location)
}
precondition(!centres.isEmpty, "the store is empty")

// Warm up the page cache, then measure.
for c in centres.prefix(50) {
    var q = IncidentFilter()
    q.near = (c, radius)
    _ = try store.incidents(matching: q)
}
var latencies: [Double] = []
var cpu: [Double] = []
var processCPU: [Double] = []
var found = 0
for _ in 0..<queries {
    let c = centres[Int(random.unit() * Double(centres.count))]
    let centre = Coordinate(lon: c.lon + (random.unit() - 0.5) * 0.02, lat: c.lat + (random.unit() - 0.5) * 0.02)
    var q = IncidentFilter()
    q.near = (centre, radius)
    var cpuSeconds = 0.0, processSeconds = 0.0
    let (seconds, count) = try timed {
        let (p, (c, n)) = try processCPUTimed { try threadCPUTimed { try store.incidents(matching: q).count } }
        cpuSeconds = c
        processSeconds = p
        return n
    }
    found += count
    latencies.append(seconds * 1000)
    cpu.append(cpuSeconds * 1000)
    processCPU.append(processSeconds * 1000)
}
let sorted = latencies.sorted()
func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))] }
print("store: \(arguments[1]) (\(total) incidents)")
print("queries: \(queries) × near radius \(Int(radius)) m; mean results per query: \(String(format: "%.1f", Double(found) / Double(queries)))")
print(String(format: "latency ms: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f", percentile(0.5), percentile(0.9), percentile(0.99), sorted.last!))
// GRDB runs the read on its own queue, but DatabasePool.read is synchronous on the calling
// thread's behalf (Dispatch sync runs the block on this thread), so this thread's CPU time is the
// reading thread's. Queries with many candidates also decode on a helper thread: the process CPU
// time counts both (and anything else the process runs meanwhile, which here is nothing).
let cpuSorted = cpu.sorted()
print(String(format: "CPU ms (this thread): p50 %.3f  p99 %.3f", cpuSorted[cpuSorted.count / 2], cpuSorted[min(cpuSorted.count - 1, Int(0.99 * Double(cpuSorted.count)))]))
let processSorted = processCPU.sorted()
print(String(format: "CPU ms (whole process): p50 %.3f  p99 %.3f", processSorted[processSorted.count / 2], processSorted[min(processSorted.count - 1, Int(0.99 * Double(processSorted.count)))]))
