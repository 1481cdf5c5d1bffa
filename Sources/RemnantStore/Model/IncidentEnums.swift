/// How precisely an incident's date is known. The stored date is the first day of the period.
public enum DatePrecision: String, Codable, Sendable, CaseIterable {
    case day, week, month, year
}

/// How precisely an incident is located, in ACLED's sense.
public enum GeoPrecision: Int, Codable, Sendable, CaseIterable, Comparable {
    /// The named place itself (village, town, neighbourhood).
    case place = 1
    /// Near or part of a named place (outskirts, "near X", a district of a larger area).
    case nearPlace = 2
    /// A region only (admin-1/admin-2 level).
    case region = 3

    /// The location uncertainty assumed when a record gives none, in metres: the radius within
    /// which the strike is believed to lie. 1 km covers a village's built-up area, 5 km the
    /// surroundings of a named place, 25 km a district. Documented in README "Incident model".
    public var defaultUncertaintyMeters: Double {
        switch self {
        case .place: 1_000
        case .nearPlace: 5_000
        case .region: 25_000
        }
    }

    public static func < (a: GeoPrecision, b: GeoPrecision) -> Bool { a.rawValue < b.rawValue }
}

/// What kind of site the record describes.
public enum SiteType: String, Codable, Sendable, CaseIterable {
    case strike
    /// Unexploded submunitions or remnants found, strike not witnessed.
    case remnantFind = "remnant-find"
    /// A stockpile (e.g. munitions seen at an air base): not a strike footprint.
    case stockpile
}

/// How the munition was delivered.
public enum Delivery: String, Codable, Sendable, CaseIterable {
    case airDropped = "air-dropped"
    case rocket
    case projectile
    case missile
    case unknown
}

/// Evidence in IMSMA's sense: direct (remnants, duds or the strike seen, photographed, on
/// verified imagery, or found by deminers) or indirect (reports only).
public enum Evidence: String, Codable, Sendable, CaseIterable {
    case direct, indirect
}

/// Review state of a record.
public enum ReviewStatus: String, Codable, Sendable, CaseIterable {
    /// A single report, not independently investigated.
    case reported
    /// Investigated in the field or by physical evidence (HRW, Amnesty, Monitor research, deminers).
    case verified
    /// Occurrence or attribution is contested.
    case disputed
}

/// Confidence in the alleged user.
public enum AttributionConfidence: String, Codable, Sendable, CaseIterable {
    case high, medium, low
}
