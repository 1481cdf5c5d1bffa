import Foundation
import RemnantGeometry

/// A kernel density grid over lon/lat points, computed in a Lambert azimuthal equal-area frame
/// centred on the points (see ``LocalMetricCRS``), with that frame attached so the raster can be
/// georeferenced and the grid's cells mapped back to lon/lat.
public struct DensitySurface: Sendable {
    public var grid: DensityGrid
    /// The planar frame of `grid` (metres, WGS84 LAEA centred on the points' bounding box).
    public var crs: LocalMetricCRS
    /// Values are per km² (true) or raw kernel sums (false).
    public var scaled: Bool
    public var pointCount: Int
    public var totalWeight: Double
    public var kernel: DensityKernel
    public var radiusMeters: Double

    /// A surface from a grid already in `crs` metres (e.g. points generated in that frame).
    public init(grid: DensityGrid, crs: LocalMetricCRS, scaled: Bool, pointCount: Int, totalWeight: Double,
                kernel: DensityKernel, radiusMeters: Double) {
        self.grid = grid
        self.crs = crs
        self.scaled = scaled
        self.pointCount = pointCount
        self.totalWeight = totalWeight
        self.kernel = kernel
        self.radiusMeters = radiusMeters
    }
}

extension KernelDensity {
    /// The widest single grid Remnant computes, in metres on either axis: beyond about 2,000 km the
    /// equal-area frame's distance error passes 1% at the grid's edge (h ≈ 1 − ρ²/8R² at ρ = 1,000
    /// km is 0.3% radially and the tangential scale 1/h grows alike), and the grid would be huge.
    public static let maximumExtentMeters = 2_000_000.0

    /// The density surface of `points` (WGS84 lon/lat) with `weights` (1 each when nil): projects
    /// the points into a LAEA frame centred on their bounding box, refuses a grid wider than
    /// ``maximumExtentMeters`` (naming the span), then stamps the grid as ``grid(points:weights:)``.
    public func surface(lonLat points: [Coordinate], weights: [Double]? = nil) throws(AnalysisError) -> DensitySurface {
        guard let box = BoundingBox(covering: points) else {
            throw .invalidOption(name: "incidents", value: "0", reason: "no incidents match the filters, so there is no density to estimate")
        }
        let (crs, projected) = try Self.equalAreaFrame(centredOn: box, projecting: points, context: PROJContext())
        let frame = BoundingBox(covering: projected)!
        let width = frame.width + 2 * radiusMeters, height = frame.height + 2 * radiusMeters
        if max(width, height) > Self.maximumExtentMeters {
            let span = String(format: "%.0f km east–west × %.0f km north–south", width / 1000, height / 1000)
            throw .invalidOption(name: "incidents", value: span,
                                 reason: "a single density grid is limited to \(Int(Self.maximumExtentMeters / 1000)) km; narrow the selection with --country, --bbox or --near")
        }
        let grid = try self.grid(points: projected, weights: weights)
        return DensitySurface(grid: grid, crs: crs, scaled: scaled, pointCount: points.count,
                              totalWeight: weights?.reduce(0, +) ?? Double(points.count), kernel: kernel, radiusMeters: radiusMeters)
    }
}

extension KernelDensity {
    /// The WGS84 LAEA frame centred on `box` (the points' lon/lat bounding box) and `points`
    /// projected into it: the frame of density grids and hex bins.
    static func equalAreaFrame(centredOn box: BoundingBox, projecting points: [Coordinate], context: PROJContext) throws(AnalysisError)
        -> (crs: LocalMetricCRS, projected: [Coordinate]) {
        do {
            let crs = try LocalMetricCRS(center: Coordinate(lon: (box.minX + box.maxX) / 2, lat: (box.minY + box.maxY) / 2),
                                         projection: .lambertAzimuthalEqualArea)
            return (crs, try crs.transformer(in: context).transform(points))
        } catch {
            throw .geometry(context: "projecting the incidents into a local equal-area frame", message: "\(error)")
        }
    }
}
