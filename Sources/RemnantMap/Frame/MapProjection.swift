import RemnantGeometry

/// The metric CRS a map is drawn in. Distances, the scale bar and the density grid are all in
/// this plane; nothing is drawn in planar degrees.
enum MapProjection: Hashable {
    /// Lambert azimuthal equal-area on WGS84 centred on the extent (overviews): areas are true
    /// everywhere, and scale is exactly 1 at the centre in every direction.
    case lambertEqualArea(center: Coordinate)
    /// UTM on WGS84 (zone sheets): the zone of the area's centre, as field teams' GPS use it.
    case utm(UTMZone)

    var projString: String {
        switch self {
        case let .lambertEqualArea(c):
            "+proj=laea +lat_0=\(rounded(c.lat)) +lon_0=\(rounded(c.lon)) +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs"
        case let .utm(zone): zone.epsg
        }
    }

    /// As printed on the map.
    var name: String {
        switch self {
        case let .lambertEqualArea(c):
            "Lambert azimuthal equal-area (WGS84) centred \(String(format: "%.2f", abs(c.lat)))°\(c.lat >= 0 ? "N" : "S") \(String(format: "%.2f", abs(c.lon)))°\(c.lon >= 0 ? "E" : "W")"
        case let .utm(zone): "UTM zone \(zone) (WGS84, \(zone.epsg))"
        }
    }

    private func rounded(_ v: Double) -> Double { (v * 100).rounded() / 100 }
}
