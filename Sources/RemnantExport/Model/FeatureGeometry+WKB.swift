import RemnantGeometry

extension FeatureGeometry {
    /// ISO/OGC Well-Known Binary, little-endian 2D (ISO 19125-1 §8): a Point (type 1), or a
    /// MultiPolygon (type 6) of Polygons (type 3) whatever the polygon count, so a GeoPackage
    /// column declared MULTIPOLYGON holds one geometry type. Exterior rings counter-clockwise.
    public var wkb: WKBBytes {
        var b: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { b += $0 } }
        func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { b += $0 } }
        switch self {
        case let .point(c):
            b.reserveCapacity(21)
            b.append(1); u32(1); f64(c.x); f64(c.y)
        case let .multiPolygon(polygons):
            b.append(1); u32(6); u32(UInt32(polygons.count))
            for rings in polygons {
                b.append(1); u32(3); u32(UInt32(rings.count))
                for (i, ring) in rings.enumerated() {
                    u32(UInt32(ring.count))
                    for c in RingOrientation.oriented(ring, counterClockwise: i == 0) { f64(c.x); f64(c.y) }
                }
            }
        }
        return WKBBytes(b)
    }

    /// The lon/lat bounds of the geometry (exterior rings suffice for polygons); nil when empty.
    public var envelope: BoundingBox? {
        switch self {
        case let .point(c): BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y)
        case let .multiPolygon(polygons): BoundingBox(covering: polygons.compactMap(\.first).joined())
        }
    }
}
