import CGEOS

/// The OGC simple-feature type of a ``Geometry`` (`GEOSGeomTypeId_r`).
public enum GeometryType: Int, Sendable, CaseIterable {
    case point = 0, lineString, linearRing, polygon, multiPoint, multiLineString, multiPolygon, geometryCollection
}

/// A GEOS geometry that owns its handle and frees it (`GEOSGeom_destroy_r`) in `deinit`.
///
/// A geometry keeps its ``GEOSContext`` alive and may only be combined with geometries of the same
/// context (checked by a precondition). It is not `Sendable`: move geometry between tasks as
/// ``WKBBytes`` or coordinate arrays.
public final class Geometry {
    public let context: GEOSContext
    let handle: OpaquePointer

    init(owning handle: OpaquePointer, context: GEOSContext) {
        self.handle = handle
        self.context = context
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, handle)
    }

    var ctx: GEOSContextHandle_t { context.handle }

    func sameContext(_ other: Geometry) {
        precondition(other.context === context, "geometries from two GEOS contexts cannot be combined")
    }

    /// The geometry's type (`GEOSGeomTypeId_r`).
    public var type: GeometryType {
        GeometryType(rawValue: Int(GEOSGeomTypeId_r(ctx, handle))) ?? .geometryCollection
    }

    /// True for an empty geometry (`GEOSisEmpty_r`).
    public var isEmpty: Bool { GEOSisEmpty_r(ctx, handle) == 1 }

    /// A deep copy in the same context (`GEOSGeom_clone_r`).
    public func clone() throws(GeometryError) -> Geometry {
        try context.own(GEOSGeom_clone_r(ctx, handle), "GEOSGeom_clone_r")
    }

    /// Number of member geometries: 1 for a single geometry (`GEOSGetNumGeometries_r`).
    public var numGeometries: Int { Int(GEOSGetNumGeometries_r(ctx, handle)) }

    /// Copies of the member geometries of a multi-geometry or collection, or `[self]`'s copy.
    public func parts() throws(GeometryError) -> [Geometry] {
        var result: [Geometry] = []
        for i in 0..<numGeometries {
            guard let child = GEOSGetGeometryN_r(ctx, handle, Int32(i)) else { throw context.error("GEOSGetGeometryN_r") }
            result.append(try context.own(GEOSGeom_clone_r(ctx, child), "GEOSGeom_clone_r"))
        }
        return result
    }
}

extension Geometry: CustomStringConvertible {
    public var description: String { (try? wkt(precision: 6)) ?? "<geometry>" }
}
