import CGEOS

// Reader and writer handles. Each is owned by one final class and freed in `deinit`. They hold the
// raw context handle, not the `GEOSContext`, because the context owns them and frees them first.

/// Owns a `GEOSWKTReader`.
final class WKTReader {
    let contextHandle: GEOSContextHandle_t
    let handle: OpaquePointer

    init(contextHandle: GEOSContextHandle_t) {
        self.contextHandle = contextHandle
        guard let h = GEOSWKTReader_create_r(contextHandle) else { preconditionFailure("GEOSWKTReader_create_r") }
        handle = h
    }

    deinit { GEOSWKTReader_destroy_r(contextHandle, handle) }
}

/// Owns a `GEOSWKBReader`.
final class WKBReader {
    let contextHandle: GEOSContextHandle_t
    let handle: OpaquePointer

    init(contextHandle: GEOSContextHandle_t) {
        self.contextHandle = contextHandle
        guard let h = GEOSWKBReader_create_r(contextHandle) else { preconditionFailure("GEOSWKBReader_create_r") }
        handle = h
    }

    deinit { GEOSWKBReader_destroy_r(contextHandle, handle) }
}

/// Owns a `GEOSWKBWriter`, set to little-endian ISO WKB with 2 dimensions unless the input has Z.
final class WKBWriter {
    let contextHandle: GEOSContextHandle_t
    let handle: OpaquePointer

    init(contextHandle: GEOSContextHandle_t) {
        self.contextHandle = contextHandle
        guard let h = GEOSWKBWriter_create_r(contextHandle) else { preconditionFailure("GEOSWKBWriter_create_r") }
        handle = h
        GEOSWKBWriter_setByteOrder_r(contextHandle, h, Int32(GEOS_WKB_NDR.rawValue))
        GEOSWKBWriter_setOutputDimension_r(contextHandle, h, 2)
    }

    deinit { GEOSWKBWriter_destroy_r(contextHandle, handle) }
}

/// Owns a `GEOSGeoJSONReader` (GEOS >= 3.10).
final class GeoJSONReader {
    let contextHandle: GEOSContextHandle_t
    let handle: OpaquePointer

    init(contextHandle: GEOSContextHandle_t) {
        self.contextHandle = contextHandle
        guard let h = GEOSGeoJSONReader_create_r(contextHandle) else { preconditionFailure("GEOSGeoJSONReader_create_r") }
        handle = h
    }

    deinit { GEOSGeoJSONReader_destroy_r(contextHandle, handle) }
}

/// Owns a `GEOSGeoJSONWriter` (GEOS >= 3.10).
final class GeoJSONWriter {
    let contextHandle: GEOSContextHandle_t
    let handle: OpaquePointer

    init(contextHandle: GEOSContextHandle_t) {
        self.contextHandle = contextHandle
        guard let h = GEOSGeoJSONWriter_create_r(contextHandle) else { preconditionFailure("GEOSGeoJSONWriter_create_r") }
        handle = h
    }

    deinit { GEOSGeoJSONWriter_destroy_r(contextHandle, handle) }
}

/// Owns a `GEOSWKTWriter`; made per call because its settings (precision, trim) vary by caller.
final class WKTWriter {
    let contextHandle: GEOSContextHandle_t
    let handle: OpaquePointer

    init(contextHandle: GEOSContextHandle_t, precision: Int?) {
        self.contextHandle = contextHandle
        guard let h = GEOSWKTWriter_create_r(contextHandle) else { preconditionFailure("GEOSWKTWriter_create_r") }
        handle = h
        GEOSWKTWriter_setTrim_r(contextHandle, h, 1)
        GEOSWKTWriter_setOutputDimension_r(contextHandle, h, 2)
        if let precision { GEOSWKTWriter_setRoundingPrecision_r(contextHandle, h, Int32(precision)) }
    }

    deinit { GEOSWKTWriter_destroy_r(contextHandle, handle) }
}
