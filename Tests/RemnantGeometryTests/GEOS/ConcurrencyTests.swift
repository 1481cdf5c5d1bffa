import Testing
@testable import RemnantGeometry

/// Geometry crosses tasks as WKB; every task makes its own GEOS and PROJ contexts.
@Suite struct ConcurrencyTests {
    @Test func parallelBuffersWithPerTaskContextsMatchSerial() async throws {
        let centers = (0..<64).map { Coordinate(lon: 44 + Double($0) * 0.01, lat: 42) }
        func footprintWKB(_ c: Coordinate) throws -> WKBBytes {
            let context = GEOSContext()
            return try GeodesicCircle(center: c, radius: try .init(meters: 300)).polygon(context: context).wkb()
        }
        let serial = try centers.map(footprintWKB)
        let parallel = try await withThrowingTaskGroup(of: (Int, WKBBytes).self) { group in
            for (i, c) in centers.enumerated() {
                group.addTask { (i, try footprintWKB(c)) }
            }
            var out = [WKBBytes?](repeating: nil, count: centers.count)
            for try await (i, wkb) in group { out[i] = wkb }
            return out.compactMap { $0 }
        }
        #expect(parallel == serial)
        let context = GEOSContext()
        let union = try #require(try Geometry.unionAll(parallel.map { try Geometry(wkb: $0, context: context) }, context: context))
        #expect(try union.isValid())
    }
}
