import Testing
@testable import RemnantGeometry

@Suite struct GeometryPredicatesTests {
    let context = GEOSContext()

    @Test func containsCoversIntersectsDiffer() throws {
        let square = try Geometry(wkt: "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))", context: context)
        let inside = try Geometry.point(.init(x: 2, y: 2), context: context)
        let onEdge = try Geometry.point(.init(x: 4, y: 2), context: context)
        let outside = try Geometry.point(.init(x: 5, y: 2), context: context)
        #expect(try square.contains(inside) && square.covers(inside) && square.intersects(inside))
        // A boundary point is covered and intersects, but is not contained (OGC/DE-9IM).
        #expect(try !square.contains(onEdge) && square.covers(onEdge) && square.intersects(onEdge))
        #expect(try !square.covers(outside) && !square.intersects(outside))
        #expect(try inside.within(square))
    }

    @Test func preparedAgreesWithPlain() throws {
        let zone = try GeodesicCircle(center: .init(lon: 44.1129, lat: 41.9853), radius: try .init(meters: 500)).polygon(context: context)
        let prepared = try PreparedGeometry(zone)
        var generator = SplitMix64(seed: 42)
        for _ in 0..<500 {
            let c = Coordinate(lon: 44.1129 + generator.uniform(-0.01, 0.01), lat: 41.9853 + generator.uniform(-0.01, 0.01))
            let point = try Geometry.point(c, context: context)
            #expect(try prepared.intersects(point) == zone.intersects(point))
            #expect(try prepared.contains(point) == zone.contains(point))
            #expect(try prepared.covers(point) == zone.covers(point))
            #expect(try prepared.intersects(c) == zone.intersects(point))
        }
    }
}

/// A small deterministic generator so test data is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double {
        lo + (hi - lo) * Double(next() >> 11) / Double(1 << 53)
    }
}
