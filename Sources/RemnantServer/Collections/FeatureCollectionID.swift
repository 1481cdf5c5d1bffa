import RemnantExport
import RemnantStore

/// The collections the server offers, with their titles and queryable properties.
public enum FeatureCollectionID: String, Sendable, CaseIterable {
    case incidents, zones, hexes

    public var kind: LayerKind {
        switch self {
        case .incidents: .incidents
        case .zones: .zones
        case .hexes: .hexes
        }
    }

    public var title: String {
        switch self {
        case .incidents: "Cluster-munition incidents"
        case .zones: "Hazard areas (CHA/SHA)"
        case .hexes: "Incident hex bins (10 km)"
        }
    }

    public var summary: String {
        switch self {
        case .incidents:
            "Sourced strike incidents, remnant finds and stockpiles: allegations as reported by the cited sources."
        case .zones:
            "Merged geodesic footprints of the incidents (100 m margin, stockpiles left out), ranked by priority; CHA where any incident has direct evidence, else SHA."
        case .hexes:
            "Incidents (stockpiles left out) counted in 10 km hexagons of equal ground area, per country."
        }
    }

    /// Properties that `items` filters on by equality.
    public var queryables: [Queryable] {
        switch self {
        case .incidents:
            [Queryable("country", "ISO 3166-1 alpha-2 country code"),
             Queryable("admin1", "First-level administrative division"),
             Queryable("munition", "Munition key of the catalog"),
             Queryable("delivery", "Delivery type", values: Delivery.allCases.map(\.rawValue)),
             Queryable("evidence", "IMSMA evidence", values: Evidence.allCases.map(\.rawValue)),
             Queryable("status", "Review status", values: ReviewStatus.allCases.map(\.rawValue)),
             Queryable("site_type", "Site type", values: SiteType.allCases.map(\.rawValue))]
        case .zones:
            [Queryable("class", "Hazard class", values: ["CHA", "SHA"]),
             Queryable("nearest_place_country", "Country of the nearest populated place")]
        case .hexes:
            [Queryable("country", "Country of the binned incidents")]
        }
    }

    /// The property holding each feature's date (period) for `datetime`: start and end names.
    var temporalProperties: (start: String, end: String)? {
        switch self {
        case .incidents: ("date_start", "date_end")
        case .zones: ("first_date", "last_date")
        case .hexes: nil
        }
    }
}
