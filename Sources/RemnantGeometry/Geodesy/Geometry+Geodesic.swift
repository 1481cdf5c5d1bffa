extension Geometry {
    /// Area in m² on the WGS84 ellipsoid of a lon/lat polygon or multi-polygon: each exterior ring's
    /// geodesic area less its holes' (`geod_polygonarea`, as GeographicLib's Planimeter and
    /// `ST_Area(geography)`). Points and lines have no area.
    public func geodesicArea(on geodesic: Geodesic = .wgs84) throws(GeometryError) -> Double {
        var total = 0.0
        for rings in try polygonRings() {
            guard let shell = rings.first else { continue }
            total += geodesic.measureRing(shell).areaSquareMeters
            for hole in rings.dropFirst() { total -= geodesic.measureRing(hole).areaSquareMeters }
        }
        return total
    }

    /// Total length in metres on the WGS84 ellipsoid of all polygon rings (exterior and holes)
    /// of a lon/lat polygon or multi-polygon (`geod_polygonarea`).
    public func geodesicPerimeter(on geodesic: Geodesic = .wgs84) throws(GeometryError) -> Double {
        var total = 0.0
        for rings in try polygonRings() {
            for ring in rings { total += geodesic.measureRing(ring).perimeterMeters }
        }
        return total
    }
}
