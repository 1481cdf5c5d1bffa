/// A position as two numbers in the order GeoJSON uses: `x` then `y`.
///
/// In geographic coordinates (WGS84, EPSG:4326 as Remnant normalises it) `x` is the longitude and
/// `y` the latitude, both in degrees: lon/lat order, everywhere in Remnant. In a projected CRS such
/// as ``LocalMetricCRS`` they are easting and northing in metres.
public struct Coordinate: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// A geographic position; longitude first, as in GeoJSON.
    public init(lon: Double, lat: Double) {
        self.init(x: lon, y: lat)
    }

    /// Longitude in degrees when the coordinate is geographic.
    public var lon: Double { x }
    /// Latitude in degrees when the coordinate is geographic.
    public var lat: Double { y }

    /// True when both numbers are finite and the position is a valid WGS84 lon/lat.
    public var isValidLonLat: Bool {
        x.isFinite && y.isFinite && (-180.0...180.0).contains(x) && (-90.0...90.0).contains(y)
    }

    public var description: String { "(\(x), \(y))" }
}
