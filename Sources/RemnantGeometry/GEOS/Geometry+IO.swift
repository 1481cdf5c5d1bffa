import CGEOS

extension Geometry {
    /// Reads OGC Well-Known Text (`GEOSWKTReader_read_r`).
    /// - Throws: ``GeometryError/parse(format:message:)`` carrying GEOS's ParseException text.
    public convenience init(wkt: String, context: GEOSContext) throws(GeometryError) {
        context.clearError()
        guard let h = GEOSWKTReader_read_r(context.handle, context.wktReader.handle, wkt) else {
            throw .parse(format: "WKT", message: context.error("GEOSWKTReader_read_r").message)
        }
        self.init(owning: h, context: context)
    }

    /// Reads ISO/OGC Well-Known Binary (`GEOSWKBReader_read_r`).
    public convenience init(wkb: WKBBytes, context: GEOSContext) throws(GeometryError) {
        context.clearError()
        let h = wkb.bytes.withUnsafeBufferPointer { buffer in
            GEOSWKBReader_read_r(context.handle, context.wkbReader.handle, buffer.baseAddress, buffer.count)
        }
        guard let h else {
            throw .parse(format: "WKB", message: context.error("GEOSWKBReader_read_r").message)
        }
        self.init(owning: h, context: context)
    }

    /// Reads a GeoJSON geometry object (RFC 7946 §3.1) (`GEOSGeoJSONReader_readGeometry_r`, GEOS >= 3.10).
    public convenience init(geoJSON: String, context: GEOSContext) throws(GeometryError) {
        context.clearError()
        guard let h = GEOSGeoJSONReader_readGeometry_r(context.handle, context.geoJSONReader.handle, geoJSON) else {
            throw .parse(format: "GeoJSON", message: context.error("GEOSGeoJSONReader_readGeometry_r").message)
        }
        self.init(owning: h, context: context)
    }

    /// Well-Known Text, trimmed, 2D; `precision` rounds to that many decimals (`GEOSWKTWriter_write_r`).
    public func wkt(precision: Int? = nil) throws(GeometryError) -> String {
        let writer = WKTWriter(contextHandle: ctx, precision: precision)
        guard let text = GEOSWKTWriter_write_r(ctx, writer.handle, handle) else { throw context.error("GEOSWKTWriter_write_r") }
        defer { GEOSFree_r(ctx, text) }
        return String(cString: text)
    }

    /// Little-endian 2D Well-Known Binary (`GEOSWKBWriter_write_r`).
    public func wkb() throws(GeometryError) -> WKBBytes {
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(ctx, context.wkbWriter.handle, handle, &size) else {
            throw context.error("GEOSWKBWriter_write_r")
        }
        defer { GEOSFree_r(ctx, bytes) }
        return WKBBytes(Array(UnsafeBufferPointer(start: bytes, count: size)))
    }

    /// A GeoJSON geometry object (`GEOSGeoJSONWriter_writeGeometry_r`); `indent` < 0 means compact.
    /// GEOS writes coordinates as they are: orient polygon rings first for RFC 7946's right-hand rule.
    public func geoJSON(indent: Int = -1) throws(GeometryError) -> String {
        guard let text = GEOSGeoJSONWriter_writeGeometry_r(ctx, context.geoJSONWriter.handle, handle, Int32(indent)) else {
            throw context.error("GEOSGeoJSONWriter_writeGeometry_r")
        }
        defer { GEOSFree_r(ctx, text) }
        return String(cString: text)
    }
}

extension GeometryError {
    /// The library's own text for a `.geos` error; the description for any other case.
    var message: String {
        if case let .geos(_, message) = self { return message }
        return description
    }
}
