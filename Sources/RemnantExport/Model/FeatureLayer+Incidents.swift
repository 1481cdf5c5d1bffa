import RemnantStore

extension FeatureLayer {
    /// The incidents matching `filter`, streamed from the store at constant memory in storage
    /// (import) order, one sequential pass (by country, for KML folders). One aggregate query
    /// first gives the extent (for a KML LookAt) and the most sources any match cites (for the
    /// `sourceN_*` columns); with `near`, features carry `distance_m`.
    ///
    /// Reading and writing share one thread: a producer thread feeding the writer through a
    /// bounded channel was tried and was slower (20 s against 16 s CPU for 1M incidents, and
    /// slower in wall time) on the shared 2-core machine, where the second core is rarely free.
    public static func incidents(from store: IncidentStore, matching filter: IncidentFilter = IncidentFilter(), name: String? = nil) throws -> FeatureLayer {
        let summary = try store.candidateSummary(matching: filter)
        let withDistance = filter.near != nil
        return FeatureLayer(kind: .incidents, name: name,
                            schema: Incident.featureSchema(sourceColumns: max(1, summary.maxSources), withDistance: withDistance),
                            extent: summary.extent, isPoints: true) { grouped, body in
            try store.forEachIncident(matching: filter, order: grouped ? .countryThenStorage : .storage) { match in
                try body(match.incident.feature(distanceMeters: match.distanceMeters))
            }
        }
    }
}
