import CPROJ

/// A PROJ threading context and its transformer cache.
///
/// PROJ reports some failures only through its logger, and a missing `proj.db` shows up only as
/// "Unknown error (code 2)" without one, so the context installs a log handler that keeps the last
/// error text. It also caches transformers: making one costs about 0.16 ms on an existing context,
/// 1.5 ms with a fresh one. Not thread-safe and not `Sendable`: each task makes its own.
public final class PROJContext {
    let owner: PROJContextHandle
    private var transformers: [String: CoordinateTransformer] = [:]

    public init() {
        owner = PROJContextHandle()
    }

    var handle: OpaquePointer { owner.pointer }

    /// PROJ's version, e.g. `9.1.1` (`proj_info`).
    public static var version: String { String(cString: proj_info().version) }

    /// The path of the `proj.db` this context uses, or nil when PROJ finds none
    /// (`proj_context_get_database_path`). On Debian the `proj-data` package installs it.
    public var databasePath: String? {
        guard let p = proj_context_get_database_path(handle) else { return nil }
        return String(cString: p)
    }

    func error(_ operation: String) -> GeometryError { owner.error(operation) }

    /// A transformer from `source` to `target` CRS (any PROJ definition: `EPSG:4326`, a PROJ string,
    /// WKT), in lon/lat (east, north) axis order, cached per pair on this context.
    public func transformer(from source: String, to target: String) throws(GeometryError) -> CoordinateTransformer {
        let key = source + "\u{0}" + target
        if let t = transformers[key] { return t }
        let t = try CoordinateTransformer(owner: owner, source: source, target: target)
        transformers[key] = t
        return t
    }
}

/// Owns the `PJ_CONTEXT*` (`proj_context_create` … `proj_context_destroy`) and its log box.
///
/// Kept apart from ``PROJContext`` so transformers can keep it alive without a reference cycle
/// through the context's cache: the context holds transformers, transformers hold this.
final class PROJContextHandle {
    let pointer: OpaquePointer
    private let log = LogBox()

    init() {
        guard let h = proj_context_create() else { preconditionFailure("proj_context_create returned NULL") }
        pointer = h
        proj_log_level(h, PJ_LOG_ERROR)
        proj_log_func(h, Unmanaged.passUnretained(log).toOpaque()) { userdata, _, message in
            guard let userdata, let message else { return }
            let box = Unmanaged<LogBox>.fromOpaque(userdata).takeUnretainedValue()
            box.lastMessage = String(cString: message)
        }
    }

    deinit {
        proj_context_destroy(pointer)
    }

    /// The error for a failed call: PROJ's logged text and its errno string.
    func error(_ operation: String) -> GeometryError {
        let code = proj_context_errno(pointer)
        var parts: [String] = []
        if let logged = log.lastMessage { parts.append(logged) }
        if code != 0, let s = proj_context_errno_string(pointer, code) { parts.append(String(cString: s)) }
        log.lastMessage = nil
        return .proj(operation: operation, message: parts.isEmpty ? "no message from PROJ" : parts.joined(separator: "; "))
    }
}

private final class LogBox {
    var lastMessage: String?
}


extension PROJContext {
    /// The WKT of a CRS definition (`proj_create` then `proj_as_wkt`), WKT2:2019 by default,
    /// or ESRI WKT1 when `esri` is set (what `.prj` sidecar files conventionally hold).
    public func wkt(of definition: String, esri: Bool = false) throws(GeometryError) -> String {
        guard let crs = proj_create(handle, definition) else { throw error("proj_create(\(definition))") }
        defer { proj_destroy(crs) }
        guard let text = proj_as_wkt(handle, crs, esri ? PJ_WKT1_ESRI : PJ_WKT2_2019, nil) else {
            throw error("proj_as_wkt")
        }
        return String(cString: text)
    }
}
