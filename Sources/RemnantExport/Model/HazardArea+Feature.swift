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
}
