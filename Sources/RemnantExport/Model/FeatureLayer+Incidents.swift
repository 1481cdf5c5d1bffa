import RemnantStore

extension FeatureLayer {
    /// The incidents matching `filter`, streamed from the store at constant memory. One aggregate
    /// query first gives the extent (for a KML LookAt) and the most sources any match cites (for
    /// the `sourceN_*` columns); with `near`, features carry `distance_m`.
    public static func incidents(from store: IncidentStore, matching filter: IncidentFilter = IncidentFilter(), name: String? = nil) throws -> FeatureLayer {
        let summary = try store.candidateSummary(matching: filter)
        let withDistance = filter.near != nil
        return FeatureLayer(kind: .incidents, name: name,
                            schema: Incident.featureSchema(sourceColumns: max(1, summary.maxSources), withDistance: withDistance),
                            extent: summary.extent, isPoints: true) { grouped, body in
            try store.forEachIncident(matching: filter, order: grouped ? .countryThenDate : .date) { match in
                try body(match.incident.feature(distanceMeters: match.distanceMeters))
            }
        }
    }
}
