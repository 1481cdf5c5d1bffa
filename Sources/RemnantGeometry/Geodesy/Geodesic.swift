import CPROJ

/// Geodesics on an ellipsoid, by Karney's algorithms as PROJ ships them (`geodesic.h`: `geod_*`).
/// Results match PROJ's `geod` command and GeographicLib to round-off (about 15 nm).
///
/// Angles are degrees; azimuths are clockwise from north; lengths are metres on the ellipsoid.
/// A plain value (the C struct holds only constants), so it is `Sendable` and cheap to copy.
public struct Geodesic: Sendable {
    private var g: geod_geodesic

    /// Semi-major axis `a` in metres and flattening `f`.
    public init(semiMajorAxisMeters a: Double, flattening f: Double) {
        var g = geod_geodesic()
        geod_init(&g, a, f)
        self.g = g
    }

    /// WGS84: a = 6378137 m, f = 1/298.257223563 (EPSG:7030).
    public static let wgs84 = Geodesic(semiMajorAxisMeters: 6_378_137, flattening: 1 / 298.257223563)

    /// The result of an inverse problem.
    public struct Inverse: Sendable, Hashable {
        /// Geodesic distance in metres.
        public var distanceMeters: Double
        /// Azimuth at the first point, degrees clockwise from north.
        public var initialAzimuth: Double
        /// Azimuth at the second point (forward direction), degrees clockwise from north.
        public var finalAzimuth: Double
    }

    /// Shortest geodesic between two lon/lat points (`geod_inverse`).
    public func inverse(from p1: Coordinate, to p2: Coordinate) -> Inverse {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        withUnsafePointer(to: g) { gp in
            geod_inverse(gp, p1.lat, p1.lon, p2.lat, p2.lon, &s12, &azi1, &azi2)
        }
        return Inverse(distanceMeters: s12, initialAzimuth: azi1, finalAzimuth: azi2)
    }

    /// Geodesic distance in metres between two lon/lat points (`geod_inverse`).
    public func distanceMeters(_ p1: Coordinate, _ p2: Coordinate) -> Double {
        inverse(from: p1, to: p2).distanceMeters
    }

    /// The point `distanceMeters` from `start` along azimuth `azimuthDegrees` (`geod_direct`),
    /// longitude reduced to [-180°, 180°].
    public func direct(from start: Coordinate, azimuthDegrees: Double, distanceMeters: Double) -> Coordinate {
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        withUnsafePointer(to: g) { gp in
            geod_direct(gp, start.lat, start.lon, azimuthDegrees, distanceMeters, &lat2, &lon2, &azi2)
        }
        return Coordinate(lon: lon2, lat: lat2)
    }

    /// Area and perimeter of a polygon ring on the ellipsoid (`geod_polygonarea`).
    public struct RingMeasure: Sendable, Hashable {
        /// Signed area in m²: positive for counter-clockwise rings (as GeographicLib's `Planimeter`).
        public var signedAreaSquareMeters: Double
        /// Perimeter in metres.
        public var perimeterMeters: Double
        public var areaSquareMeters: Double { abs(signedAreaSquareMeters) }
    }

    /// Measures a ring of lon/lat vertices joined by geodesics; a repeated closing vertex is ignored.
    public func measureRing(_ ring: [Coordinate]) -> RingMeasure {
        var points = ring
        if points.count > 1, points.first == points.last { points.removeLast() }
        guard points.count >= 3 else {
            let perimeter = points.count == 2 ? 2 * distanceMeters(points[0], points[1]) : 0
            return RingMeasure(signedAreaSquareMeters: 0, perimeterMeters: perimeter)
        }
        var lats = points.map(\.lat)
        var lons = points.map(\.lon)
        var area = 0.0, perimeter = 0.0
        withUnsafePointer(to: g) { gp in
            lats.withUnsafeMutableBufferPointer { la in
                lons.withUnsafeMutableBufferPointer { lo in
                    geod_polygonarea(gp, la.baseAddress, lo.baseAddress, Int32(points.count), &area, &perimeter)
                }
            }
        }
        return RingMeasure(signedAreaSquareMeters: area, perimeterMeters: perimeter)
    }
}
