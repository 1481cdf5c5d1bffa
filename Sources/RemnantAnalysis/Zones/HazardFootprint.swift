import RemnantGeometry
import RemnantStore

/// The hazard footprint of one incident: a geodesic circle of radius
/// footprint radius (munition catalog) + location uncertainty + safety margin, in metres.
public struct HazardFootprint: Sendable, Hashable {
    public var incidentID: String
    public var center: Coordinate
    public var radiusMeters: Double
    /// Catalog key used for the radius and failure rates (a fallback row when unknown).
    public var munitionKey: String

    /// The default safety margin added to every footprint: 100 m, the width IMAS 08.10
    /// practice often uses as a buffer beyond the last evidence point when no better data exists
    /// (documented in the README; set per run with `--margin`).
    public static let defaultMarginMeters = 100.0

    /// The catalog row for an incident: its own munition, else the fallback for its delivery
    /// (`unknown-rocket`, …), else the conservative `unknown` row.
    public static func munition(for incident: Incident, catalog: MunitionCatalog) throws(AnalysisError) -> Munition {
        if let key = incident.munition, let m = catalog[key] { return m }
        if let m = catalog.fallback(for: incident.delivery) { return m }
        throw .noFootprint(incidentID: incident.id, reason: "munition '\(incident.munition ?? "none")' and no fallback row for \(incident.delivery.rawValue)")
    }

    public init(incident: Incident, catalog: MunitionCatalog, marginMeters: Double) throws(AnalysisError) {
        let m = try Self.munition(for: incident, catalog: catalog)
        incidentID = incident.id
        center = incident.location
        munitionKey = m.key
        radiusMeters = m.footprintRadiusMeters + incident.effectiveUncertaintyMeters + marginMeters
    }

    /// The closed counter-clockwise lon/lat ring (``GeodesicCircle``, ≤ 0.1% area shortfall).
    public func ring() throws(AnalysisError) -> [Coordinate] {
        do {
            return try GeodesicCircle(center: center, radius: try Distance(meters: radiusMeters)).ring()
        } catch {
            throw .geometry(context: "footprint of \(incidentID)", message: "\(error)")
        }
    }
}
