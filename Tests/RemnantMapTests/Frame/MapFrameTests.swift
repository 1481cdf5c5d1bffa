import Foundation
import RemnantGeometry
@testable import RemnantMap
import Testing

@Suite struct MapFrameTests {
    static let rect = Rect(x: 50, y: 60, width: 500, height: 400)

    /// The scale bar is true at the centre: a geodesic of L metres through the frame centre,
    /// east–west, spans L × k / (metres per point) on the page, the bar's own length for L.
    @Test(arguments: [
        MapProjection.lambertEqualArea(center: Coordinate(lon: 44.1, lat: 42)),
        MapProjection.utm(try! UTMZone(containing: Coordinate(lon: 44.1, lat: 41.98))),
    ])
    func scaleBarIsTrueAtTheCentre(projection: MapProjection) throws {
        let box = BoundingBox(minX: 43.8, minY: 41.8, maxX: 44.4, maxY: 42.2)
        let frame = try MapFrame.covering(box, projection: projection, rect: Self.rect, margin: 0, context: PROJContext())
        let k = try frame.scaleFactorAtCenter()
        let c = try frame.centerLonLat()
        let length = 10_000.0
        let a = try frame.project(Geodesic.wgs84.direct(from: c, azimuthDegrees: 270, distanceMeters: length / 2))
        let b = try frame.project(Geodesic.wgs84.direct(from: c, azimuthDegrees: 90, distanceMeters: length / 2))
        let onPage = hypot(b.x - a.x, b.y - a.y)
        #expect(abs(onPage / (length * k / frame.metersPerPoint) - 1) < 1e-4)
        switch projection {
        case .lambertEqualArea: #expect(abs(k - 1) < 1e-6)  // centred: no scale error at the centre
        case .utm: #expect(k > 0.9996 && k < 1.0008)         // UTM: 0.9996 on the central meridian
        }
    }

    @Test func northArrowFollowsTheMeridianConvergence() throws {
        let proj = PROJContext()
        let box = BoundingBox(minX: 44.0, minY: 41.9, maxX: 44.2, maxY: 42.1)
        let laea = try MapFrame.covering(box, projection: .lambertEqualArea(center: Coordinate(lon: 44.1, lat: 42)), rect: Self.rect, margin: 0, context: proj)
        #expect(abs(try laea.northAngleAtCenter()) < 1e-6)
        // UTM 38N, central meridian 45° E: convergence γ ≈ atan(tan(Δλ)·sin φ). West of the
        // central meridian the meridian runs up towards the pole on that meridian, so true north
        // lies clockwise (east) of grid north: a positive angle.
        let utm = try MapFrame.covering(box, projection: .utm(try UTMZone(containing: Coordinate(lon: 44.1, lat: 42))), rect: Self.rect, margin: 0, context: proj)
        let c = try utm.centerLonLat()
        let expected = atan(tan((45 - c.lon) * .pi / 180) * sin(c.lat * .pi / 180))
        let angle = try utm.northAngleAtCenter()
        #expect(abs(angle - expected) < 1e-4, "\(angle) vs \(expected)")
    }

    @Test func pageAndMetresRoundTripAndContentFits() throws {
        let box = BoundingBox(minX: 35, minY: 32, maxX: 43, maxY: 38)
        let frame = try MapFrame.covering(box, projection: .lambertEqualArea(center: Coordinate(lon: 39, lat: 35)), rect: Self.rect, margin: 0.02, context: PROJContext())
        for lonLat in [Coordinate(lon: 35, lat: 32), Coordinate(lon: 43, lat: 38), Coordinate(lon: 39, lat: 35)] {
            let p = try frame.project(lonLat)
            #expect(Self.rect.contains(p))
            let back = try frame.lonLat(p)
            // PROJ's laea inverse goes through the authalic latitude series: about 1 mm here.
            #expect(abs(back.lon - lonLat.lon) < 1e-7 && abs(back.lat - lonLat.lat) < 1e-7, "\(back) vs \(lonLat)")
        }
        // One scale both ways: the extent has the rectangle's aspect.
        #expect(abs(frame.extent.width / frame.extent.height - Self.rect.width / Self.rect.height) < 1e-9)
    }
}
