import Dispatch
import Foundation
import RemnantGeometry
import RemnantStore
import Synchronization

/// Builds hazard areas from incidents: footprints → connected components → one union per
/// component, in parallel → attributes, priority and rank.
///
/// Components are found exactly: two geodesic circles overlap when the geodesic distance between
/// their centres is less than the sum of their radii; candidates come from an STRtree of their
/// lon/lat search boxes, and a union-find joins them transitively. Components share no area, so
/// each is unioned on its own by a worker with its own GEOS context, and no merge is needed.
/// Unions are planar in lon/lat over ≤ 0.1%-accurate geodesic rings (edges of a few metres to a
/// few hundred metres, where the difference from geodesic edges is far below the ring's own
/// tolerance); areas and perimeters are then measured geodesically (`geod_polygonarea`).
public struct HazardAreaBuilder: Sendable {
    public var marginMeters: Double
    public var includeStockpiles: Bool
    public var workers: Int

    public init(marginMeters: Double = HazardFootprint.defaultMarginMeters, includeStockpiles: Bool = false,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.marginMeters = marginMeters
        self.includeStockpiles = includeStockpiles
        self.workers = max(1, workers)
    }

    public func build(_ incidents: [Incident], catalog: MunitionCatalog, gazetteer: Gazetteer?) throws -> [HazardArea] {
        guard marginMeters.isFinite, marginMeters >= 0 else {
            throw AnalysisError.invalidOption(name: "--margin", value: "\(marginMeters)", reason: "must be a finite distance ≥ 0")
        }
        let kept = incidents.filter { includeStockpiles || $0.siteType != .stockpile }.sorted { $0.id < $1.id }
        let footprints = try kept.map { i throws(AnalysisError) in try HazardFootprint(incident: i, catalog: catalog, marginMeters: marginMeters) }
        let components = try Self.components(of: footprints)
        let geometries = try unionInParallel(components.map { $0.map { footprints[$0] } })
        var areas: [HazardArea] = []
        for (members, geometry) in zip(components, geometries) {
            let group = members.map { kept[$0] }
            areas.append(try Self.attributes(of: group, geometry: geometry, catalog: catalog, gazetteer: gazetteer))
        }
        // Rank by priority, highest first; ties by id so the order is stable.
        areas.sort { ($0.priorityScore, $1.id) > ($1.priorityScore, $0.id) }
        for i in areas.indices { areas[i].priorityRank = i + 1 }
        return areas
    }

    // MARK: - Components

    /// Groups of footprint indices whose circles overlap, transitively; each group sorted, groups
    /// ordered by their first index.
    static func components(of footprints: [HazardFootprint]) throws -> [[Int]] {
        var parent = Array(footprints.indices)
        func find(_ i: Int) -> Int {
            var r = i
            while parent[r] != r { r = parent[r] }
            var c = i
            while parent[c] != r { (parent[c], c) = (r, parent[c]) }
            return r
        }
        let context = GEOSContext()
        let tree = STRtree(context: context)
        var boxes: [[BoundingBox]] = []
        for (i, f) in footprints.enumerated() {
            let b = Geodesic.searchBoxes(around: f.center, meters: f.radiusMeters)
            boxes.append(b)
            for box in b { try tree.insert(box, item: i) }
        }
        if !footprints.isEmpty {
            for (i, f) in footprints.enumerated() {
                for box in boxes[i] {
                    for j in try tree.query(box) where j > i {
                        let g = footprints[j]
                        if Geodesic.wgs84.distanceMeters(f.center, g.center) < f.radiusMeters + g.radiusMeters {
                            let (a, b) = (find(i), find(j))
                            if a != b { parent[max(a, b)] = min(a, b) }
                        }
                    }
                }
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in footprints.indices { groups[find(i), default: []].append(i) }
        return groups.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    // MARK: - Parallel union

    struct UnionResult: Sendable {
        var polygons: [[[Coordinate]]]
        var areaSquareMeters: Double
        var perimeterMeters: Double
    }

    /// Unions each component's footprints, spreading components over `workers` threads by size
    /// (largest first to the least-loaded worker). Each worker owns its GEOS context.
    func unionInParallel(_ components: [[HazardFootprint]]) throws -> [UnionResult] {
        var buckets = Array(repeating: [Int](), count: min(workers, max(1, components.count)))
        var load = Array(repeating: 0, count: buckets.count)
        for c in components.indices.sorted(by: { (components[$0].count, $1) > (components[$1].count, $0) }) {
            let w = load.indices.min { load[$0] < load[$1] }!
            buckets[w].append(c)
            load[w] += components[c].count
        }
        let results = Mutex<[UnionResult?]>(Array(repeating: nil, count: components.count))
        let failure = Mutex<AnalysisError?>(nil)
        let work = buckets
        DispatchQueue.concurrentPerform(iterations: work.count) { w in
            let context = GEOSContext()
            for c in work[w] {
                do {
                    let r = try Self.union(components[c], context: context)
                    results.withLock { $0[c] = r }
                } catch let error as AnalysisError {
                    failure.withLock { $0 = $0 ?? error }
                    return
                } catch {
                    failure.withLock { $0 = $0 ?? .geometry(context: "hazard area union", message: "\(error)") }
                    return
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.withLock { $0.map { $0! } }
    }

    static func union(_ footprints: [HazardFootprint], context: GEOSContext) throws -> UnionResult {
        let circles = try footprints.map { f in try Geometry.polygon(exterior: try f.ring(), context: context) }
        var merged = circles.count == 1 ? circles[0] : try Geometry.unionAll(circles, context: context)!
        if try !merged.isValid() { merged = try merged.makeValid() }
        let oriented = try merged.orientedForGeoJSON()
        let polygons = try oriented.polygonRings()
        return UnionResult(polygons: polygons, areaSquareMeters: try oriented.geodesicArea(), perimeterMeters: try oriented.geodesicPerimeter())
    }

    // MARK: - Attributes

    static func attributes(of incidents: [Incident], geometry: UnionResult, catalog: MunitionCatalog, gazetteer: Gazetteer?) throws -> HazardArea {
        var delivered = 0, unknownCount = 0
        var low = 0.0, high = 0.0
        for i in incidents {
            let m = try HazardFootprint.munition(for: i, catalog: catalog)
            if let carriers = i.carriers, let load = m.submunitionsPerCarrier {
                let n = carriers * load
                delivered += n
                low += Double(n) * m.failureRateLow
                high += Double(n) * m.failureRateHigh
            } else {
                unknownCount += 1
            }
        }
        let hectares = geometry.areaSquareMeters / 10_000
        var nearest: (Place, Double)?
        if let gazetteer, let centre = centroid(of: geometry.polygons) {
            if let (place, _) = try gazetteer.nearest(to: centre) {
                nearest = (place, distance(from: place.location, to: geometry.polygons))
            }
        }
        // Priority (README "Priority"): (1 + expected remnants per hectare) × 1 / (1 + d / 5 km).
        let perHectare = hectares > 0 ? (low + high) / 2 / hectares : 0
        let proximity = 1 / (1 + (nearest?.1 ?? 50_000) / 5_000)
        let ids = incidents.map(\.id)
        return HazardArea(
            id: stableID(ids),
            hazardClass: incidents.contains { $0.evidence == .direct } ? .cha : .sha,
            polygons: geometry.polygons, areaHectares: hectares, perimeterMeters: geometry.perimeterMeters,
            incidentIDs: ids, firstDate: incidents.map(\.date.firstDay).min() ?? "", lastDate: incidents.map(\.date.lastDay).max() ?? "",
            submunitionsDelivered: delivered, incidentsWithUnknownCount: unknownCount, remnantsLow: low, remnantsHigh: high,
            killed: incidents.compactMap(\.killed).reduce(0, +), injured: incidents.compactMap(\.injured).reduce(0, +),
            nearestPlace: nearest?.0.name, nearestPlaceCountry: nearest?.0.country, nearestPlaceMeters: nearest?.1,
            priorityScore: (1 + perHectare) * proximity, priorityRank: 0)
    }

    /// `HA-` and 12 hex digits of the 64-bit FNV-1a hash of the sorted incident ids joined by
    /// newlines: the same incidents always give the same id.
    static func stableID(_ ids: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in ids.sorted().joined(separator: "\n").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "HA-" + (String(repeating: "0", count: 16 - hex.count) + hex).prefix(12)
    }

    /// Mean of the exterior vertices of the largest polygon: a point near the area's middle for
    /// the nearest-place search (the distance itself is measured to the polygon).
    static func centroid(of polygons: [[[Coordinate]]]) -> Coordinate? {
        guard let ring = polygons.max(by: { $0[0].count < $1[0].count })?.first, ring.count > 1 else { return nil }
        let pts = ring.dropLast()
        return Coordinate(lon: pts.map(\.lon).reduce(0, +) / Double(pts.count), lat: pts.map(\.lat).reduce(0, +) / Double(pts.count))
    }

    /// Geodesic distance in metres from a point to the nearest vertex of the polygons, or 0 when
    /// the point is inside one (ray casting in lon/lat). Vertex spacing is ≤ 4.3% of a footprint
    /// radius, so the nearest vertex is within 0.1% of the radius of the nearest edge point.
    static func distance(from p: Coordinate, to polygons: [[[Coordinate]]]) -> Double {
        for rings in polygons where contains(rings, p) { return 0 }
        var best = Double.infinity
        for rings in polygons { for ring in rings { for v in ring { best = min(best, Geodesic.wgs84.distanceMeters(p, v)) } } }
        return best
    }

    static func contains(_ rings: [[Coordinate]], _ p: Coordinate) -> Bool {
        func inRing(_ ring: [Coordinate]) -> Bool {
            var inside = false
            var j = ring.count - 1
            for i in ring.indices {
                let a = ring[i], b = ring[j]
                if (a.lat > p.lat) != (b.lat > p.lat), p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon { inside.toggle() }
                j = i
            }
            return inside
        }
        guard let shell = rings.first, inRing(shell) else { return false }
        return !rings.dropFirst().contains(where: inRing)
    }
}
