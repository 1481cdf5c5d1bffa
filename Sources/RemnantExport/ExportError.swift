/// Failures of the export layer, with the file and what went wrong.
public enum ExportError: Error, Equatable, Sendable, CustomStringConvertible {
    case write(path: String, message: String)
    case unsupported(format: String, reason: String)

    public var description: String {
        switch self {
        case let .write(path, message): "cannot write \(path): \(message)"
        case let .unsupported(format, reason): "\(format): \(reason)"
        }
    }
}
