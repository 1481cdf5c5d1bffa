import CGEOS

/// A geometry indexed for repeated predicate tests against many others (`GEOSPrepare_r`).
///
/// Owns the `GEOSPreparedGeometry` handle and frees it in `deinit`; keeps its base geometry alive,
/// since GEOS's prepared geometry points into it.
public final class PreparedGeometry {
    public let base: Geometry
    let handle: OpaquePointer

    public init(_ base: Geometry) throws(GeometryError) {
        guard let h = GEOSPrepare_r(base.context.handle, base.handle) else { throw base.context.error("GEOSPrepare_r") }
        self.base = base
        self.handle = h
    }

    deinit {
        GEOSPreparedGeom_destroy_r(base.context.handle, handle)
    }

    private var ctx: GEOSContextHandle_t { base.context.handle }

    /// `GEOSPreparedIntersects_r`.
    public func intersects(_ other: Geometry) throws(GeometryError) -> Bool {
        base.sameContext(other)
        return try base.context.predicate(GEOSPreparedIntersects_r(ctx, handle, other.handle), "GEOSPreparedIntersects_r")
    }

    /// `GEOSPreparedContains_r`.
    public func contains(_ other: Geometry) throws(GeometryError) -> Bool {
        base.sameContext(other)
        return try base.context.predicate(GEOSPreparedContains_r(ctx, handle, other.handle), "GEOSPreparedContains_r")
    }

    /// `GEOSPreparedCovers_r`.
    public func covers(_ other: Geometry) throws(GeometryError) -> Bool {
        base.sameContext(other)
        return try base.context.predicate(GEOSPreparedCovers_r(ctx, handle, other.handle), "GEOSPreparedCovers_r")
    }

    /// True when the point lies in the interior or on the boundary (`GEOSPreparedIntersectsXY_r` needs
    /// GEOS 3.12, so this builds a point and uses `GEOSPreparedIntersects_r`).
    public func intersects(_ point: Coordinate) throws(GeometryError) -> Bool {
        try intersects(try Geometry.point(point, context: base.context))
    }
}
