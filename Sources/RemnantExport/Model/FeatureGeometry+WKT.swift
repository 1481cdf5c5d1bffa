import RemnantGeometry

extension FeatureGeometry {
    /// OGC Simple Features WKT (ISO 19125-1 §7), lon lat order, rounded to `decimals`: `POINT (x y)`,
    /// `POLYGON ((…), (…))` for one polygon, else `MULTIPOLYGON`. Rings are oriented as in
    /// GeoJSON (exterior counter-clockwise), which WKT does not require but costs nothing.
    public func wkt(decimals: Int = 6) -> String {
        func position(_ c: Coordinate) -> String {
            JSONText.coordinate(c.x, decimals: decimals) + " " + JSONText.coordinate(c.y, decimals: decimals)
        }
        func polygon(_ rings: [[Coordinate]]) -> String {
            "(" + rings.enumerated().map { i, ring in
                "(" + RingOrientation.oriented(ring, counterClockwise: i == 0).map(position).joined(separator: ", ") + ")"
            }.joined(separator: ", ") + ")"
        }
        switch self {
        case let .point(c): return "POINT (" + position(c) + ")"
        case let .multiPolygon(polygons):
            if polygons.isEmpty { return "MULTIPOLYGON EMPTY" }
            if polygons.count == 1 { return "POLYGON " + polygon(polygons[0]) }
            return "MULTIPOLYGON (" + polygons.map(polygon).joined(separator: ", ") + ")"
        }
    }
}
