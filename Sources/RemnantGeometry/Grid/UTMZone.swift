/// A UTM zone and hemisphere on WGS84, chosen as MGRS and GeographicLib's `UTMUPS::StandardZone`
/// choose it: 6° zones from 180° W, with the Norway exception (band V, 3°–12° E is zone 32) and
/// the Svalbard exceptions (band X, 0°–42° E: zones 31, 33, 35 and 37 only, 9°/12° wide).
///
/// UTM covers 80° S up to (not including) 84° N, as GeographicLib uses it; the polar UPS caps
/// are refused (``init(containing:)`` throws).
public struct UTMZone: Hashable, Sendable, CustomStringConvertible {
    /// 1…60.
    public let number: Int
    public let isNorth: Bool

    public init(number: Int, isNorth: Bool) throws(GeometryError) {
        guard (1...60).contains(number) else {
            throw .invalidArgument(name: "UTM zone", value: "\(number)", reason: "must be 1…60")
        }
        self.number = number
        self.isNorth = isNorth
    }

    /// The standard zone of a WGS84 lon/lat, with the Norway and Svalbard exceptions.
    /// - Throws: ``GeometryError/invalidArgument(name:value:reason:)`` outside 80° S…84° N (UPS).
    public init(containing c: Coordinate) throws(GeometryError) {
        guard c.isValidLonLat else {
            throw .invalidArgument(name: "coordinate", value: "\(c)", reason: "not a WGS84 lon/lat")
        }
        guard c.lat >= -80, c.lat < 84 else {
            throw .invalidArgument(name: "latitude", value: "\(c.lat)",
                                   reason: "UTM/MGRS covers 80° S to 84° N; the polar caps use UPS, which Remnant does not support")
        }
        // GeographicLib: ilon = floor(lon) in [-180, 180); zone = (ilon + 186) / 6.
        var ilon = Int(c.lon.rounded(.down))
        if ilon >= 180 { ilon -= 360 }
        var zone = (ilon + 186) / 6
        let band = MGRS.latitudeBandIndex(c.lat)
        if band == 7, zone == 31, ilon >= 3 {
            zone = 32  // Norway: band V, 3°–12° E
        } else if band == 9, ilon >= 0, ilon < 42 {
            zone = 2 * ((ilon + 183) / 12) + 1  // Svalbard: band X, zones 31/33/35/37
        }
        self.number = zone
        self.isNorth = c.lat >= 0
    }

    /// `EPSG:326NN` (north) or `EPSG:327NN` (south): WGS84 / UTM.
    public var epsg: String { "EPSG:\(isNorth ? 326 : 327)\(number < 10 ? "0" : "")\(number)" }

    /// The central meridian in degrees east.
    public var centralMeridian: Double { Double(number * 6 - 183) }

    /// `+proj=utm +zone=NN [+south] +datum=WGS84 …`.
    public var projString: String {
        "+proj=utm +zone=\(number)\(isNorth ? "" : " +south") +datum=WGS84 +units=m +no_defs +type=crs"
    }

    /// The transformer from WGS84 lon/lat to this zone's easting/northing, cached on `context`.
    public func transformer(in context: PROJContext) throws(GeometryError) -> CoordinateTransformer {
        try context.transformer(from: "EPSG:4326", to: epsg)
    }

    /// `38N`, `21S`.
    public var description: String { "\(number)\(isNorth ? "N" : "S")" }
}
