import Foundation

/// Errors of the OGC API – Features server: bad request parameters name the parameter.
public enum ServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A query parameter was malformed or out of range (HTTP 400).
    case invalidParameter(name: String, reason: String)
    /// No such collection or feature (HTTP 404).
    case notFound(String)
    /// The server could not start (bind failure, unreadable store, …).
    case startup(String)

    public var description: String {
        switch self {
        case .invalidParameter(let name, let reason): return "\(name): \(reason)"
        case .notFound(let what): return "\(what) not found"
        case .startup(let why): return "server: \(why)"
        }
    }
}
