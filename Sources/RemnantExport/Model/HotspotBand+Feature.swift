import RemnantAnalysis

extension HotspotBand {
    /// The band as a feature: its level range (in the surface's units: raw kernel sums, or per
    /// km² when scaled), the quantile that set its lower level, and its geodesic area.
    public func feature(idPrefix: String = "HS") -> Feature {
        Feature(id: "\(idPrefix)-\(index)", geometry: .multiPolygon(polygons), properties: [
            ("id", .string("\(idPrefix)-\(index)")),
            ("band", .int(index)),
            ("level_min", .double(lowerLevel)),
            ("level_max", upperLevel.map(PropertyValue.double) ?? .null),
            ("quantile", quantile.map(PropertyValue.double) ?? .null),
            ("area_ha", .double((areaHectares * 100).rounded() / 100)),
            ("polygon_count", .int(polygons.count)),
        ])
    }
}
