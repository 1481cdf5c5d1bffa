import Dispatch
import Foundation
import RemnantGeometry

/// A kernel density grid in a planar metric frame, laid out as QGIS's `qgskde.cpp`: the extent
/// of the points grown by the radius on every side; columns = ceil(width / cell) + 1 and rows =
/// ceil(height / cell) + 1; values evaluated at true cell centres (x₀ + (c + ½)·cell, top row
/// first); cells farther than the radius from a point get nothing from it.
public struct DensityGrid: Sendable, Equatable {
    /// West edge and north edge of the grid, in the frame's metres.
    public var originX: Double
    public var originY: Double
    public var cellSize: Double
    public var columns: Int
    public var rows: Int
    /// Row-major values, row 0 at the north.
    public var values: [Double]

    public func value(row: Int, column: Int) -> Double { values[row * columns + column] }

    /// Centre of a cell in the frame's metres.
    public func center(row: Int, column: Int) -> Coordinate {
        Coordinate(x: originX + (Double(column) + 0.5) * cellSize, y: originY - (Double(row) + 0.5) * cellSize)
    }
}

/// Kernel density estimation over weighted points in metres (QGIS Heatmap semantics).
public struct KernelDensity: Sendable {
    public var kernel: DensityKernel
    public var radiusMeters: Double
    public var cellMeters: Double
    public var decay: Double
    /// Raw sums of kernel values, or scaled densities per km² (integrating to the total weight).
    public var scaled: Bool
    public var workers: Int

    public init(kernel: DensityKernel = .quartic, radiusMeters: Double, cellMeters: Double, decay: Double = 0,
                scaled: Bool = false, workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws(AnalysisError) {
        guard radiusMeters.isFinite, radiusMeters > 0 else {
            throw .invalidOption(name: "--radius", value: "\(radiusMeters)", reason: "must be a distance greater than 0")
        }
        guard cellMeters.isFinite, cellMeters > 0 else {
            throw .invalidOption(name: "--cell", value: "\(cellMeters)", reason: "must be a distance greater than 0")
        }
        guard decay.isFinite, (-1...1).contains(decay) else {
            throw .invalidOption(name: "--decay", value: "\(decay)", reason: "must be between -1 and 1")
        }
        self.kernel = kernel
        self.radiusMeters = radiusMeters
        self.cellMeters = cellMeters
        self.decay = decay
        self.scaled = scaled
        self.workers = max(1, workers)
    }

    /// The grid for `points` (planar metres) with `weights` (1 each when nil). Each point stamps
    /// only its kernel window; rows are split into bands, one per worker, each writing its own rows.
    public func grid(points: [Coordinate], weights: [Double]? = nil) throws(AnalysisError) -> DensityGrid {
        guard let box = BoundingBox(covering: points) else {
            throw .invalidOption(name: "points", value: "0", reason: "no points to estimate a density from")
        }
        if let weights, weights.count != points.count {
            throw .invalidOption(name: "weights", value: "\(weights.count)", reason: "need one weight per point (\(points.count))")
        }
        let minX = box.minX - radiusMeters, maxX = box.maxX + radiusMeters
        let minY = box.minY - radiusMeters, maxY = box.maxY + radiusMeters
        // A cell wider than the whole grid would smear every incident into one value.
        guard cellMeters <= max(maxX - minX, maxY - minY) else {
            let extent = String(format: "%.1f × %.1f km", (maxX - minX) / 1000, (maxY - minY) / 1000)
            throw .invalidOption(name: "--cell", value: "\(cellMeters) m",
                                 reason: "is larger than the grid's \(extent) extent (the incidents plus the radius on every side); use a smaller cell")
        }
        let columns = Int(((maxX - minX) / cellMeters).rounded(.up)) + 1
        let rows = Int(((maxY - minY) / cellMeters).rounded(.up)) + 1
        let cells = rows * columns
        guard cells > 0, cells <= 400_000_000 else {
            throw .invalidOption(name: "--cell", value: "\(cellMeters)", reason: "gives a \(columns) × \(rows) grid; use a larger cell")
        }
        let factor = scaled ? kernel.normalisation(radius: radiusMeters, decay: decay) * 1_000_000 : 1
        // Visit points in strips of 16 rows, west to east, so consecutive kernel windows touch
        // neighbouring memory: in input order (random) the stamping is bound by cache misses.
        // The sums are the same; only the order in which each cell adds its terms changes.
        let strip = 16 * cellMeters
        let order = points.indices.sorted { a, b in
            let sa = Int((maxY - points[a].y) / strip), sb = Int((maxY - points[b].y) / strip)
            return sa != sb ? sa < sb : (points[a].x, a) < (points[b].x, b)
        }
        let points = order.map { points[$0] }
        let weights = weights.map { w in order.map { w[$0] } }
        let bands = min(workers, rows)
        let rowsPerBand = (rows + bands - 1) / bands
        let (kernel, radius, cell, decay) = (self.kernel, radiusMeters, cellMeters, self.decay)
        // One buffer for the whole grid; each band writes only its own rows, so memory is the grid
        // plus the sorted points, and no band's rows are copied at the end.
        var all = [Double](repeating: 0, count: cells)
        all.withUnsafeMutableBufferPointer { buffer in
            let rowsOut = DisjointRows(buffer)
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                let out = rowsOut.buffer
                let firstRow = band * rowsPerBand, lastRow = min(rows, firstRow + rowsPerBand) - 1
                guard firstRow <= lastRow else { return }
                for (i, p) in points.enumerated() {
                    let w = weights?[i] ?? 1
                    // Cells whose centres may lie within the radius of p.
                    let c0 = max(0, Int(((p.x - radius - minX) / cell - 0.5).rounded(.down)))
                    let c1 = min(columns - 1, Int(((p.x + radius - minX) / cell - 0.5).rounded(.up)))
                    let r0 = max(firstRow, Int(((maxY - (p.y + radius)) / cell - 0.5).rounded(.down)))
                    let r1 = min(lastRow, Int(((maxY - (p.y - radius)) / cell - 0.5).rounded(.up)))
                    guard r0 <= r1, c0 <= c1 else { continue }
                    for r in r0...r1 {
                        let dy = maxY - (Double(r) + 0.5) * cell - p.y
                        KernelDensity.stampRow(into: out, base: r * columns, c0: c0, c1: c1, x0: minX + (Double(c0) + 0.5) * cell - p.x,
                                               cell: cell, dy2: dy * dy, weight: w, kernel: kernel, radius: radius, decay: decay)
                    }
                }
                if factor != 1 { for k in (firstRow * columns)..<((lastRow + 1) * columns) { out[k] *= factor } }
            }
        }
        return DensityGrid(originX: minX, originY: maxY, cellSize: cellMeters, columns: columns, rows: rows, values: all)
    }

    /// Adds one point's kernel to the cells c0…c1 of one row. The kernel choice is made once per
    /// row, so each inner loop is a tight loop over squared distances (only the triangular
    /// kernel needs a square root).
    @inline(__always)
    static func stampRow(into out: UnsafeMutableBufferPointer<Double>, base: Int, c0: Int, c1: Int, x0: Double, cell: Double,
                         dy2: Double, weight w: Double, kernel: DensityKernel, radius: Double, decay: Double) {
        let r2 = radius * radius, inv = 1 / r2
        var dx = x0
        switch kernel {
        case .quartic:
            for c in c0...c1 {
                let d2 = dx * dx + dy2
                if d2 < r2 { let v = 1 - d2 * inv; out[base + c] += w * v * v }
                dx += cell
            }
        case .triweight:
            for c in c0...c1 {
                let d2 = dx * dx + dy2
                if d2 < r2 { let v = 1 - d2 * inv; out[base + c] += w * v * v * v }
                dx += cell
            }
        case .epanechnikov:
            for c in c0...c1 {
                let d2 = dx * dx + dy2
                if d2 < r2 { out[base + c] += w * (1 - d2 * inv) }
                dx += cell
            }
        case .uniform:
            for c in c0...c1 {
                if dx * dx + dy2 < r2 { out[base + c] += w }
                dx += cell
            }
        case .triangular:
            let slope = (1 - decay) / radius
            for c in c0...c1 {
                let d2 = dx * dx + dy2
                if d2 < r2 { out[base + c] += w * (1 - slope * d2.squareRoot()) }
                dx += cell
            }
        }
    }
}

/// The grid buffer shared by the band workers. Each band reads and writes only its own rows
/// (`firstRow…lastRow`, disjoint by construction), and the buffer outlives the
/// `concurrentPerform` call that uses it, so sharing the pointer across workers is race-free.
/// It holds plain `Double`s, never a C library handle.
private struct DisjointRows: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}
