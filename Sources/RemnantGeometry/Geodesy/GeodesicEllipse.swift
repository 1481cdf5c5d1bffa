import Foundation

/// A geodesic ellipse: a strike footprint elongated along the attack direction.
///
/// Vertices are placed at parametric angle t as the point at geodesic distance √(u² + v²) and
/// azimuth θ + atan2(v, u) from the centre, where u = a·cos t runs along the major axis (azimuth θ)
/// and v = b·sin t across it. That is the ellipse in the azimuthal equidistant frame of the centre,
/// which is exact for distances and azimuths from the centre. With a = b it is ``GeodesicCircle``.
public struct GeodesicEllipse: Hashable, Sendable {
    public let center: Coordinate
    public let semiMajor: Distance
    public let semiMinor: Distance
    /// Azimuth of the major axis, degrees clockwise from north.
    public let azimuthDegrees: Double

    public init(center: Coordinate, semiMajor: Distance, semiMinor: Distance, azimuthDegrees: Double) throws(GeometryError) {
        guard center.isValidLonLat else {
            throw .invalidArgument(name: "ellipse centre", value: "\(center)", reason: "not a WGS84 lon/lat")
        }
        guard semiMinor.meters > 0, semiMajor >= semiMinor else {
            throw .invalidArgument(name: "ellipse axes", value: "\(semiMajor) × \(semiMinor)",
                                   reason: "need semi-major ≥ semi-minor > 0")
        }
        guard azimuthDegrees.isFinite else {
            throw .invalidArgument(name: "ellipse azimuth", value: "\(azimuthDegrees)", reason: "must be finite")
        }
        self.center = center
        self.semiMajor = semiMajor
        self.semiMinor = semiMinor
        self.azimuthDegrees = azimuthDegrees
    }

    /// The closed counter-clockwise ring in lon/lat, with the vertex count of ``GeodesicCircle/vertexCount(maxAreaError:)``.
    public func ring(maxAreaError: Double = GeodesicCircle.defaultMaxAreaError) throws(GeometryError) -> [Coordinate] {
        let n = try GeodesicCircle.vertexCount(maxAreaError: maxAreaError)
        let a = semiMajor.meters, b = semiMinor.meters
        // Increasing t with v to the right of the axis turns clockwise; walk t downwards for CCW.
        let points = (0..<n).map { k in
            let t = -2 * Double.pi * Double(k) / Double(n)
            let u = a * cos(t), v = b * sin(t)
            let azimuth = azimuthDegrees + atan2(v, u) * 180 / .pi
            return Geodesic.wgs84.direct(from: center, azimuthDegrees: azimuth, distanceMeters: (u * u + v * v).squareRoot())
        }
        try GeodesicCircle.checkRepresentable(points, center: center, reach: a)
        return points + [points[0]]
    }

    /// The footprint as a GEOS polygon in lon/lat.
    public func polygon(context: GEOSContext, maxAreaError: Double = GeodesicCircle.defaultMaxAreaError) throws(GeometryError) -> Geometry {
        try .polygon(exterior: ring(maxAreaError: maxAreaError), context: context)
    }

    /// π·a·b, the planar area of the ellipse.
    public var nominalAreaSquareMeters: Double { .pi * semiMajor.meters * semiMinor.meters }
}
