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
}
