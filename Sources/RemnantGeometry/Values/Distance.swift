/// A non-negative length in metres: a footprint radius, a safety margin, a search radius.
///
/// Parses what a field officer types: `500m`, `2.5km`, `750 m`, `1200` (plain numbers are metres).
/// Units accepted: `m`, `km` (case-insensitive). Negative, non-finite and malformed values are rejected.
public struct Distance: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in metres; finite and >= 0.
    public let meters: Double

    /// - Throws: ``GeometryError/invalidDistance(input:reason:)`` for a negative or non-finite value.
    public init(meters: Double) throws {
        guard meters.isFinite else {
            throw GeometryError.invalidDistance(input: "\(meters)", reason: "must be a finite number of metres")
        }
        guard meters >= 0 else {
            throw GeometryError.invalidDistance(input: "\(meters)", reason: "must not be negative")
        }
        self.meters = meters
    }

    public static func kilometers(_ km: Double) throws -> Distance { try Distance(meters: km * 1000) }

    public static let zero = Distance(validatedMeters: 0)

    private init(validatedMeters: Double) {
        meters = validatedMeters
    }

    public var kilometers: Double { meters / 1000 }

    /// Parses `500m`, `2.5km`, `750 m`, `1e3 m` or a plain number of metres.
    /// - Throws: ``GeometryError/invalidDistance(input:reason:)`` naming the input and what is wrong.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw GeometryError.invalidDistance(input: text, reason: "empty; expected e.g. 500m, 2.5km or 750")
        }
        let lower = trimmed.lowercased()
        let (numberPart, factor): (Substring, Double)
        if lower.hasSuffix("km") {
            (numberPart, factor) = (lower.dropLast(2), 1000)
        } else if lower.hasSuffix("m") {
            (numberPart, factor) = (lower.dropLast(1), 1)
        } else {
            (numberPart, factor) = (Substring(lower), 1)
        }
        let number = String(numberPart).trimmingWhitespace()
        // Digits, one optional decimal point and exponent only: Double("nan"), "inf" and hex are refused.
        let allowed = Set("0123456789.e+-")
        guard !number.isEmpty, number.allSatisfy(allowed.contains), let value = Double(number) else {
            throw GeometryError.invalidDistance(
                input: text, reason: "not a number with unit m or km; expected e.g. 500m, 2.5km or 750")
        }
        guard value.isFinite else {
            throw GeometryError.invalidDistance(input: text, reason: "must be a finite number")
        }
        guard value >= 0 else {
            throw GeometryError.invalidDistance(input: text, reason: "must not be negative")
        }
        try self.init(meters: value * factor)
    }

    public static func < (lhs: Distance, rhs: Distance) -> Bool { lhs.meters < rhs.meters }

    /// `750 m` below one kilometre, `2.5 km` above, as a mine-action report writes it.
    public var description: String {
        if meters >= 1000 {
            return "\(Distance.trim(meters / 1000)) km"
        }
        return "\(Distance.trim(meters)) m"
    }

    private static func trim(_ v: Double) -> String {
        let rounded = (v * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
