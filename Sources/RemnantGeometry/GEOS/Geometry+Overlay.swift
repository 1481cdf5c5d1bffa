import CGEOS

/// End-cap style of a line buffer (GEOS `GEOSBufCapStyles`); round is GEOS's and shapely's default.
public enum BufferCapStyle: Int32, Sendable {
    case round = 1, flat = 2, square = 3
}

extension Geometry {
    /// The planar buffer at `distance` in the geometry's own units (`GEOSBufferWithStyle_r`).
    ///
    /// Planar: on lon/lat data the distance would be degrees. That is a bug for hazard areas, so
    /// buffer in a ``LocalMetricCRS`` or use ``GeodesicCircle`` instead. With 8 quadrant segments
    /// (GEOS's default) a circle's area is 0.64% short of π·r²; 32 segments give 0.04%.
    public func buffer(_ distance: Double, quadrantSegments: Int = 32, capStyle: BufferCapStyle = .round) throws(GeometryError) -> Geometry {
        guard distance.isFinite else { throw .invalidArgument(name: "buffer distance", value: "\(distance)", reason: "must be finite") }
        return try context.own(
            GEOSBufferWithStyle_r(ctx, handle, distance, Int32(quadrantSegments), capStyle.rawValue, 1, 5.0),
            "GEOSBufferWithStyle_r")
    }

    /// The union of all parts of this geometry, dissolving overlaps (`GEOSUnaryUnion_r`).
    public func unaryUnion() throws(GeometryError) -> Geometry {
        try context.own(GEOSUnaryUnion_r(ctx, handle), "GEOSUnaryUnion_r")
    }

    /// The union of all `geometries`, or nil when the list is empty (a collection, then `GEOSUnaryUnion_r`).
    public static func unionAll(_ geometries: [Geometry], context: GEOSContext) throws(GeometryError) -> Geometry? {
        guard !geometries.isEmpty else { return nil }
        return try collection(.geometryCollection, of: geometries, context: context).unaryUnion()
    }

    /// The point-set union of two geometries (`GEOSUnion_r`).
    public func union(_ other: Geometry) throws(GeometryError) -> Geometry {
        sameContext(other)
        return try context.own(GEOSUnion_r(ctx, handle, other.handle), "GEOSUnion_r")
    }

    /// The point-set intersection (`GEOSIntersection_r`).
    public func intersection(_ other: Geometry) throws(GeometryError) -> Geometry {
        sameContext(other)
        return try context.own(GEOSIntersection_r(ctx, handle, other.handle), "GEOSIntersection_r")
    }

    /// The part of this geometry not in `other` (`GEOSDifference_r`).
    public func difference(_ other: Geometry) throws(GeometryError) -> Geometry {
        sameContext(other)
        return try context.own(GEOSDifference_r(ctx, handle, other.handle), "GEOSDifference_r")
    }

    /// Polygon rings re-ordered so exteriors are counter-clockwise and holes clockwise, the
    /// right-hand rule of RFC 7946 §3.1.6. Orientation is read from the planar shoelace sign, which
    /// is right for lon/lat rings that do not cross the antimeridian. Non-polygons are copied as they are.
    public func orientedForGeoJSON() throws(GeometryError) -> Geometry {
        let polygons = try polygonRings()
        if polygons.isEmpty { return try clone() }
        var out: [Geometry] = []
        for rings in polygons {
            let shell = Geometry.orient(rings[0], counterClockwise: true)
            let holes = rings.dropFirst().map { Geometry.orient($0, counterClockwise: false) }
            out.append(try .polygon(exterior: shell, holes: Array(holes), context: context))
        }
        if type == .polygon { return out[0] }
        return try .collection(.multiPolygon, of: out, context: context)
    }

    /// Twice the signed planar (shoelace) area of a closed ring: positive when counter-clockwise.
    static func signedDoubleArea(_ ring: [Coordinate]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) {
            sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y
        }
        return sum
    }

    static func orient(_ ring: [Coordinate], counterClockwise: Bool) -> [Coordinate] {
        let isCCW = signedDoubleArea(ring) > 0
        return isCCW == counterClockwise ? ring : ring.reversed()
    }
}
