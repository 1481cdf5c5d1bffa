import RemnantAnalysis

extension FeatureLayer {
    /// Hazard areas in priority order; in KML, grouped by the nearest place's country.
    public static func zones(_ areas: [HazardArea], name: String? = nil) -> FeatureLayer {
        .inMemory(kind: .zones, name: name, features: areas.map(\.feature), schema: HazardArea.featureSchema)
    }
}
