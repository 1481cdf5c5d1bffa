import Foundation
import Testing
import RemnantGeometry
@testable import RemnantAnalysis

@Suite struct DensitySurfaceTests {
    static let gori = Coordinate(lon: 44.1129, lat: 41.9853)

    @Test func surfaceIsInALocalEqualAreaFrameAndIntegratesToTheWeight() throws {
        let points = [Self.gori, Coordinate(lon: 44.15, lat: 42.01), Coordinate(lon: 43.96, lat: 42.04)]
        let kde = try KernelDensity(radiusMeters: 3_000, cellMeters: 50, scaled: true)
        let s = try kde.surface(lonLat: points, weights: [1, 2, 3])
        #expect(s.crs.projection == .lambertAzimuthalEqualArea)
        #expect(abs(s.crs.center.lon - (44.15 + 43.96) / 2) < 1e-12)
        #expect(s.totalWeight == 6)
        let integral = s.grid.values.reduce(0, +) * 50 * 50 / 1_000_000
        #expect(abs(integral - 6) / 6 < 0.01, "\(integral)")
    }

    /// The peak of one point's raw quartic kernel is at the point itself: the projected grid cell
    /// holding the peak maps back to within one cell of the incident.
    @Test func peakCellUnprojectsToThePoint() throws {
        let s = try KernelDensity(radiusMeters: 2_000, cellMeters: 25).surface(lonLat: [Self.gori])
        let g = s.grid
        let peak = g.values.indices.max { g.values[$0] < g.values[$1] }!
        let at = try s.crs.transformer(in: PROJContext()).transform(g.center(row: peak / g.columns, column: peak % g.columns), inverse: true)
        #expect(Geodesic.wgs84.distanceMeters(at, Self.gori) < 25 * 0.71)
        #expect(g.values[peak] > 0.99)
    }

    @Test func refusesAGridWiderThan2000Kilometres() throws {
        // Aleppo to Kyiv's meridian and beyond: about 2,200 km north-south.
        let points = [Coordinate(lon: 37.16, lat: 36.20), Coordinate(lon: 30.52, lat: 50.45), Coordinate(lon: 24.0, lat: 55.5)]
        let kde = try KernelDensity(radiusMeters: 5_000, cellMeters: 1_000)
        #expect {
            _ = try kde.surface(lonLat: points)
        } throws: { error in
            guard case let AnalysisError.invalidOption(_, value, reason)? = error as? AnalysisError else { return false }
            return reason.contains("2000 km") && value.contains("north–south")
        }
    }
}
