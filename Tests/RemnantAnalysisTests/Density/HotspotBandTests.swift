import Foundation
import Testing
import RemnantGeometry
@testable import RemnantAnalysis

@Suite struct HotspotBandTests {
    static let gori = Coordinate(lon: 44.1129, lat: 41.9853)

    /// One point, raw quartic kernel (1 − (d/r)²)²: the region {v ≥ L} is the disc of radius
    /// r·√(1 − √L), so its area is π r² (1 − √L). The traced bands match that published formula
    /// to 0.5% (50 m cells, 5 km radius), measured geodesically after unprojecting.
    @Test func singlePointBandsMatchTheKernelFormula() throws {
        let r = 5_000.0
        let s = try KernelDensity(radiusMeters: r, cellMeters: 50).surface(lonLat: [Self.gori])
        let levels = [0.1, 0.4, 0.8]
        let bands = try s.hotspotBands(levels: levels)
        func disc(_ l: Double) -> Double { Double.pi * r * r * (1 - l.squareRoot()) / 10_000 }
        for (i, b) in bands.enumerated() {
            let expected = disc(levels[i]) - (i + 1 < levels.count ? disc(levels[i + 1]) : 0)
            #expect(abs(b.areaHectares - expected) / expected < 0.005, "band \(b.index): \(b.areaHectares) ha vs \(expected) ha")
        }
        // The two lower bands are annuli (one hole each), the top one a disc.
        #expect(bands[0].polygons.count == 1 && bands[0].polygons[0].count == 2)
        #expect(bands[2].polygons.count == 1 && bands[2].polygons[0].count == 1)
        #expect(bands[2].upperLevel == nil && bands[0].upperLevel == 0.4)
    }

    /// Several overlapping kernels: every band is valid, bands are disjoint, and the superlevel
    /// sets they come from are nested ({v ≥ b} inside {v ≥ a} for a < b).
    @Test func bandsAreValidDisjointAndNested() throws {
        let points = [Self.gori, Coordinate(lon: 44.14, lat: 41.99), Coordinate(lon: 44.05, lat: 42.02), Coordinate(lon: 44.2, lat: 41.95)]
        let s = try KernelDensity(radiusMeters: 4_000, cellMeters: 100).surface(lonLat: points, weights: [1, 2, 1, 0.5])
        let levels = try s.levels(atQuantiles: [0.25, 0.5, 0.75, 0.95])
        let bands = try s.hotspotBands(levels: levels, quantiles: [0.25, 0.5, 0.75, 0.95])
        #expect(bands.count == 4 && bands.map(\.quantile) == [0.25, 0.5, 0.75, 0.95])
        let geos = GEOSContext()
        func geometry(_ b: HotspotBand) throws -> Geometry {
            let parts = try b.polygons.map { try Geometry.polygon(exterior: $0[0], holes: Array($0.dropFirst()), context: geos) }
            return try Geometry.collection(.multiPolygon, of: parts, context: geos)
        }
        let shapes = try bands.map(geometry)
        for (b, g) in zip(bands, shapes) {
            let reason = try g.invalidityReason() ?? ""
            #expect(try g.isValid(), "band \(b.index): \(reason)")
            #expect(b.areaHectares > 0)
        }
        for i in shapes.indices {
            for j in shapes.indices where j > i {
                let overlap = try shapes[i].intersection(shapes[j]).area()
                #expect(overlap < 1e-9 * (try shapes[i].area()), "bands \(i + 1) and \(j + 1) overlap")
            }
        }
        // Nesting: the superlevel set at band k (bands k…n) lies inside the one at band k − 1.
        let sets = try (0..<shapes.count).map { k in try Geometry.unionAll(Array(shapes[k...]), context: geos)! }
        for k in 1..<sets.count {
            let outside = try sets[k].difference(sets[k - 1]).area()
            #expect(outside < 1e-9 * (try sets[k].area()), "level \(k + 1) pokes out of level \(k)")
        }
    }

    @Test func quantileLevelsAndBadLevels() throws {
        let s = try KernelDensity(radiusMeters: 1_000, cellMeters: 100).surface(lonLat: [Self.gori])
        let positive = s.grid.values.filter { $0 > 0 }.sorted()
        let median = try s.levels(atQuantiles: [0.5])[0]
        #expect(median == positive[(positive.count + 1) / 2 - 1])
        #expect(throws: AnalysisError.self) { _ = try s.hotspotBands(levels: [0.5, 0.2]) }
        #expect(throws: AnalysisError.self) { _ = try s.hotspotBands(levels: [-1]) }
        #expect(throws: AnalysisError.self) { _ = try s.levels(atQuantiles: [1.5]) }
        #expect(try s.hotspotBands(levels: [2]).first?.polygons.isEmpty == true)   // above the peak: empty band
    }
}
