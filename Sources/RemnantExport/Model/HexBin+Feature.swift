import RemnantAnalysis

extension HexBin {
    /// The hexagon as a feature: its axial index, point count, summed weight and geodesic area.
    public var feature: Feature {
        let id = "HEX\(q)_\(r)"
        return Feature(id: id, geometry: .multiPolygon([[ring]]), properties: [
            ("id", .string(id)),
            ("q", .int(q)),
            ("r", .int(r)),
            ("count", .int(count)),
            ("weight_sum", .double(weightSum)),
            ("area_ha", .double((areaHectares * 100).rounded() / 100)),
            ("center_lon", .double((center.lon * 1e6).rounded() / 1e6)),
            ("center_lat", .double((center.lat * 1e6).rounded() / 1e6)),
        ])
    }
}
