/// Every failure the geometry core reports. Cases carry the operation and, where the C library
/// gave one, its own message (GEOS's error handler text, PROJ's log and errno string).
public enum GeometryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// GEOS failed inside `operation` (e.g. "GEOSBuffer_r"); `message` is GEOS's own text.
    case geos(operation: String, message: String)
    /// WKT, WKB or GeoJSON text could not be read; `message` is the reader's text.
    case parse(format: String, message: String)
    /// PROJ failed inside `operation`; `message` is PROJ's text.
    case proj(operation: String, message: String)
    /// A distance string such as `2.5km` was malformed, negative or not finite.
    case invalidDistance(input: String, reason: String)
    /// A coordinate, radius, tolerance or other argument is out of its domain.
    case invalidArgument(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .geos(operation, message): "GEOS \(operation) failed: \(message)"
        case let .parse(format, message): "cannot read \(format): \(message)"
        case let .proj(operation, message): "PROJ \(operation) failed: \(message)"
        case let .invalidDistance(input, reason): "invalid distance '\(input)': \(reason)"
        case let .invalidArgument(name, value, reason): "invalid \(name) '\(value)': \(reason)"
        }
    }
}
