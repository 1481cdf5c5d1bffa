// Hazard-area benchmark: N SYNTHETIC incidents clustered around real towns of SY, UA and GE
// (GeoNames places from GeoData/places.csv), with a mix of munitions (footprint radii 200–400 m)
// and location uncertainties (0, 250 or 1,000 m). Runs Remnant's HazardAreaBuilder and writes the
// exact footprints (lon, lat, radius_m) so shapely can do the same work (zones_shapely.py).
//
// usage: ZonesBenchmark N OUT_FOOTPRINTS.csv [WORKERS]
import BenchmarkSupport
import Foundation
import RemnantAnalysis
import RemnantGeometry
import RemnantStore

let args = CommandLine.arguments
guard args.count >= 3, let n = Int(args[1]) else {
    FileHandle.standardError.write(Data("usage: ZonesBenchmark N OUT_FOOTPRINTS.csv [WORKERS]\n".utf8))
    exit(64)
}
let workers = args.count > 3 ? Int(args[3]) ?? 2 : ProcessInfo.processInfo.activeProcessorCount
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let catalog = try MunitionCatalog(url: root.appendingPathComponent("GeoData/munitions.csv"))
let places = try Gazetteer(url: root.appendingPathComponent("GeoData/places.csv")).places().filter { ["SY", "UA", "GE"].contains($0.country) }

var random = SeededRandom(seed: 20261122)
let munitions = ["rbk-500-ao-2.5rt", "uragan-9m27k", "lar160-m85", "smerch-9m55k", "unknown-rocket"]
let uncertainties: [Double] = [0, 250, 1_000]
// Clusters: 2,000 towns, incidents within ~3 km of their town (a strike pattern around towns).
let towns = (0..<2_000).map { _ in places[Int(random.unit() * Double(places.count))] }
var incidents: [Incident] = []
incidents.reserveCapacity(n)
for i in 0..<n {
    let town = towns[Int(random.unit() * Double(towns.count))]
    let c = Geodesic.wgs84.direct(from: town.location, azimuthDegrees: random.unit() * 360, distanceMeters: random.unit() * 3_000)
    incidents.append(Incident(
        id: String(format: "SYN-%07d", i), date: try IncidentDate(parsing: "2015-01-01"), country: town.country, location: c,
        geoPrecision: .place, uncertaintyMeters: uncertainties[Int(random.unit() * 3)], munition: munitions[Int(random.unit() * Double(munitions.count))],
        delivery: .unknown, evidence: .indirect, notes: "SYNTHETIC benchmark record", sources: [IncidentSource(organisation: "synthetic")]))
}

// The footprints both sides use (radius = catalog footprint + uncertainty + 100 m margin).
var text = "lon,lat,radius_m\n"
for i in incidents {
    let f = try HazardFootprint(incident: i, catalog: catalog, marginMeters: HazardFootprint.defaultMarginMeters)
    text += "\(f.center.lon),\(f.center.lat),\(f.radiusMeters)\n"
}
try text.write(toFile: args[2], atomically: true, encoding: .utf8)

let (seconds, areas) = try timed { try HazardAreaBuilder(workers: workers).build(incidents, catalog: catalog, gazetteer: nil) }
let totalHa = areas.reduce(0) { $0 + $1.areaHectares }
print("incidents: \(n) SYNTHETIC; workers: \(workers)")
print("remnant zones: \(String(format: "%.3f", seconds)) s, \(areas.count) areas, total geodesic area \(String(format: "%.2f", totalHa)) ha")
