import Foundation

/// The munition catalog, read from `munitions.csv`, with lookups by key and a "did you mean".
public struct MunitionCatalog: Sendable {
    public private(set) var munitions: [Munition]
    private var byKey: [String: Int]

    public static let columns = ["key", "carrier", "carrier_type", "delivery", "calibre_mm", "submunition", "submunition_type",
                                 "submunitions_per_carrier", "footprint_radius_m", "footprint_radius_source", "failure_rate_low",
                                 "failure_rate_high", "failure_rate_source", "catalog_source", "notes"]

    public init(_ munitions: [Munition]) {
        self.munitions = munitions
        byKey = Dictionary(munitions.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Reads and validates the catalog CSV: every row needs a unique key, a delivery, a positive
    /// footprint radius and failure rates with 0 ≤ low ≤ high ≤ 1.
    public init(csv reader: CSVReader) throws(StoreError) {
        guard let header = try reader.next() else {
            throw .input(file: reader.name, location: "1", field: nil, message: "empty file; expected the munition catalog header")
        }
        let missing = Self.columns.filter { !header.fields.contains($0) }
        guard missing.isEmpty else {
            throw .input(file: reader.name, location: "1", field: nil, message: "missing columns: \(missing.joined(separator: ", "))")
        }
        var list: [Munition] = []
        var seen: [String: Int] = [:]
        while let record = try reader.next() {
            let raw = RawRecord(file: reader.name, location: "\(record.line)",
                                fields: Dictionary(zip(header.fields, record.fields), uniquingKeysWith: { a, _ in a }))
            guard record.fields.count == header.fields.count else {
                throw raw.error(nil, "has \(record.fields.count) fields; the header has \(header.fields.count)")
            }
            guard let key = raw["key"] else { throw raw.error("key", "missing") }
            if let first = seen[key] { throw raw.error("key", "'\(key)' repeats line \(first)") }
            seen[key] = record.line
            let delivery = try raw.enumValue("delivery", Delivery.self)
            let radius = try raw.number("footprint_radius_m", required: true)!
            guard radius > 0 else { throw raw.error("footprint_radius_m", "must be greater than 0") }
            let low = try raw.number("failure_rate_low", required: true)!
            let high = try raw.number("failure_rate_high", required: true)!
            guard 0 <= low, low <= high, high <= 1 else {
                throw raw.error("failure_rate_low", "failure rates need 0 ≤ low ≤ high ≤ 1 (got \(low), \(high))")
            }
            list.append(Munition(
                key: key, carrier: raw["carrier"] ?? "", carrierType: raw["carrier_type"] ?? "", delivery: delivery ?? .unknown,
                calibreMillimeters: try raw.number("calibre_mm"), submunition: raw["submunition"] ?? "",
                submunitionType: raw["submunition_type"] ?? "", submunitionsPerCarrier: try raw.integer("submunitions_per_carrier"),
                footprintRadiusMeters: radius, footprintRadiusSource: raw["footprint_radius_source"] ?? "",
                failureRateLow: low, failureRateHigh: high, failureRateSource: raw["failure_rate_source"] ?? "",
                catalogSource: raw["catalog_source"] ?? "", notes: raw["notes"] ?? ""))
        }
        self.init(list)
    }

    /// Reads the catalog file at `url`.
    public init(url: URL) throws(StoreError) {
        try self.init(csv: try CSVReader(url: url))
    }

    public subscript(key: String) -> Munition? {
        byKey[key].map { munitions[$0] }
    }

    public func contains(_ key: String) -> Bool { byKey[key] != nil }

    /// The fallback row for a delivery type: `unknown-air-dropped`, …, or `unknown`.
    public func fallback(for delivery: Delivery) -> Munition? {
        self["unknown-\(delivery.rawValue)"] ?? self["unknown"]
    }

    /// Up to `limit` keys closest to `key` by edit distance, for "did you mean" messages.
    public func suggestions(for key: String, limit: Int = 3) -> [String] {
        let lower = key.lowercased()
        return munitions.map { ($0.key, EditDistance.levenshtein(lower, $0.key)) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit).map(\.0)
    }
}

/// Edit distances for suggestions.
enum EditDistance {
    /// Levenshtein distance: insertions, deletions and substitutions, each costing 1.
    static func levenshtein(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
