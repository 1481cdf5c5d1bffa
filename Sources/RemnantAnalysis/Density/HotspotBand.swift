import RemnantGeometry

/// One hotspot band: the part of a density surface whose value lies in `[lowerLevel, upperLevel)`
/// (the top band has no upper level), as WGS84 polygons with its geodesic area.
public struct HotspotBand: Sendable, Equatable {
    /// 1 for the lowest band, counting up.
    public var index: Int
    public var lowerLevel: Double
    /// nil for the top band (everything at or above `lowerLevel`).
    public var upperLevel: Double?
    /// The quantile of the non-zero cells that gave `lowerLevel`, when bands were asked for by
    /// quantile.
    public var quantile: Double?
    /// Polygons as rings (exterior first), WGS84 lon/lat.
    public var polygons: [[[Coordinate]]]
    /// Geodesic area of the band (`geod_polygonarea`, holes subtracted), hectares.
    public var areaHectares: Double
}
