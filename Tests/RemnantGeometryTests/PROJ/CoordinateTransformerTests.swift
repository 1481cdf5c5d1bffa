import Testing
@testable import RemnantGeometry

@Suite struct CoordinateTransformerTests {
    @Test func wgs84ToUTMMatchesCs2cs() throws {
        // echo '44.1129 41.9853' | cs2cs -f %.4f +proj=longlat +datum=WGS84 +to EPSG:32638
        //   → 426515.2674  4648524.6623
        let proj = PROJContext()
        let t = try proj.transformer(from: "EPSG:4326", to: "EPSG:32638")
        // EPSG:4326 is lat/lon by definition; the transformer is normalised to lon/lat.
        let utm = try t.transform(Coordinate(lon: 44.1129, lat: 41.9853))
        #expect(abs(utm.x - 426515.2674) < 1e-3)
        #expect(abs(utm.y - 4648524.6623) < 1e-3)
        let back = try t.transform(utm, inverse: true)
        #expect(abs(back.lon - 44.1129) < 1e-9 && abs(back.lat - 41.9853) < 1e-9)
    }

    @Test func transformersAreCachedPerContext() throws {
        let proj = PROJContext()
        let a = try proj.transformer(from: "EPSG:4326", to: "EPSG:3857")
        let b = try proj.transformer(from: "EPSG:4326", to: "EPSG:3857")
        #expect(a === b)
    }

    @Test(arguments: [
        Coordinate(lon: 44.1129, lat: 41.9853),   // Gori
        Coordinate(lon: 37.1612, lat: 36.2012),   // Aleppo
        Coordinate(lon: 37.8022, lat: 48.0230),   // Donetsk
        Coordinate(lon: 46.7528, lat: 39.8177),   // Khankendi
    ])
    func localAzimuthalEquidistantRoundTrips(center: Coordinate) throws {
        let proj = PROJContext()
        let crs = try LocalMetricCRS(center: center)
        let t = try crs.transformer(in: proj)
        // A ring of points out to 50 km, plus the centre itself.
        var points = [center]
        for k in 0..<36 {
            points.append(Geodesic.wgs84.direct(from: center, azimuthDegrees: Double(k) * 10, distanceMeters: Double(1 + k) * 1400))
        }
        let planar = try t.transform(points)
        #expect(abs(planar[0].x) < 1e-6 && abs(planar[0].y) < 1e-6)
        let back = try t.transform(planar, inverse: true)
        for (p, q) in zip(points, back) {
            #expect(abs(p.lon - q.lon) <= 1e-9 && abs(p.lat - q.lat) <= 1e-9, "\(p) → \(q)")
        }
        // Azimuthal equidistant: planar distance from the centre equals the geodesic distance.
        for (p, xy) in zip(points.dropFirst(), planar.dropFirst()) {
            let geodesic = Geodesic.wgs84.distanceMeters(center, p)
            #expect(abs((xy.x * xy.x + xy.y * xy.y).squareRoot() - geodesic) < 1e-3)
        }
    }

    @Test func localCRSHasWKT() throws {
        let wkt = try LocalMetricCRS(center: .init(lon: 44.1129, lat: 41.9853)).wkt(in: PROJContext())
        #expect(wkt.contains("Azimuthal Equidistant") || wkt.contains("Modified Azimuthal Equidistant"))
        #expect(wkt.contains("WGS 84") || wkt.contains("WGS_1984"))
    }

    @Test func unknownCRSThrowsWithPROJMessage() throws {
        let proj = PROJContext()
        #expect {
            _ = try proj.transformer(from: "EPSG:4326", to: "EPSG:999999")
        } throws: { error in
            guard case let GeometryError.proj(operation, message) = error else { return false }
            return operation.contains("EPSG:999999") && !message.isEmpty && message != "no message from PROJ"
        }
    }

    @Test func outOfDomainPointThrows() throws {
        let proj = PROJContext()
        // The far side of the globe has no orthographic image:
        // echo '-136 0' | cs2cs +proj=longlat +datum=WGS84 +to +proj=ortho +lat_0=42 +lon_0=44 +datum=WGS84 → * *
        let t = try proj.transformer(from: "EPSG:4326", to: "+proj=ortho +lat_0=42 +lon_0=44 +datum=WGS84 +type=crs")
        #expect(throws: GeometryError.self) { _ = try t.transform(Coordinate(lon: -136, lat: 0)) }
        #expect(throws: GeometryError.self) { _ = try t.transform([Coordinate(lon: 44, lat: 42), Coordinate(lon: -136, lat: 0)]) }
        #expect(try t.transform(Coordinate(lon: 44, lat: 42)) == Coordinate(x: 0, y: 0))
    }

    @Test func doctorProbeFindsDatabase() {
        let libs = GeometryLibraries.probe()
        #expect(libs.projDatabaseWorks)
        #expect(libs.projDatabasePath?.hasSuffix("proj.db") == true)
        #expect(libs.geosVersion.hasPrefix("3."))
        #expect(libs.projVersion.split(separator: ".").count == 3)
    }
}
