import Foundation

/// All points within `radius` of `center`, measured along geodesics on WGS84: a hazard footprint.
///
/// The polygon's vertices lie on the true circle (each exactly `radius` from the centre by
/// `geod_direct`), so the polygon is inscribed: it under-covers the circle by at most
/// `maxAreaError` of its area, and its edges fall inside the circle by at most
/// r·(1 − cos(π/n)) (0.07% of r for the default 0.1%). Add a margin when that matters.
public struct GeodesicCircle: Hashable, Sendable {
    public let center: Coordinate
    public let radius: Distance

    public init(center: Coordinate, radius: Distance) throws(GeometryError) {
        guard center.isValidLonLat else {
            throw .invalidArgument(name: "circle centre", value: "\(center)", reason: "not a WGS84 lon/lat")
        }
        guard radius.meters > 0 else {
            throw .invalidArgument(name: "circle radius", value: "\(radius)", reason: "must be greater than zero")
        }
        self.center = center
        self.radius = radius
    }

    /// The default tolerance: the polygon's area is at most 0.1% below the circle's.
    public static let defaultMaxAreaError = 0.001

    /// The smallest vertex count n (a multiple of 4, at least 8) for which a regular n-gon inscribed
    /// in a circle has area error 1 − n·sin(2π/n)/(2π) ≤ `maxAreaError`. 0.1% gives 84.
    /// The same bound holds for an ellipse sampled at equal parametric angles (an affine image).
    public static func vertexCount(maxAreaError: Double) throws(GeometryError) -> Int {
        guard maxAreaError.isFinite, maxAreaError > 0, maxAreaError < 0.5 else {
            throw .invalidArgument(name: "area tolerance", value: "\(maxAreaError)", reason: "must be in (0, 0.5)")
        }
        var n = 8
        while 1 - Double(n) * sin(2 * .pi / Double(n)) / (2 * .pi) > maxAreaError {
            n += 4
        }
        return n
    }

    /// The closed counter-clockwise ring (RFC 7946 exterior orientation), lon/lat degrees.
    /// - Throws: when the circle would contain a pole or cross the antimeridian, which a lon/lat
    ///   ring cannot represent simply.
    public func ring(maxAreaError: Double = defaultMaxAreaError) throws(GeometryError) -> [Coordinate] {
        let n = try Self.vertexCount(maxAreaError: maxAreaError)
        // Decreasing azimuth (clockwise from north) walks the ring counter-clockwise.
        let points = (0..<n).map { k in
            Geodesic.wgs84.direct(from: center, azimuthDegrees: 360 - 360 * Double(k) / Double(n), distanceMeters: radius.meters)
        }
        try Self.checkRepresentable(points, center: center, reach: radius.meters)
        return points + [points[0]]
    }

    /// The footprint as a GEOS polygon in lon/lat.
    public func polygon(context: GEOSContext, maxAreaError: Double = defaultMaxAreaError) throws(GeometryError) -> Geometry {
        try .polygon(exterior: ring(maxAreaError: maxAreaError), context: context)
    }

    /// π·r², the area of a disc of this radius on a plane; the geodesic circle on the ellipsoid is
    /// smaller by about π·r⁴·K/12 (K the Gaussian curvature): 1e-8 relative at 1 km.
    public var nominalAreaSquareMeters: Double { .pi * radius.meters * radius.meters }

    static func checkRepresentable(_ points: [Coordinate], center: Coordinate, reach: Double) throws(GeometryError) {
        let toNorth = Geodesic.wgs84.distanceMeters(center, Coordinate(lon: center.lon, lat: 90))
        let toSouth = Geodesic.wgs84.distanceMeters(center, Coordinate(lon: center.lon, lat: -90))
        if reach >= min(toNorth, toSouth) {
            throw .invalidArgument(name: "footprint", value: "\(center)", reason: "reaches a pole; not representable as a lon/lat ring")
        }
        if let lo = points.map(\.lon).min(), let hi = points.map(\.lon).max(), hi - lo > 180 {
            throw .invalidArgument(name: "footprint", value: "\(center)", reason: "crosses the antimeridian; split the area first")
        }
    }
}
