import RemnantAnalysis

extension HazardArea {
    /// The hazard area as a feature: class, geodesic area and perimeter, incidents, dates,
    /// estimated submunitions and remnants, casualties, nearest place and priority.
    public var feature: Feature {
        Feature(id: id, geometry: .multiPolygon(polygons), properties: [
            ("id", .string(id)),
            ("class", .string(hazardClass.rawValue)),
            ("priority_rank", .int(priorityRank)),
            ("priority_score", .double((priorityScore * 1e4).rounded() / 1e4)),
            ("area_ha", .double((areaHectares * 100).rounded() / 100)),
            ("perimeter_m", .double(perimeterMeters.rounded())),
            ("incident_count", .int(incidentIDs.count)),
            ("incident_ids", .array(incidentIDs.map(PropertyValue.string))),
            ("first_date", .date(firstDate)),
            ("last_date", .date(lastDate)),
            ("submunitions_delivered", .int(submunitionsDelivered)),
            ("incidents_count_unknown", .int(incidentsWithUnknownCount)),
            ("remnants_low", .double(remnantsLow.rounded())),
            ("remnants_high", .double(remnantsHigh.rounded())),
            ("killed", .int(killed)),
            ("injured", .int(injured)),
            ("nearest_place", PropertyValue(nearestPlace)),
            ("nearest_place_country", PropertyValue(nearestPlaceCountry)),
            ("nearest_place_m", nearestPlaceMeters.map { .double($0.rounded()) } ?? .null),
        ])
    }

    /// The flat columns of a hazard-area layer; `incident_ids` is text joined by `; `.
    public static let featureSchema = FeatureSchema([
        .init("id", .string), .init("class", .string), .init("priority_rank", .int), .init("priority_score", .double),
        .init("area_ha", .double), .init("perimeter_m", .double), .init("incident_count", .int), .init("incident_ids", .string),
        .init("first_date", .date), .init("last_date", .date), .init("submunitions_delivered", .int),
        .init("incidents_count_unknown", .int), .init("remnants_low", .double), .init("remnants_high", .double),
        .init("killed", .int), .init("injured", .int), .init("nearest_place", .string), .init("nearest_place_country", .string),
        .init("nearest_place_m", .double),
    ])
}
