import CGEOS

extension Geometry {
    /// Planar area in the square of the geometry's units (`GEOSArea_r`). On lon/lat data this is
    /// square degrees and meaningless: use ``geodesicArea()`` for square metres on WGS84.
    public func area() throws(GeometryError) -> Double {
        var value = 0.0
        guard GEOSArea_r(ctx, handle, &value) != 0 else { throw context.error("GEOSArea_r") }
        return value
    }

    /// Planar length (perimeter for polygons) in the geometry's units (`GEOSLength_r`).
    public func length() throws(GeometryError) -> Double {
        var value = 0.0
        guard GEOSLength_r(ctx, handle, &value) != 0 else { throw context.error("GEOSLength_r") }
        return value
    }

    /// The envelope as a geometry: a polygon, or a point for a single point (`GEOSEnvelope_r`).
    public func envelope() throws(GeometryError) -> Geometry {
        try context.own(GEOSEnvelope_r(ctx, handle), "GEOSEnvelope_r")
    }

    /// The bounding box, or nil for an empty geometry (`GEOSGeom_getXMin_r` … `GEOSGeom_getYMax_r`).
    public func boundingBox() throws(GeometryError) -> BoundingBox? {
        if isEmpty { return nil }
        var box = BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
        guard GEOSGeom_getXMin_r(ctx, handle, &box.minX) != 0,
              GEOSGeom_getYMin_r(ctx, handle, &box.minY) != 0,
              GEOSGeom_getXMax_r(ctx, handle, &box.maxX) != 0,
              GEOSGeom_getYMax_r(ctx, handle, &box.maxY) != 0
        else { throw context.error("GEOSGeom_getXMin_r") }
        return box
    }

    /// Planar minimum distance in the geometry's units (`GEOSDistance_r`); 0 when they intersect.
    public func distance(to other: Geometry) throws(GeometryError) -> Double {
        sameContext(other)
        var value = 0.0
        guard GEOSDistance_r(ctx, handle, other.handle, &value) != 0 else { throw context.error("GEOSDistance_r") }
        return value
    }

    /// The centroid (`GEOSGetCentroid_r`), planar in the geometry's units.
    public func centroid() throws(GeometryError) -> Geometry {
        try context.own(GEOSGetCentroid_r(ctx, handle), "GEOSGetCentroid_r")
    }
}
