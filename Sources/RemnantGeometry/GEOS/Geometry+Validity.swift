import CGEOS

extension Geometry {
    /// True when the geometry is valid in the OGC sense (`GEOSisValid_r`).
    public func isValid() throws(GeometryError) -> Bool {
        try context.predicate(GEOSisValid_r(ctx, handle), "GEOSisValid_r")
    }

    /// GEOS's reason for invalidity with its location, e.g. `Self-intersection[0.5 0.5]`,
    /// or nil when the geometry is valid (`GEOSisValidReason_r`).
    public func invalidityReason() throws(GeometryError) -> String? {
        guard try !isValid() else { return nil }
        guard let reason = GEOSisValidReason_r(ctx, handle) else { throw context.error("GEOSisValidReason_r") }
        defer { GEOSFree_r(ctx, reason) }
        return String(cString: reason)
    }

    /// A valid geometry covering the same point set, repairing self-intersections and bad rings
    /// (`GEOSMakeValid_r`, the "linework" method, as `ST_MakeValid` and shapely's `make_valid`).
    public func makeValid() throws(GeometryError) -> Geometry {
        try context.own(GEOSMakeValid_r(ctx, handle), "GEOSMakeValid_r")
    }
}
