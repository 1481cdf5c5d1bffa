import Foundation
import RemnantGeometry

/// One non-empty hexagon of a hex-bin grid: its axial index, its WGS84 outline and centre, and
/// the number and summed weight of the points inside it.
public struct HexBin: Sendable, Equatable {
    /// Axial coordinates (q, r) of the hexagon in its grid (Red Blob Games' pointy-top layout).
    public var q: Int
    public var r: Int
    /// Centre, WGS84 lon/lat.
    public var center: Coordinate
    /// Closed outline (7 points, counter-clockwise), WGS84 lon/lat.
    public var ring: [Coordinate]
    public var count: Int
    public var weightSum: Double
    /// Geodesic area of the outline (`geod_polygonarea`), hectares.
    public var areaHectares: Double
}

/// Hexagonal binning in a Lambert azimuthal equal-area frame centred on the points, so every
/// hexagon has the same ground area, (√3/2)·d² for a spacing d (the distance between the centres
/// of neighbouring hexagons, which is also the width across flats).
///
/// Hexagons are pointy-top; a point goes to the hexagon whose centre is nearest (axial
/// coordinates rounded in cube space, Red Blob Games' "Hexagonal Grids"), so every point is
/// counted exactly once. The lattice is anchored at the frame's origin (the centre of the points'
/// bounding box).
public struct HexBinning: Sendable {
    public var spacingMeters: Double

    public init(spacingMeters: Double) throws(AnalysisError) {
        guard spacingMeters.isFinite, spacingMeters > 0 else {
            throw .invalidOption(name: "--hex", value: "\(spacingMeters)", reason: "must be a distance greater than 0")
        }
        self.spacingMeters = spacingMeters
    }

    /// The non-empty hexagons holding `points` (WGS84 lon/lat) with `weights` (1 each when nil),
    /// sorted by (r, q), and the frame they were built in.
    public func bins(lonLat points: [Coordinate], weights: [Double]? = nil) throws(AnalysisError) -> (bins: [HexBin], crs: LocalMetricCRS) {
        guard let box = BoundingBox(covering: points) else {
            throw .invalidOption(name: "incidents", value: "0", reason: "no incidents match the filters, so there is nothing to bin")
        }
        if let weights, weights.count != points.count {
            throw .invalidOption(name: "weights", value: "\(weights.count)", reason: "need one weight per point (\(points.count))")
        }
        do {
            let proj = PROJContext()
            let (crs, projected) = try KernelDensity.equalAreaFrame(centredOn: box, projecting: points, context: proj)
            let transformer = try crs.transformer(in: proj)
            let frame = BoundingBox(covering: projected)!
            if max(frame.width, frame.height) > KernelDensity.maximumExtentMeters {
                throw AnalysisError.invalidOption(name: "incidents", value: String(format: "%.0f × %.0f km", frame.width / 1000, frame.height / 1000),
                                                  reason: "one hex grid is limited to \(Int(KernelDensity.maximumExtentMeters / 1000)) km; narrow the selection")
            }
            var cells: [HexIndex: (count: Int, weight: Double)] = [:]
            for (i, p) in projected.enumerated() {
                let h = hexIndex(of: p)
                cells[h, default: (0, 0)].count += 1
                cells[h, default: (0, 0)].weight += weights?[i] ?? 1
            }
            var bins: [HexBin] = []
            for (h, tally) in cells.sorted(by: { ($0.key.r, $0.key.q) < ($1.key.r, $1.key.q) }) {
                let c = center(of: h)
                var corners = (0..<6).map { k in
                    let angle = (30 + 60 * Double(k)) * .pi / 180
                    return Coordinate(x: c.x + circumradius * cos(angle), y: c.y + circumradius * sin(angle))
                }
                corners.append(corners[0])
                let ring = try transformer.transform(corners, inverse: true)
                let lonLatCenter = try transformer.transform(c, inverse: true)
                bins.append(HexBin(q: h.q, r: h.r, center: lonLatCenter, ring: ring, count: tally.count, weightSum: tally.weight,
                                   areaHectares: Geodesic.wgs84.measureRing(ring).areaSquareMeters / 10_000))
            }
            return (bins, crs)
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw .geometry(context: "hex binning", message: "\(error)")
        }
    }

    struct HexIndex: Hashable { var q: Int; var r: Int }

    /// Distance from a hexagon's centre to its corners: d/√3.
    var circumradius: Double { spacingMeters / 3.0.squareRoot() }

    /// Centre of hexagon (q, r) in the frame's metres: x = d·(q + r/2), y = d·(√3/2)·r.
    func center(of h: HexIndex) -> Coordinate {
        Coordinate(x: spacingMeters * (Double(h.q) + Double(h.r) / 2), y: spacingMeters * 3.0.squareRoot() / 2 * Double(h.r))
    }

    /// The hexagon whose centre is nearest `p` (fractional axial coordinates, cube rounding).
    func hexIndex(of p: Coordinate) -> HexIndex {
        let size = circumradius
        let qf = (3.0.squareRoot() / 3 * p.x - p.y / 3) / size
        let rf = (2.0 / 3 * p.y) / size
        let sf = -qf - rf
        var q = qf.rounded(), r = rf.rounded()
        let s = sf.rounded()
        let dq = abs(q - qf), dr = abs(r - rf), ds = abs(s - sf)
        if dq > dr && dq > ds { q = -r - s } else if dr > ds { r = -q - s }
        return HexIndex(q: Int(q), r: Int(r))
    }
}
