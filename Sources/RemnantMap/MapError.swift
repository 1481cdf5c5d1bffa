/// Failures of map rendering, with the layer, file or option concerned.
public enum MapError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option is out of range or malformed (`--size`, `--region`, `--layers`, …).
    case invalidOption(name: String, value: String, reason: String)
    /// Cairo reported an error status (`cairo_status_to_string`).
    case cairo(operation: String, message: String)
    /// Projecting, clipping or measuring a layer failed; `message` is the geometry core's text.
    case geometry(layer: String, message: String)
    /// Reference data (boundaries, gazetteer) or the analysis could not be read or built.
    case data(what: String, message: String)
    /// Nothing to draw: no hazard area with that id, or no data in the region.
    case notFound(what: String, key: String)

    public var description: String {
        switch self {
        case let .invalidOption(name, value, reason): "\(name) '\(value)': \(reason)"
        case let .cairo(operation, message): "Cairo \(operation) failed: \(message)"
        case let .geometry(layer, message): "map layer \(layer): \(message)"
        case let .data(what, message): "\(what): \(message)"
        case let .notFound(what, key): "no \(what) '\(key)'"
        }
    }
}
