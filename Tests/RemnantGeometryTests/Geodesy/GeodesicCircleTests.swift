import Foundation
import Testing
@testable import RemnantGeometry

@Suite struct GeodesicCircleTests {
    @Test(arguments: [0.0, 36.0, 48.0, 70.0])
    func thousandMetreCircleIsTrueToRadiusAndArea(latitude: Double) throws {
        let center = Coordinate(lon: 37.5, lat: latitude)
        let circle = try GeodesicCircle(center: center, radius: try Distance(meters: 1000))
        let ring = try circle.ring()
        #expect(ring.first == ring.last)
        for vertex in ring {
            let d = Geodesic.wgs84.distanceMeters(center, vertex)
            #expect(abs(d - 1000) <= 0.01, "vertex \(vertex) is \(d) m from the centre")
        }
        let area = Geodesic.wgs84.measureRing(ring)
        #expect(area.signedAreaSquareMeters > 0, "ring must be counter-clockwise (RFC 7946)")
        let relative = abs(area.areaSquareMeters - Double.pi * 1000 * 1000) / (Double.pi * 1000 * 1000)
        #expect(relative <= 0.001, "area error \(relative)")
        // The tolerance is used, not wasted: the polygon is not needlessly dense.
        #expect(relative >= 0.0005)
    }

    @Test func vertexCountFollowsTolerance() throws {
        #expect(try GeodesicCircle.vertexCount(maxAreaError: 0.001) == 84)
        #expect(try GeodesicCircle.vertexCount(maxAreaError: 0.01) == 28)
        #expect(try GeodesicCircle.vertexCount(maxAreaError: 0.0001) > 84)
        #expect(throws: GeometryError.self) { try GeodesicCircle.vertexCount(maxAreaError: 0) }
        #expect(throws: GeometryError.self) { try GeodesicCircle.vertexCount(maxAreaError: .nan) }
    }

    @Test func tighterToleranceIsMoreAccurate() throws {
        let circle = try GeodesicCircle(center: .init(lon: 44.1129, lat: 41.9853), radius: try .init(parsing: "500m"))
        let ring = try circle.ring(maxAreaError: 0.0001)
        let relative = 1 - Geodesic.wgs84.measureRing(ring).areaSquareMeters / circle.nominalAreaSquareMeters
        #expect(relative <= 0.0001)
        #expect(relative > 0)
    }

    @Test func rejectsDegenerateAndUnrepresentableCircles() throws {
        #expect(throws: GeometryError.self) { try GeodesicCircle(center: .init(lon: 0, lat: 0), radius: .zero) }
        #expect(throws: GeometryError.self) { try GeodesicCircle(center: .init(lon: 200, lat: 0), radius: try .init(meters: 5)) }
        let polar = try GeodesicCircle(center: .init(lon: 0, lat: 89.99), radius: try .init(meters: 5000))
        #expect(throws: GeometryError.self) { try polar.ring() }
        let dateline = try GeodesicCircle(center: .init(lon: 179.999, lat: 0), radius: try .init(meters: 5000))
        #expect(throws: GeometryError.self) { try dateline.ring() }
    }

    @Test func ellipseHasItsAxesAndArea() throws {
        let center = Coordinate(lon: 36.6339, lat: 35.9306)
        let ellipse = try GeodesicEllipse(center: center, semiMajor: try .init(meters: 800), semiMinor: try .init(meters: 300), azimuthDegrees: 60)
        let ring = try ellipse.ring()
        // Vertex 0 lies on the major axis, at azimuth 60°; a quarter turn later, the minor axis.
        let first = Geodesic.wgs84.inverse(from: center, to: ring[0])
        #expect(abs(first.distanceMeters - 800) < 0.01)
        #expect(abs(first.initialAzimuth - 60) < 1e-6)
        let quarter = Geodesic.wgs84.inverse(from: center, to: ring[(ring.count - 1) / 4])
        #expect(abs(quarter.distanceMeters - 300) < 0.01)
        #expect(abs(quarter.initialAzimuth - (60 - 90)) < 1e-6)
        for v in ring {
            let d = Geodesic.wgs84.distanceMeters(center, v)
            #expect(d >= 300 - 0.01 && d <= 800 + 0.01)
        }
        let m = Geodesic.wgs84.measureRing(ring)
        #expect(m.signedAreaSquareMeters > 0)
        #expect(abs(m.areaSquareMeters - ellipse.nominalAreaSquareMeters) / ellipse.nominalAreaSquareMeters <= 0.001)
        #expect(throws: GeometryError.self) {
            try GeodesicEllipse(center: center, semiMajor: try .init(meters: 100), semiMinor: try .init(meters: 300), azimuthDegrees: 0)
        }
    }

    @Test func overlappingCirclesUnionMatchesLensFormula() throws {
        // Two r = 1000 m circles with centres d = 1200 m apart (east-west at Gori). The lens (overlap)
        // of two equal circles has area 2r²·acos(d/2r) − (d/2)·√(4r² − d²); the union is 2πr² − lens.
        let r = 1000.0, d = 1200.0
        let lens = 2 * r * r * acos(d / (2 * r)) - (d / 2) * (4 * r * r - d * d).squareRoot()
        let expected = 2 * Double.pi * r * r - lens

        let context = GEOSContext()
        let a = Coordinate(lon: 44.1129, lat: 41.9853)
        let b = Geodesic.wgs84.direct(from: a, azimuthDegrees: 90, distanceMeters: d)
        // Union in the local azimuthal equidistant frame (exact distances from the centre), then back.
        let proj = PROJContext()
        let local = try LocalMetricCRS(center: a).transformer(in: proj)
        let circles = try [a, b].map { c in
            let ring = try GeodesicCircle(center: c, radius: try .init(meters: r)).ring()
            return try Geometry.polygon(exterior: try local.transform(ring), context: context)
        }
        let union = try circles[0].union(circles[1])
        #expect(union.type == .polygon)
        let lonLat = try Geometry.polygon(exterior: try local.transform(try union.rings()[0], inverse: true), context: context)
        let area = try lonLat.geodesicArea()
        #expect(abs(area - expected) / expected <= 0.002, "union \(area) m² vs lens formula \(expected) m²")
        // The planar union in the metric frame agrees with the geodesic area of the same shape.
        #expect(abs(try union.area() - area) / area < 1e-5)
    }
}
