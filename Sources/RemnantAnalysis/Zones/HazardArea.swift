import RemnantGeometry
import RemnantStore

/// IMAS/IMSMA hazardous-area classes.
public enum HazardClass: String, Sendable, CaseIterable {
    /// Confirmed hazardous area: direct evidence of explosive ordnance (remnants, duds, strikes seen).
    case cha = "CHA"
    /// Suspected hazardous area: indirect evidence only (reports).
    case sha = "SHA"
}

/// One hazard area: the union of overlapping footprints, with what a clearance planner needs.
public struct HazardArea: Sendable, Equatable {
    /// Stable id from the incident ids it contains: the same incidents give the same id.
    public var id: String
    public var hazardClass: HazardClass
    /// Polygons as rings in lon/lat, exterior counter-clockwise, holes clockwise.
    public var polygons: [[[Coordinate]]]
    public var areaHectares: Double
    public var perimeterMeters: Double
    public var incidentIDs: [String]
    public var firstDate: String
    public var lastDate: String
    /// Submunitions delivered, summed over incidents whose carriers and load are known.
    public var submunitionsDelivered: Int
    /// Incidents whose delivered count is unknown (carriers or load missing).
    public var incidentsWithUnknownCount: Int
    /// Expected unexploded remnants, low and high, from the catalog failure rates.
    public var remnantsLow: Double
    public var remnantsHigh: Double
    public var killed: Int
    public var injured: Int
    public var nearestPlace: String?
    public var nearestPlaceCountry: String?
    /// Geodesic distance from the nearest populated place to the area (0 when inside).
    public var nearestPlaceMeters: Double?
    public var priorityScore: Double
    public var priorityRank: Int
}
