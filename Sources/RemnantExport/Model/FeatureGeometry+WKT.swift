import RemnantGeometry

extension FeatureGeometry {
    /// OGC Simple Features WKT (ISO 19125-1 §7), lon lat order, rounded to `decimals`: `POINT (x y)`,
    /// `POLYGON ((…), (…))` for one polygon, else `MULTIPOLYGON`. Rings are oriented as in
    /// GeoJSON (exterior counter-clockwise), which WKT does not require but costs nothing.
    public func wkt(decimals: Int = 6) -> String {
        OutputSink.render { out in
            func position(_ c: Coordinate) {
                out.append(coordinate: c.x, decimals: decimals)
                out.append(byte: 32)
                out.append(coordinate: c.y, decimals: decimals)
            }
            func polygon(_ rings: [[Coordinate]]) {
                out.append("(" as StaticString)
                for (i, ring) in rings.enumerated() {
                    if i > 0 { out.append(", " as StaticString) }
                    out.append("(" as StaticString)
                    for (k, c) in RingOrientation.oriented(ring, counterClockwise: i == 0).enumerated() {
                        if k > 0 { out.append(", " as StaticString) }
                        position(c)
                    }
                    out.append(")" as StaticString)
                }
                out.append(")" as StaticString)
            }
            switch self {
            case let .point(c):
                out.append("POINT (" as StaticString)
                position(c)
                out.append(")" as StaticString)
            case let .multiPolygon(polygons):
                if polygons.isEmpty { out.append("MULTIPOLYGON EMPTY" as StaticString) } else if polygons.count == 1 {
                    out.append("POLYGON " as StaticString)
                    polygon(polygons[0])
                } else {
                    out.append("MULTIPOLYGON (" as StaticString)
                    for (k, p) in polygons.enumerated() {
                        if k > 0 { out.append(", " as StaticString) }
                        polygon(p)
                    }
                    out.append(")" as StaticString)
                }
            }
        }
    }
}
