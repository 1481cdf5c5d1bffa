import Foundation
import Testing
import RemnantGeometry
@testable import RemnantAnalysis

@Suite struct HexBinningTests {
    /// 2,000 seeded points scattered over about 60 × 40 km around Gori.
    static let points: [Coordinate] = {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func unit() -> Double { state = state &* 6364136223846793005 &+ 1442695040888963407; return Double(state >> 11) / Double(1 << 53) }
        return (0..<2000).map { _ in Coordinate(lon: 43.7 + 0.7 * unit(), lat: 41.8 + 0.36 * unit()) }
    }()

    @Test func countsAddUpToThePointsAndWeightsToTheTotal() throws {
        let weights = Self.points.indices.map { Double($0 % 7) + 0.5 }
        let (bins, _) = try HexBinning(spacingMeters: 2_000).bins(lonLat: Self.points, weights: weights)
        #expect(bins.map(\.count).reduce(0, +) == Self.points.count)
        let binned: Double = bins.map(\.weightSum).reduce(0, +), total: Double = weights.reduce(0, +)
        #expect(abs(binned - total) < 1e-9)
        #expect(bins.allSatisfy { $0.count > 0 })
        #expect(Set(bins.map { "\($0.q),\($0.r)" }).count == bins.count)
        #expect(bins.count > 300)   // ~60 × 40 km / 3.46 km² per hexagon ≈ 700 cells, most of them hit
    }

    @Test func everyPointLiesInItsHexagon() throws {
        let sample = Array(Self.points.prefix(300))
        let (bins, _) = try HexBinning(spacingMeters: 3_000).bins(lonLat: sample)
        let geos = GEOSContext()
        let polygons = try bins.map { try PreparedGeometry(Geometry.polygon(exterior: $0.ring, context: geos)) }
        for p in sample {
            let holders = try polygons.indices.filter { try polygons[$0].intersects(p) }
            #expect(holders.count == 1, "\(p) lies in \(holders.count) hexagons")
        }
    }

    /// Equal-area frame: every hexagon's geodesic area (`geod_polygonarea`) equals the planar
    /// hexagon area (√3/2)·d² to 0.01%, wherever it lies.
    @Test func hexagonAreaIsTheFormulaOnTheEllipsoid() throws {
        let d = 2_000.0
        let (bins, _) = try HexBinning(spacingMeters: d).bins(lonLat: Self.points)
        let expected = 3.0.squareRoot() / 2 * d * d / 10_000
        for b in bins { #expect(abs(b.areaHectares - expected) / expected < 1e-4, "\(b.areaHectares) ha vs \(expected) ha") }
        #expect(bins.allSatisfy { $0.ring.count == 7 && $0.ring.first == $0.ring.last })
        // Counter-clockwise (RFC 7946 exterior): positive signed geodesic area.
        #expect(bins.allSatisfy { Geodesic.wgs84.measureRing($0.ring).signedAreaSquareMeters > 0 })
    }

    @Test func refusesABadSpacing() {
        #expect(throws: AnalysisError.self) { _ = try HexBinning(spacingMeters: 0) }
        #expect(throws: AnalysisError.self) { _ = try HexBinning(spacingMeters: -5) }
        #expect(throws: AnalysisError.self) { _ = try HexBinning(spacingMeters: 1000).bins(lonLat: []) }
    }
}
