/// The kinds of layer Remnant exports. Each has its KML style family (see ``KMLStyles``), its
/// default table or folder name, and the property its KML folders are grouped by.
public enum LayerKind: String, Sendable, CaseIterable {
    case incidents, zones, hexes, hotspots

    /// The folder, table and layer name.
    public var title: String {
        switch self {
        case .incidents: "Incidents"
        case .zones: "Hazard areas"
        case .hexes: "Density hex bins"
        case .hotspots: "Hotspots"
        }
    }

    /// The property whose value names the sub-folder of each feature in KML ("per country").
    public var countryProperty: String? {
        switch self {
        case .incidents: "country"
        case .zones: "nearest_place_country"
        case .hexes, .hotspots: nil   // one grid over every country: no per-country folders
        }
    }

    /// The attributes a KML balloon's table shows (all of them, typed, are in ExtendedData); nil
    /// for every column but ids, coordinates and sources. For incidents, what a reader of the map
    /// needs: the name and TimeStamp already give place and date.
    public var descriptionFields: [String]? {
        switch self {
        case .incidents:
            ["date", "site_type", "munition", "carriers", "delivery", "actor_alleged", "evidence", "unexploded_observed",
             "killed", "injured", "civilian", "status", "uncertainty_m", "notes"]
        case .zones, .hexes, .hotspots: nil
        }
    }
}
