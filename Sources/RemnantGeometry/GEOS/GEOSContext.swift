import CGEOS

/// Owns one GEOS reentrant context (`GEOS_init_r` … `GEOS_finish_r`).
///
/// GEOS reports errors through a handler rather than return values; this class installs one that
/// keeps the last message so failures can be thrown as ``GeometryError/geos(operation:message:)``
/// with GEOS's own text. A context is not thread-safe and deliberately not `Sendable`: each task
/// makes its own, and geometries cross tasks as ``WKBBytes``.
public final class GEOSContext {
    let handle: GEOSContextHandle_t
    private let messages: MessageBox

    public init() {
        guard let handle = GEOS_init_r() else {
            preconditionFailure("GEOS_init_r returned NULL (out of memory)")
        }
        self.handle = handle
        self.messages = MessageBox()
        let box = Unmanaged.passUnretained(messages).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let userdata else { return }
            let box = Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue()
            box.lastError = message.map { String(cString: $0) } ?? "unknown GEOS error"
        }, box)
        GEOSContext_setNoticeMessageHandler_r(handle, { message, userdata in
            guard let userdata else { return }
            let box = Unmanaged<MessageBox>.fromOpaque(userdata).takeUnretainedValue()
            box.lastNotice = message.map { String(cString: $0) }
        }, box)
    }

    deinit {
        releaseCachedHandles()
        GEOS_finish_r(handle)
    }

    /// The GEOS library version string, e.g. `3.11.1-CAPI-1.17.1` (`GEOSversion`).
    public static var version: String { String(cString: GEOSversion()) }

    /// Builds the error for a failed call, taking (and clearing) GEOS's last message.
    func error(_ operation: String) -> GeometryError {
        let message = messages.lastError ?? "no message from GEOS"
        messages.lastError = nil
        return .geos(operation: operation, message: message)
    }

    /// Clears a stale message before a call whose failure we want to attribute precisely.
    func clearError() {
        messages.lastError = nil
    }

    /// Takes ownership of a handle GEOS just returned, or throws with GEOS's message if it is NULL.
    func own(_ pointer: OpaquePointer?, _ operation: String) throws(GeometryError) -> Geometry {
        guard let pointer else { throw error(operation) }
        return Geometry(owning: pointer, context: self)
    }

    /// Interprets GEOS's `char` predicate results: 1 true, 0 false, 2 exception.
    func predicate(_ result: CChar, _ operation: String) throws(GeometryError) -> Bool {
        switch result {
        case 1: return true
        case 0: return false
        default: throw error(operation)
        }
    }

    // Readers and writers are made on first use and reused. The context owns them and releases them
    // in `deinit` *before* `GEOS_finish_r`, so they never outlive the handle they were made with.
    private var cachedWKTReader: WKTReader?
    private var cachedWKBReader: WKBReader?
    private var cachedWKBWriter: WKBWriter?
    private var cachedGeoJSONReader: GeoJSONReader?
    private var cachedGeoJSONWriter: GeoJSONWriter?

    var wktReader: WKTReader {
        if let r = cachedWKTReader { return r }
        let r = WKTReader(contextHandle: handle)
        cachedWKTReader = r
        return r
    }

    var wkbReader: WKBReader {
        if let r = cachedWKBReader { return r }
        let r = WKBReader(contextHandle: handle)
        cachedWKBReader = r
        return r
    }

    var wkbWriter: WKBWriter {
        if let w = cachedWKBWriter { return w }
        let w = WKBWriter(contextHandle: handle)
        cachedWKBWriter = w
        return w
    }

    var geoJSONReader: GeoJSONReader {
        if let r = cachedGeoJSONReader { return r }
        let r = GeoJSONReader(contextHandle: handle)
        cachedGeoJSONReader = r
        return r
    }

    var geoJSONWriter: GeoJSONWriter {
        if let w = cachedGeoJSONWriter { return w }
        let w = GeoJSONWriter(contextHandle: handle)
        cachedGeoJSONWriter = w
        return w
    }

    private func releaseCachedHandles() {
        cachedWKTReader = nil
        cachedWKBReader = nil
        cachedWKBWriter = nil
        cachedGeoJSONReader = nil
        cachedGeoJSONWriter = nil
    }
}

/// Holds GEOS's last messages; lives exactly as long as its context (which owns it strongly).
private final class MessageBox {
    var lastError: String?
    var lastNotice: String?
}
