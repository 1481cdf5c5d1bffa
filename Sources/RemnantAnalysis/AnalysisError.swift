/// Failures of the analysis layer, with the incident or area concerned.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The munition catalog has no row for a key and no fallback for its delivery type.
    case noFootprint(incidentID: String, reason: String)
    /// GEOS or PROJ failed while building or measuring an area.
    case geometry(context: String, message: String)
    /// An option is out of range.
    case invalidOption(name: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .noFootprint(id, reason): "incident \(id): no hazard footprint: \(reason)"
        case let .geometry(context, message): "\(context): \(message)"
        case let .invalidOption(name, value, reason): "\(name) '\(value)': \(reason)"
        }
    }
}
