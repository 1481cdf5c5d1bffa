/// Every failure the store and its importers report, with the context a user needs to fix it:
/// the file, the line (1-based, counting the header) or feature index, and the field.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field value is malformed or out of range.
    case invalidValue(field: String, value: String, reason: String)
    /// A problem in an input file at a line (CSV, KML) or feature index (GeoJSON).
    case input(file: String, location: String, field: String?, message: String)
    /// The file's format could not be recognised or is not supported.
    case unsupportedFormat(file: String, reason: String)
    /// The store file is not usable (not a GeoPackage, newer schema, locked, ...).
    case store(path: String, message: String)
    /// A lookup found nothing.
    case notFound(what: String, key: String)
    /// SQLite reported an error.
    case database(message: String)

    public var description: String {
        switch self {
        case let .invalidValue(field, value, reason):
            "\(field): '\(value)' \(reason)"
        case let .input(file, location, field, message):
            "\(file):\(location): \(field.map { "\($0): " } ?? "")\(message)"
        case let .unsupportedFormat(file, reason):
            "\(file): \(reason)"
        case let .store(path, message):
            "store \(path): \(message)"
        case let .notFound(what, key):
            "no \(what) '\(key)'"
        case let .database(message):
            "database: \(message)"
        }
    }
}
