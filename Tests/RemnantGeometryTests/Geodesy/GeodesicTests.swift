import Testing
@testable import RemnantGeometry

/// Reference values from PROJ 9.1.1's `geod` (Debian `proj-bin`) and GeographicLib 2.1.2
/// (Debian `geographiclib-tools`), recorded with the commands that produced them.
@Suite struct GeodesicTests {
    struct InverseCase: Sendable, CustomTestStringConvertible {
        let name: String
        let from: Coordinate
        let to: Coordinate
        let meters: Double
        let azimuth1: Double
        var testDescription: String { name }
    }

    // Produced by:
    //   geod +ellps=WGS84 -I -f %.9f pairs.txt      (each line: lat1 lon1 lat2 lon2)
    // Output columns: azimuth1 azimuth2(back) distance_m. Distances print to 1 mm.
    static let inverseCases: [InverseCase] = [
        .init(name: "Gori → Tskhinvali (29 km)", from: .init(lon: 44.1129, lat: 41.9853), to: .init(lon: 43.9686, lat: 42.2276),
              meters: 29441.349, azimuth1: -23.867611554),
        .init(name: "Aleppo → Donetsk (1,314 km)", from: .init(lon: 37.1612, lat: 36.2012), to: .init(lon: 37.8022, lat: 48.0230),
              meters: 1314173.551, azimuth1: 2.099852351),
        .init(name: "Idlib → Gori (933 km)", from: .init(lon: 36.6339, lat: 35.9306), to: .init(lon: 44.1129, lat: 41.9853),
              meters: 933085.726, azimuth1: 41.660267746),
        .init(name: "across the North Pole", from: .init(lon: 10.0, lat: 89.5), to: .init(lon: -170.0, lat: 89.7),
              meters: 89355.166, azimuth1: 0.0),
        .init(name: "nearly antipodal on the equator", from: .init(lon: 0, lat: 0), to: .init(lon: 179.5, lat: 0.5),
              meters: 19936288.579, azimuth1: 25.671872868),
        .init(name: "Donetsk → Kramatorsk (81 km)", from: .init(lon: 37.8022, lat: 48.0230), to: .init(lon: 37.5678, lat: 48.7311),
              meters: 80630.892, azimuth1: -12.348870669),
        .init(name: "Cape Town → London (9,632 km)", from: .init(lon: 18.4, lat: -33.9), to: .init(lon: -0.12, lat: 51.5),
              meters: 9632341.016, azimuth1: -11.475703119),
    ]

    @Test(arguments: inverseCases)
    func inverseMatchesPROJGeod(_ c: InverseCase) {
        let result = Geodesic.wgs84.inverse(from: c.from, to: c.to)
        #expect(abs(result.distanceMeters - c.meters) <= 0.001, "distance \(result.distanceMeters) vs geod \(c.meters)")
        #expect(abs(result.initialAzimuth - c.azimuth1) <= 1e-8)
    }

    @Test func directMatchesPROJGeod() {
        // echo '41.9853 44.1129 30 1000' | geod +ellps=WGS84 -f %.9f
        //   → 41.993096739  44.118934295  -149.995963114
        let p = Geodesic.wgs84.direct(from: .init(lon: 44.1129, lat: 41.9853), azimuthDegrees: 30, distanceMeters: 1000)
        #expect(abs(p.lat - 41.993096739) < 1e-9)
        #expect(abs(p.lon - 44.118934295) < 1e-9)
    }

    @Test func polygonAreaMatchesGeographicLibPlanimeter() {
        // printf '41.9853 44.1129\n42.2276 43.9686\n41.6941 44.8337\n' | Planimeter -p 9
        //   → 3 190518.445636567 -616619950.8168   (vertices, perimeter m, signed area m²)
        let ring = [Coordinate(lon: 44.1129, lat: 41.9853), Coordinate(lon: 43.9686, lat: 42.2276),
                    Coordinate(lon: 44.8337, lat: 41.6941)]
        let m = Geodesic.wgs84.measureRing(ring)
        #expect(abs(m.perimeterMeters - 190518.445636567) < 1e-6)
        #expect(abs(m.signedAreaSquareMeters - -616619950.8168) < 0.01)
        // A repeated closing vertex changes nothing.
        let closed = Geodesic.wgs84.measureRing(ring + [ring[0]])
        #expect(abs(closed.signedAreaSquareMeters - m.signedAreaSquareMeters) < 1e-6)
        // Reversing the ring flips only the sign: counter-clockwise is positive.
        let reversed = Geodesic.wgs84.measureRing(ring.reversed())
        #expect(abs(reversed.signedAreaSquareMeters + m.signedAreaSquareMeters) < 1e-6)
        #expect(reversed.signedAreaSquareMeters > 0)
    }
}
