/// One source an incident cites: who said it, in what, when, and where to read it.
public struct IncidentSource: Codable, Hashable, Sendable {
    public var organisation: String
    public var title: String?
    /// Publication date as given (ISO 8601, `YYYY-MM-DD` or `YYYY-MM`), if known.
    public var date: String?
    public var url: String?

    public init(organisation: String, title: String? = nil, date: String? = nil, url: String? = nil) {
        self.organisation = organisation
        self.title = title
        self.date = date
        self.url = url
    }
}
