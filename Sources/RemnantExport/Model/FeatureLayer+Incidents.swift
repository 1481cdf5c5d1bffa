import RemnantStore

extension FeatureLayer {
    /// The incidents matching `filter`, streamed from the store at constant memory in storage
    /// (import) order, one sequential pass (by country, for KML folders). One aggregate query
    /// first gives the extent (for a KML LookAt) and the most sources any match cites (for the
    /// `sourceN_*` columns); with `near`, features carry `distance_m`.
    ///
    /// Its batches (``forEachBatch``) are rows copied out of SQLite, decoded into incidents and
    /// features where they are formatted (``forEachEncodedBatch``), so the reading thread does
    /// little more than step SQLite.
    public static func incidents(from store: IncidentStore, matching filter: IncidentFilter = IncidentFilter(), name: String? = nil) throws -> FeatureLayer {
        let summary = try store.candidateSummary(matching: filter)
        let withDistance = filter.near != nil
        var layer = FeatureLayer(kind: .incidents, name: name,
                                 schema: Incident.featureSchema(sourceColumns: max(1, summary.maxSources), withDistance: withDistance),
                                 extent: summary.extent, isPoints: true) { grouped, body in
            try store.forEachIncident(matching: filter, order: grouped ? .countryThenStorage : .storage) { match in
                try body(match.incident.feature(distanceMeters: match.distanceMeters))
            }
        }
        layer.forEachBatch = { grouped, body in
            try store.forEachIncidentRowBatch(matching: filter, order: grouped ? .countryThenStorage : .storage,
                                              batchSize: Self.encodingBatchSize) { rows in
                try body(FeatureBatch { try rows.matches().map { $0.incident.feature(distanceMeters: $0.distanceMeters) } })
            }
        }
        return layer
    }
}
