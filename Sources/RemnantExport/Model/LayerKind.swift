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
        case .hexes, .hotspots: "country"
        }
    }
}
