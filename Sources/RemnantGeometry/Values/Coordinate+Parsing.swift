extension Coordinate {
    /// Parses `LON,LAT` in decimal degrees, e.g. `44.1129,41.9853` (lon first, as GeoJSON).
    /// - Throws: ``GeometryError/invalidArgument(name:value:reason:)`` for malformed text or a value
    ///   outside lon [-180, 180], lat [-90, 90]; when only the swapped order would be in range, says so.
    public init(parsingLonLat text: String, name: String = "coordinate") throws(GeometryError) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
        guard parts.count == 2, let lon = Double(parts[0]), let lat = Double(parts[1]), lon.isFinite, lat.isFinite else {
            throw .invalidArgument(name: name, value: text, reason: "expected LON,LAT in decimal degrees, e.g. 44.1129,41.9853")
        }
        let c = Coordinate(lon: lon, lat: lat)
        guard c.isValidLonLat else {
            let swapped = Coordinate(lon: lat, lat: lon)
            let hint = swapped.isValidLonLat ? " (did you give LAT,LON? the order is LON,LAT)" : ""
            throw .invalidArgument(name: name, value: text, reason: "longitude must be in [-180, 180] and latitude in [-90, 90]\(hint)")
        }
        self = c
    }
}
