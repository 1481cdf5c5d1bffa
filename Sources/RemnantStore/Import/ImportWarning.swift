/// Something an import accepted but a person should look at: a point outside its declared
/// country, coordinates that look swapped, a default that was assumed.
public struct ImportWarning: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var location: String
    public var incidentID: String?
    public var message: String

    public var description: String {
        "\(file):\(location): warning: \(incidentID.map { "\($0): " } ?? "")\(message)"
    }
}
