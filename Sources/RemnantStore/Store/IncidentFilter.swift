import RemnantGeometry

/// Incident filters; all given criteria must hold (AND). Text comparisons ignore case.
public struct IncidentFilter: Sendable, Equatable {
    public var countries: [String] = []
    public var admin1: String?
    /// Keep incidents whose date period ends on or after this day (`YYYY-MM-DD`).
    public var since: String?
    /// Keep incidents whose date period starts on or before this day (`YYYY-MM-DD`).
    public var until: String?
    public var munitions: [String] = []
    public var deliveries: [Delivery] = []
    /// Substring of the alleged actor.
    public var actor: String?
    public var evidence: Evidence?
    public var statuses: [ReviewStatus] = []
    public var siteTypes: [SiteType] = []
    /// West, south, east, north in degrees; west > east crosses the antimeridian.
    public var bbox: BoundingBox?
    /// Within this distance (geodesic, metres) of a point.
    public var near: (center: Coordinate, meters: Double)?
    /// Inside this lon/lat polygon (WKB, so the filter stays Sendable); boundary points count.
    public var within: WKBBytes?

    public init() {}

    public static func == (a: IncidentFilter, b: IncidentFilter) -> Bool {
        a.countries == b.countries && a.admin1 == b.admin1 && a.since == b.since && a.until == b.until && a.munitions == b.munitions
            && a.deliveries == b.deliveries && a.actor == b.actor && a.evidence == b.evidence && a.statuses == b.statuses
            && a.siteTypes == b.siteTypes && a.bbox == b.bbox && a.near?.center == b.near?.center && a.near?.meters == b.near?.meters
            && a.within == b.within
    }

    /// SQL conditions and arguments for the attribute criteria (spatial ones are applied separately).
    func attributeSQL() -> (clauses: [String], arguments: [(any Sendable)?]) {
        var clauses: [String] = []
        var args: [(any Sendable)?] = []
        func list<T>(_ column: String, _ values: [T], _ map: (T) -> String) {
            guard !values.isEmpty else { return }
            clauses.append("\(column) COLLATE NOCASE IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))")
            args += values.map { map($0) }
        }
        list("country", countries) { $0 }
        if let admin1 { clauses.append("admin1 = ? COLLATE NOCASE"); args.append(admin1) }
        if let since { clauses.append("date_end >= ?"); args.append(since) }
        if let until { clauses.append("date_start <= ?"); args.append(until) }
        list("munition", munitions) { $0 }
        list("delivery", deliveries) { $0.rawValue }
        if let actor { clauses.append("instr(lower(actor_alleged), lower(?)) > 0"); args.append(actor) }
        if let evidence { clauses.append("evidence = ?"); args.append(evidence.rawValue) }
        list("status", statuses) { $0.rawValue }
        list("site_type", siteTypes) { $0.rawValue }
        return (clauses, args)
    }
}
