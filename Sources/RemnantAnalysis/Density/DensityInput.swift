import RemnantGeometry
import RemnantStore

/// The weighted points a density or hex binning is computed from: the incidents' locations
/// (WGS84 lon/lat) and their weights, with stockpile sites left out unless asked for (they are not
/// strikes) and incidents whose weight is unknown left out and listed, never counted as zero.
public struct DensityInput: Sendable {
    public var points: [Coordinate] = []
    public var weights: [Double] = []
    /// Ids of incidents left out because their weight is unknown.
    public var unknownWeight: [String] = []
    /// Ids of stockpile sites left out.
    public var stockpiles: [String] = []

    public init(incidents: [Incident], weight: DensityWeight, catalog: MunitionCatalog, includeStockpiles: Bool = false) {
        for incident in incidents.sorted(by: { $0.id < $1.id }) {
            if incident.siteType == .stockpile && !includeStockpiles { stockpiles.append(incident.id); continue }
            guard let w = weight.weight(of: incident, catalog: catalog) else { unknownWeight.append(incident.id); continue }
            points.append(incident.location)
            weights.append(w)
        }
    }
}
