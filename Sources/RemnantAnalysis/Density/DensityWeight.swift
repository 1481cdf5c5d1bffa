import RemnantStore

/// What each incident contributes to a density (`--weight`): 1 each, the submunitions it
/// delivered (carriers × submunitions per carrier from the munition catalog), or its casualties
/// (killed + injured).
public enum DensityWeight: String, Sendable, CaseIterable {
    case count, submunitions, casualties

    /// The weight of `incident`, or nil when it is unknown (no carrier count or catalog load; no
    /// casualty figures). Unknown is never taken as zero: such incidents are left out and counted.
    public func weight(of incident: Incident, catalog: MunitionCatalog) -> Double? {
        switch self {
        case .count:
            return 1
        case .submunitions:
            guard let carriers = incident.carriers, let key = incident.munition,
                  let load = catalog[key]?.submunitionsPerCarrier else { return nil }
            return Double(carriers * load)
        case .casualties:
            guard incident.killed != nil || incident.injured != nil else { return nil }
            return Double((incident.killed ?? 0) + (incident.injured ?? 0))
        }
    }
}
