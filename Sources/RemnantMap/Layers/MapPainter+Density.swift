import Foundation
import RemnantAnalysis
import RemnantGeometry

/// How the density layer was computed, for the legend.
struct DensitySummary {
    var radiusMeters: Double
    var cellMeters: Double
    var maximum: Double
}

extension MapPainter {
    /// Kernel density of the incidents, computed in the map's own metric plane: incident points
    /// projected with the frame's transformer, gridded by ``KernelDensity`` (quartic kernel,
    /// QGIS Heatmap semantics), drawn as a colour ramp, transparent where the density is 0.
    /// The radius is about a fortieth of the frame's width (1, 2 or 5 × 10ⁿ m, at least 500 m),
    /// the cell a 300th.
    func drawDensity() throws(MapError) -> DensitySummary? {
        guard !data.incidents.isEmpty else { return nil }
        let width = frame.extent.width
        let radius = Self.niceLength(max(500, width / 40))
        let cell = max(25, width / 300)
        // Only incidents whose kernel reaches the frame count; projecting each on its own lets
        // a far-away incident outside the projection's domain (UTM far from its zone) drop out.
        let e = frame.extent
        let points = data.incidents.compactMap { try? frame.transformer.transform($0.location) }.filter {
            $0.x > e.minX - radius && $0.x < e.maxX + radius && $0.y > e.minY - radius && $0.y < e.maxY + radius
        }
        guard !points.isEmpty else { return nil }
        let grid: DensityGrid
        do {
            grid = try KernelDensity(kernel: .quartic, radiusMeters: radius, cellMeters: cell).grid(points: points)
        } catch {
            throw .geometry(layer: "density", message: "\(error)")
        }
        let maximum = grid.values.max() ?? 0
        guard maximum > 0 else { return nil }
        var pixels = [UInt32](repeating: 0, count: grid.values.count)
        for (i, v) in grid.values.enumerated() where v > 0 {
            // Square-root ramp: a single point with many incidents would otherwise wash out the rest.
            let c = MapStyle.densityColor((v / maximum).squareRoot())
            // Premultiplied ARGB32, as Cairo's image surfaces hold it.
            let a = c.a
            let argb = (UInt32((a * 255).rounded()) << 24) | (UInt32((c.r * a * 255).rounded()) << 16)
                | (UInt32((c.g * a * 255).rounded()) << 8) | UInt32((c.b * a * 255).rounded())
            pixels[i] = argb
        }
        let image = try CairoSurface.image(width: grid.columns, height: grid.rows)
        image.setPixels(pixels)
        try clipped { () throws(MapError) in
            let origin = frame.point(Coordinate(x: grid.originX, y: grid.originY))
            cairo.paintImage(image, origin: origin, pixelWidth: grid.cellSize / frame.metersPerPoint, pixelHeight: grid.cellSize / frame.metersPerPoint)
        }
        return DensitySummary(radiusMeters: radius, cellMeters: cell, maximum: maximum)
    }

    /// The largest 1, 2 or 5 × 10ⁿ not above `v`.
    static func niceLength(_ v: Double) -> Double {
        let p = pow(10, log10(v).rounded(.down))
        return [5.0, 2, 1].map { $0 * p }.first { $0 <= v } ?? p
    }
}
