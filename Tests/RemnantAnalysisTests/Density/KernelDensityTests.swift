import Foundation
import Testing
import RemnantGeometry
@testable import RemnantAnalysis

@Suite struct KernelDensityTests {
    static let points = [Coordinate(x: 0, y: 0), Coordinate(x: 730, y: 410), Coordinate(x: -260, y: 1210), Coordinate(x: 1500, y: -300),
                         Coordinate(x: 1510, y: -280)]
    static let weights = [1.0, 2.5, 1.0, 4.0, 0.5]

    /// An independent reference: every cell against every point, written straight from QGIS's
    /// published raw kernel formulas and grid layout (not from the production code).
    static func reference(kernel: String, radius r: Double, cell: Double, decay: Double) -> (columns: Int, rows: Int, values: [Double]) {
        let xs = points.map(\.x), ys = points.map(\.y)
        let minX = xs.min()! - r, maxX = xs.max()! + r, minY = ys.min()! - r, maxY = ys.max()! + r
        let columns = Int(ceil((maxX - minX) / cell)) + 1, rows = Int(ceil((maxY - minY) / cell)) + 1
        var values = [Double](repeating: 0, count: rows * columns)
        for row in 0..<rows {
            for col in 0..<columns {
                let x = minX + (Double(col) + 0.5) * cell, y = maxY - (Double(row) + 0.5) * cell
                var sum = 0.0
                for (p, w) in zip(points, weights) {
                    let d = hypot(x - p.x, y - p.y)
                    guard d < r else { continue }
                    let u = d / r
                    let k: Double
                    switch kernel {
                    case "uniform": k = 1
                    case "quartic": k = pow(1 - u * u, 2)
                    case "triweight": k = pow(1 - u * u, 3)
                    case "epanechnikov": k = 1 - u * u
                    default: k = 1 - (1 - decay) * u
                    }
                    sum += w * k
                }
                values[row * columns + col] = sum
            }
        }
        return (columns, rows, values)
    }

    @Test(arguments: DensityKernel.allCases)
    func rawGridMatchesTheReference(kernel: DensityKernel) throws {
        let decay = kernel == .triangular ? 0.3 : 0
        let kde = try KernelDensity(kernel: kernel, radiusMeters: 600, cellMeters: 37, decay: decay, workers: 2)
        let grid = try kde.grid(points: Self.points, weights: Self.weights)
        let ref = Self.reference(kernel: kernel.rawValue, radius: 600, cell: 37, decay: decay)
        #expect(grid.columns == ref.columns && grid.rows == ref.rows)
        for (a, b) in zip(grid.values, ref.values) {
            #expect(abs(a - b) <= 1e-6 * max(1, abs(b)))
        }
        #expect(grid.values.contains { $0 > 0 })
    }

    @Test(arguments: DensityKernel.allCases)
    func scaledGridIntegratesToTheTotalWeight(kernel: DensityKernel) throws {
        // Per km² values × cell area in km² summed over the grid ≈ Σ weights (10 m cells, 800 m radius).
        let kde = try KernelDensity(kernel: kernel, radiusMeters: 800, cellMeters: 10, decay: 0.2, scaled: true)
        let grid = try kde.grid(points: Self.points, weights: Self.weights)
        let integral = grid.values.reduce(0, +) * (10 * 10) / 1_000_000
        #expect(abs(integral - Self.weights.reduce(0, +)) / Self.weights.reduce(0, +) < 0.002, "\(kernel): \(integral)")
    }

    @Test func workersDoNotChangeTheResult() throws {
        let one = try KernelDensity(radiusMeters: 500, cellMeters: 25, workers: 1).grid(points: Self.points, weights: Self.weights)
        let two = try KernelDensity(radiusMeters: 500, cellMeters: 25, workers: 2).grid(points: Self.points, weights: Self.weights)
        #expect(one == two)
    }

    @Test func rejectsBadOptions() {
        #expect(throws: AnalysisError.self) { _ = try KernelDensity(radiusMeters: -1, cellMeters: 10) }
        #expect(throws: AnalysisError.self) { _ = try KernelDensity(radiusMeters: 100, cellMeters: 0) }
        #expect(throws: AnalysisError.self) { _ = try KernelDensity(radiusMeters: 100, cellMeters: 10, decay: 2) }
        #expect(throws: AnalysisError.self) { _ = try KernelDensity(radiusMeters: 100, cellMeters: 10).grid(points: []) }
    }

    @Test func kernelValuesAtHalfTheRadius() {
        // u = 0.5: quartic (0.75)², triweight (0.75)³, Epanechnikov 0.75, uniform 1, triangular 1 − (1 − 0.2)·0.5.
        #expect(DensityKernel.quartic.raw(distance: 50, radius: 100) == 0.5625)
        #expect(DensityKernel.triweight.raw(distance: 50, radius: 100) == 0.421875)
        #expect(DensityKernel.epanechnikov.raw(distance: 50, radius: 100) == 0.75)
        #expect(DensityKernel.uniform.raw(distance: 50, radius: 100) == 1)
        #expect(abs(DensityKernel.triangular.raw(distance: 50, radius: 100, decay: 0.2) - 0.6) < 1e-15)
        #expect(DensityKernel.quartic.raw(distance: 100, radius: 100) == 0)
        #expect(abs(DensityKernel.quartic.normalisation(radius: 1) - 3 / Double.pi) < 1e-15)
    }
}
