import RemnantGeometry
import RemnantStore

extension Incident {
    /// The incident as a feature. Property names are the store's column names (as in
    /// `GeoData/incidents.csv`), so every export re-imports; `sources` is an array of objects.
    public func feature(distanceMeters: Double? = nil) -> Feature {
        var p: [(String, PropertyValue)] = [
            ("id", .string(id)),
            ("date", .date(date.iso)),
            ("date_precision", .string(date.precision.rawValue)),
            ("date_start", .date(date.firstDay)),
            ("date_end", .date(date.lastDay)),
            ("country", .string(country)),
            ("admin1", PropertyValue(admin1)),
            ("admin2", PropertyValue(admin2)),
            ("place", PropertyValue(place)),
            ("lon", .double(location.lon)),
            ("lat", .double(location.lat)),
            ("geo_precision", .int(geoPrecision.rawValue)),
            ("uncertainty_m", .double(effectiveUncertaintyMeters)),
            ("site_type", .string(siteType.rawValue)),
            ("munition", PropertyValue(munition)),
            ("carriers", PropertyValue(carriers)),
            ("delivery", .string(delivery.rawValue)),
            ("actor_alleged", PropertyValue(actorAlleged)),
            ("attribution_confidence", PropertyValue(attributionConfidence?.rawValue)),
            ("evidence", .string(evidence.rawValue)),
            ("unexploded_observed", PropertyValue(unexplodedObserved)),
            ("killed", PropertyValue(killed)),
            ("injured", PropertyValue(injured)),
            ("civilian", PropertyValue(civilian)),
            ("status", .string(status.rawValue)),
            ("notes", PropertyValue(notes)),
            ("sources", .array(sources.map { s in
                .object([("organisation", .string(s.organisation)), ("title", PropertyValue(s.title)),
                         ("date", s.date.map(PropertyValue.date) ?? .null), ("url", PropertyValue(s.url))])
            })),
        ]
        if let distanceMeters { p.append(("distance_m", .double((distanceMeters * 10).rounded() / 10))) }
        return Feature(id: id, geometry: .point(location), properties: p)
    }

    /// The flat columns of an incident layer (the CSV column names, so KML, GeoPackage and CSV
    /// exports re-import), with `sourceColumns` groups of `sourceN_*` columns and, for
    /// distance queries, `distance_m`.
    public static func featureSchema(sourceColumns: Int, withDistance: Bool = false) -> FeatureSchema {
        let s = FeatureSchema.FieldType.string
        var fields: [FeatureSchema.Field] = [
            .init("id", s), .init("date", s), .init("date_precision", s), .init("date_start", .date), .init("date_end", .date),
            .init("country", s), .init("admin1", s), .init("admin2", s), .init("place", s), .init("lon", .double), .init("lat", .double),
            .init("geo_precision", .int), .init("uncertainty_m", .double), .init("site_type", s), .init("munition", s),
            .init("carriers", .int), .init("delivery", s), .init("actor_alleged", s), .init("attribution_confidence", s),
            .init("evidence", s), .init("unexploded_observed", .bool), .init("killed", .int), .init("injured", .int),
            .init("civilian", .bool), .init("status", s), .init("notes", s),
        ]
        fields += FeatureSchema.sourceFields(sourceColumns)
        if withDistance { fields.append(.init("distance_m", .double)) }
        return FeatureSchema(fields)
    }
}
