import Foundation
import Testing
@testable import RemnantGeometry

/// The haversine prefilter against the WGS84 geodesic (`geod_inverse`): its documented bound
/// must hold everywhere, or a near query could drop a true match.
@Suite struct GeodesicSphericalTests {
    @Test func staysWithinItsBoundOfTheGeodesic() {
        var state: UInt64 = 0x5EED
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var worst = 0.0
        for _ in 0..<200_000 {
            let a = Coordinate(lon: unit() * 360 - 180, lat: unit() * 178 - 89)
            // Distances from 1 m to 20,000 km, log-uniform, in every direction.
            let meters = pow(10, unit() * 7.3)
            let b = Geodesic.wgs84.direct(from: a, azimuthDegrees: unit() * 360 - 180, distanceMeters: meters)
            let exact = Geodesic.wgs84.distanceMeters(a, b)
            guard exact > 0.5 else { continue }
            worst = max(worst, abs(Geodesic.sphericalDistanceMeters(a, b) - exact) / exact)
        }
        #expect(worst < Geodesic.sphericalRelativeErrorBound, "worst relative difference \(worst)")
        #expect(worst > 0.004, "the bound is not loose by an order of magnitude: \(worst)")
    }

    @Test func knownDistances() {
        // One degree of longitude on the equator: 2πR/360 on the mean sphere.
        let d = Geodesic.sphericalDistanceMeters(Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 0))
        #expect(abs(d - 2 * .pi * Geodesic.meanRadiusMeters / 360) < 1e-6)
        #expect(Geodesic.sphericalDistanceMeters(Coordinate(lon: 10, lat: 20), Coordinate(lon: 10, lat: 20)) == 0)
    }
}
