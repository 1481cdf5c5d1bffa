import CGEOS

extension Geometry {
    /// True when the geometries share at least one point (`GEOSIntersects_r`).
    public func intersects(_ other: Geometry) throws(GeometryError) -> Bool {
        sameContext(other)
        return try context.predicate(GEOSIntersects_r(ctx, handle, other.handle), "GEOSIntersects_r")
    }

    /// True when `other` lies in this geometry's interior or boundary and touches its interior (`GEOSContains_r`).
    public func contains(_ other: Geometry) throws(GeometryError) -> Bool {
        sameContext(other)
        return try context.predicate(GEOSContains_r(ctx, handle, other.handle), "GEOSContains_r")
    }

    /// True when no point of `other` lies outside this geometry; boundary points count (`GEOSCovers_r`).
    public func covers(_ other: Geometry) throws(GeometryError) -> Bool {
        sameContext(other)
        return try context.predicate(GEOSCovers_r(ctx, handle, other.handle), "GEOSCovers_r")
    }

    /// True when this geometry lies within `other` (`GEOSWithin_r`).
    public func within(_ other: Geometry) throws(GeometryError) -> Bool {
        sameContext(other)
        return try context.predicate(GEOSWithin_r(ctx, handle, other.handle), "GEOSWithin_r")
    }
}
