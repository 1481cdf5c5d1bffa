import Testing
@testable import RemnantGeometry

@Suite struct GeometryOverlayTests {
    let context = GEOSContext()

    func square(_ x: Double, _ y: Double, _ size: Double) throws -> Geometry {
        try .polygon(exterior: [.init(x: x, y: y), .init(x: x + size, y: y), .init(x: x + size, y: y + size),
                                .init(x: x, y: y + size), .init(x: x, y: y)], context: context)
    }

    @Test func setOperationsOnSquares() throws {
        let a = try square(0, 0, 2), b = try square(1, 1, 2)
        #expect(try a.union(b).area() == 7)
        #expect(try a.intersection(b).area() == 1)
        #expect(try a.difference(b).area() == 3)
        let all = try #require(try Geometry.unionAll([a, b, try square(10, 10, 1)], context: context))
        #expect(try all.area() == 8)
        #expect(all.type == .multiPolygon)
        #expect(try Geometry.unionAll([], context: context) == nil)
    }

    @Test(arguments: [(8, 0.0064), (32, 0.0004)])
    func bufferAreaApproachesCircle(segments: Int, expectedError: Double) throws {
        // Buffer area shortfall against π·r² by quadrant segments: 8 → 0.64%, 32 → 0.04%.
        let p = try Geometry.point(.init(x: 0, y: 0), context: context)
        let circle = try p.buffer(1000, quadrantSegments: segments)
        let error = 1 - (try circle.area()) / (Double.pi * 1000 * 1000)
        #expect(abs(error - expectedError) < expectedError * 0.05)
    }

    @Test func bufferRejectsNonFiniteDistance() throws {
        let p = try Geometry.point(.init(x: 0, y: 0), context: context)
        #expect(throws: GeometryError.self) { _ = try p.buffer(.infinity) }
    }

    @Test func measurementsAndEnvelope() throws {
        let line = try Geometry(wkt: "LINESTRING (0 0, 3 4, 3 10)", context: context)
        #expect(try line.length() == 11)
        #expect(try line.boundingBox() == BoundingBox(minX: 0, minY: 0, maxX: 3, maxY: 10))
        #expect(try line.envelope().area() == 30)
        #expect(try Geometry(wkt: "POINT EMPTY", context: context).boundingBox() == nil)
        let p = try Geometry.point(.init(x: 6, y: 4), context: context)
        #expect(try p.distance(to: line) == 3)
        #expect(try square(0, 0, 2).centroid().coordinates() == [Coordinate(x: 1, y: 1)])
    }
}
