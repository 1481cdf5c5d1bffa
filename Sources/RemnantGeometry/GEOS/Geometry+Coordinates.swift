import CGEOS

extension Geometry {
    /// A point (`GEOSGeom_createPointFromXY_r`).
    public static func point(_ c: Coordinate, context: GEOSContext) throws(GeometryError) -> Geometry {
        try context.own(GEOSGeom_createPointFromXY_r(context.handle, c.x, c.y), "GEOSGeom_createPointFromXY_r")
    }

    /// A line string through `coordinates` (`GEOSGeom_createLineString_r`).
    public static func lineString(_ coordinates: [Coordinate], context: GEOSContext) throws(GeometryError) -> Geometry {
        let seq = try makeSequence(coordinates, context)
        return try context.own(GEOSGeom_createLineString_r(context.handle, seq), "GEOSGeom_createLineString_r")
    }

    /// A polygon from closed rings (first point repeated last); the exterior comes first.
    /// Ring orientation is kept as given (`GEOSGeom_createPolygon_r`, which takes ownership of the rings).
    public static func polygon(exterior: [Coordinate], holes: [[Coordinate]] = [], context: GEOSContext) throws(GeometryError) -> Geometry {
        let ctx = context.handle
        let shell = try makeRing(exterior, context)
        var holeRings: [OpaquePointer?] = []
        for hole in holes {
            do {
                holeRings.append(try makeRing(hole, context))
            } catch {
                GEOSGeom_destroy_r(ctx, shell)
                for h in holeRings { GEOSGeom_destroy_r(ctx, h) }
                throw error
            }
        }
        let polygon = holeRings.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(ctx, shell, buffer.baseAddress, UInt32(buffer.count))
        }
        return try context.own(polygon, "GEOSGeom_createPolygon_r")
    }

    /// A multi-geometry or collection of copies of `members` (`GEOSGeom_createCollection_r`, which
    /// takes ownership of what it is given: hence the clones).
    public static func collection(_ type: GeometryType, of members: [Geometry], context: GEOSContext) throws(GeometryError) -> Geometry {
        let ctx = context.handle
        var clones: [OpaquePointer?] = []
        clones.reserveCapacity(members.count)
        for m in members {
            precondition(m.context === context, "geometries from two GEOS contexts cannot be combined")
            guard let c = GEOSGeom_clone_r(ctx, m.handle) else {
                for c in clones { GEOSGeom_destroy_r(ctx, c) }
                throw context.error("GEOSGeom_clone_r")
            }
            clones.append(c)
        }
        let geometry = clones.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(ctx, Int32(type.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        return try context.own(geometry, "GEOSGeom_createCollection_r")
    }

    /// The coordinates of a point, line string or linear ring (`GEOSCoordSeq_copyToBuffer_r`).
    public func coordinates() throws(GeometryError) -> [Coordinate] {
        switch type {
        case .point, .lineString, .linearRing:
            return try Geometry.readSequence(of: handle, context)
        default:
            throw .invalidArgument(name: "geometry", value: "\(type)", reason: "has no single coordinate sequence")
        }
    }

    /// The rings of a polygon, exterior first, each closed (`GEOSGetExteriorRing_r`, `GEOSGetInteriorRingN_r`).
    public func rings() throws(GeometryError) -> [[Coordinate]] {
        guard type == .polygon else {
            throw .invalidArgument(name: "geometry", value: "\(type)", reason: "is not a polygon")
        }
        if isEmpty { return [] }
        guard let shell = GEOSGetExteriorRing_r(ctx, handle) else { throw context.error("GEOSGetExteriorRing_r") }
        var result = [try Geometry.readSequence(of: shell, context)]
        let holeCount = GEOSGetNumInteriorRings_r(ctx, handle)
        guard holeCount >= 0 else { throw context.error("GEOSGetNumInteriorRings_r") }
        for i in 0..<holeCount {
            guard let ring = GEOSGetInteriorRingN_r(ctx, handle, i) else { throw context.error("GEOSGetInteriorRingN_r") }
            result.append(try Geometry.readSequence(of: ring, context))
        }
        return result
    }

    /// The polygons of a polygon or multi-polygon as rings (exterior first); other members are skipped.
    public func polygonRings() throws(GeometryError) -> [[[Coordinate]]] {
        if type == .polygon { return isEmpty ? [] : [try rings()] }
        var result: [[[Coordinate]]] = []
        for part in try parts() where part.type == .polygon || part.type == .multiPolygon || part.type == .geometryCollection {
            result += try part.polygonRings()
        }
        return result
    }

    // MARK: - Coordinate sequences

    private static func makeSequence(_ coordinates: [Coordinate], _ context: GEOSContext) throws(GeometryError) -> OpaquePointer {
        var flat = [Double]()
        flat.reserveCapacity(coordinates.count * 2)
        for c in coordinates {
            flat.append(c.x)
            flat.append(c.y)
        }
        let seq = flat.withUnsafeBufferPointer { buffer in
            GEOSCoordSeq_copyFromBuffer_r(context.handle, buffer.baseAddress, UInt32(coordinates.count), 0, 0)
        }
        guard let seq else { throw context.error("GEOSCoordSeq_copyFromBuffer_r") }
        return seq
    }

    private static func makeRing(_ coordinates: [Coordinate], _ context: GEOSContext) throws(GeometryError) -> OpaquePointer {
        let seq = try makeSequence(coordinates, context)
        guard let ring = GEOSGeom_createLinearRing_r(context.handle, seq) else {
            throw context.error("GEOSGeom_createLinearRing_r")
        }
        return ring
    }

    static func readSequence(of geometry: OpaquePointer, _ context: GEOSContext) throws(GeometryError) -> [Coordinate] {
        let ctx = context.handle
        guard let seq = GEOSGeom_getCoordSeq_r(ctx, geometry) else { throw context.error("GEOSGeom_getCoordSeq_r") }
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(ctx, seq, &size) != 0 else { throw context.error("GEOSCoordSeq_getSize_r") }
        if size == 0 { return [] }
        var flat = [Double](repeating: 0, count: Int(size) * 2)
        let ok = flat.withUnsafeMutableBufferPointer { buffer in
            GEOSCoordSeq_copyToBuffer_r(ctx, seq, buffer.baseAddress, 0, 0)
        }
        guard ok != 0 else { throw context.error("GEOSCoordSeq_copyToBuffer_r") }
        return (0..<Int(size)).map { Coordinate(x: flat[2 * $0], y: flat[2 * $0 + 1]) }
    }
}
