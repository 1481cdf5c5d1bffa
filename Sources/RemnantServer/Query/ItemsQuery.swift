import RemnantGeometry

/// A property a collection can be filtered on by equality (`country=SY`), with its allowed
/// values when it is an enumeration (OGC API – Features Part 1 §7.15.5, "parameters for
/// filtering on feature properties").
public struct Queryable: Sendable, Equatable {
    public var name: String
    public var description: String
    /// The allowed values; nil for free text.
    public var values: [String]?
    /// Whether the comparison ignores case (the store's text comparisons do).
    public var caseInsensitive: Bool

    public init(_ name: String, _ description: String, values: [String]? = nil, caseInsensitive: Bool = true) {
        self.name = name
        self.description = description
        self.values = values
        self.caseInsensitive = caseInsensitive
    }
}

/// The response format a client asked for with `f=` (or, when absent, by `Accept`).
public enum ResponseFormat: String, Sendable, Equatable, CaseIterable {
    case json, html, kml
}

/// A parsed `/collections/{id}/items` request: the pure, separately testable part of the server
/// (a later issue fuzzes it). ``parse(_:queryables:)`` never touches the store.
public struct ItemsQuery: Sendable, Equatable {
    /// West, south, east, north in CRS84; west > east crosses the antimeridian.
    public var bbox: BoundingBox?
    public var datetime: DateTimeFilter?
    public var limit: Int
    public var offset: Int
    /// Equality filters, in parameter-name order; a comma-separated value means any of them.
    public var properties: [PropertyFilter]
    /// `f=json|html|kml`; nil when absent.
    public var format: ResponseFormat?

    public struct PropertyFilter: Sendable, Equatable {
        public var name: String
        public var values: [String]
    }

    public static let defaultLimit = 100
    public static let maximumLimit = 10_000
    /// Offsets beyond this are refused: no collection is that large, and it keeps arithmetic safe.
    public static let maximumOffset = 1_000_000_000

    public init(bbox: BoundingBox? = nil, datetime: DateTimeFilter? = nil, limit: Int = ItemsQuery.defaultLimit, offset: Int = 0,
                properties: [PropertyFilter] = [], format: ResponseFormat? = nil) {
        self.bbox = bbox
        self.datetime = datetime
        self.limit = limit
        self.offset = offset
        self.properties = properties
        self.format = format
    }

    /// Parses decoded query parameters (name, value) of an items request.
    ///
    /// - `bbox`: 4 numbers `W,S,E,N` (or 6 with heights, which are ignored), CRS84 degrees:
    ///   finite, longitudes in −180…180, latitudes in −90…90, south ≤ north. West > east is read
    ///   as crossing the antimeridian when west ≥ 0 ≥ east (e.g. `170,-20,-170,20`); a box with
    ///   both on one side of Greenwich would wrap nearly the whole globe and is refused as swapped.
    /// - `datetime`: see ``DateTimeFilter``.
    /// - `limit`: an integer ≥ 1, default 100; above 10,000 it is reduced to 10,000, as the
    ///   standard requires (/req/core/fc-limit-response-1: no error).
    /// - `offset`: an integer ≥ 0.
    /// - a queryable's name: its value, or several separated by commas; enumerations are checked.
    /// - `f`: json (also `geojson`), html or kml.
    ///
    /// Any other parameter, a repeated one or an empty value is refused (400, naming it), as
    /// /req/core/query-param-unknown asks.
    public static func parse(_ parameters: [(String, String)], queryables: [Queryable]) throws(ServerError) -> ItemsQuery {
        var query = ItemsQuery()
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard !seen.contains(name) else { throw .invalidParameter(name: name, reason: "given more than once") }
            seen.insert(name)
            switch name {
            case "bbox": query.bbox = try parseBBox(value)
            case "datetime": query.datetime = try DateTimeFilter(parsing: value)
            case "limit": query.limit = min(try parseInteger(value, name: "limit", minimum: 1, maximum: nil), maximumLimit)
            case "offset": query.offset = try parseInteger(value, name: "offset", minimum: 0, maximum: maximumOffset)
            case "f": query.format = try parseFormat(value, allowed: ResponseFormat.allCases)
            default:
                guard let q = queryables.first(where: { $0.name == name }) else {
                    let known = ["bbox", "datetime", "limit", "offset", "f"] + queryables.map(\.name)
                    throw .invalidParameter(name: name, reason: "unknown parameter; this collection takes \(known.joined(separator: ", "))")
                }
                query.properties.append(PropertyFilter(name: name, values: try parseValues(value, queryable: q)))
            }
        }
        query.properties.sort { $0.name < $1.name }
        return query
    }

    /// `f=` of the other endpoints (landing page, collections, …): json or html.
    public static func parseFormatOnly(_ parameters: [(String, String)], allowed: [ResponseFormat] = [.json, .html]) throws(ServerError) -> ResponseFormat? {
        var format: ResponseFormat?
        for (name, value) in parameters {
            guard name == "f" else { throw .invalidParameter(name: name, reason: "unknown parameter; only f is accepted here") }
            guard format == nil else { throw .invalidParameter(name: "f", reason: "given more than once") }
            format = try parseFormat(value, allowed: allowed)
        }
        return format
    }

    static func parseFormat(_ value: String, allowed: [ResponseFormat]) throws(ServerError) -> ResponseFormat {
        let v = value == "geojson" ? "json" : value
        guard let f = ResponseFormat(rawValue: v), allowed.contains(f) else {
            throw .invalidParameter(name: "f", reason: "'\(value)' is not one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return f
    }

    static func parseBBox(_ value: String) throws(ServerError) -> BoundingBox {
        func bad(_ reason: String) -> ServerError { .invalidParameter(name: "bbox", reason: reason) }
        guard value.utf8.count <= 200 else { throw bad("too long") }
        let parts = value.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 4 || parts.count == 6 else {
            throw bad("needs 4 numbers (west,south,east,north) or 6 (with heights), got \(parts.count)")
        }
        var numbers: [Double] = []
        for p in parts {
            guard let d = parseDecimal(p) else { throw bad("'\(p)' is not a finite decimal number") }
            numbers.append(d)
        }
        let (w, s, e, n) = parts.count == 4 ? (numbers[0], numbers[1], numbers[2], numbers[3]) : (numbers[0], numbers[1], numbers[3], numbers[4])
        if parts.count == 6 && numbers[2] > numbers[5] { throw bad("the lower height is above the upper one") }
        for lon in [w, e] where !(-180...180).contains(lon) { throw bad("longitude \(lon) is outside -180…180") }
        for lat in [s, n] where !(-90...90).contains(lat) { throw bad("latitude \(lat) is outside -90…90") }
        guard s <= n else { throw bad("south (\(s)) is north of north (\(n))") }
        if w > e && !(w >= 0 && e <= 0) {
            throw bad("west (\(w)) is east of east (\(e)) without crossing the antimeridian; were they swapped?")
        }
        return BoundingBox(minX: w, minY: s, maxX: e, maxY: n)
    }

    /// A plain decimal: optional sign, digits, optional fraction and exponent. Refuses what
    /// `Double(_:)` would also accept but a bbox must not hold: `nan`, `inf`, hex floats, and
    /// anything that overflows to infinity.
    static func parseDecimal(_ s: Substring) -> Double? {
        let t = s.utf8
        guard !t.isEmpty, t.count <= 40 else { return nil }
        var sawDigit = false
        for (i, c) in t.enumerated() {
            switch c {
            case 48...57: sawDigit = true
            case 43, 45: guard i == 0 || [69, 101].contains(Array(t)[i - 1]) else { return nil }
            case 46, 69, 101: continue
            default: return nil
            }
        }
        guard sawDigit, let d = Double(s), d.isFinite else { return nil }
        return d
    }

    static func parseInteger(_ value: String, name: String, minimum: Int, maximum: Int?) throws(ServerError) -> Int {
        let digits = value.hasPrefix("+") ? Substring(value.dropFirst()) : Substring(value)
        let negative = digits.hasPrefix("-")
        let body = negative ? digits.dropFirst() : digits
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw .invalidParameter(name: name, reason: "'\(value)' is not an integer")
        }
        guard !negative || body.utf8.allSatisfy({ $0 == 48 }) || minimum < 0 else {
            throw .invalidParameter(name: name, reason: "must be at least \(minimum), got \(value)")
        }
        // Digits beyond Int's range: as large as can be (limit is then reduced to its maximum).
        let v = Int(body) ?? Int.max
        if v < minimum { throw .invalidParameter(name: name, reason: "must be at least \(minimum), got \(value)") }
        if let maximum, v > maximum { throw .invalidParameter(name: name, reason: "must be at most \(maximum), got \(value)") }
        return v
    }

    static func parseValues(_ value: String, queryable q: Queryable) throws(ServerError) -> [String] {
        guard value.utf8.count <= 500 else { throw .invalidParameter(name: q.name, reason: "too long") }
        let values = value.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
        guard values.allSatisfy({ !$0.isEmpty }) else { throw .invalidParameter(name: q.name, reason: "empty value") }
        guard values.allSatisfy({ $0.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F } }) else {
            throw .invalidParameter(name: q.name, reason: "control characters are not allowed")
        }
        if let allowed = q.values {
            for v in values where !allowed.contains(where: { $0.lowercased() == v.lowercased() }) {
                throw .invalidParameter(name: q.name, reason: "'\(v)' is not one of \(allowed.joined(separator: ", "))")
            }
        }
        return values
    }
}
