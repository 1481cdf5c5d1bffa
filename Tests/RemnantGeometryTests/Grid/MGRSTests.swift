import Foundation
import Testing
@testable import RemnantGeometry

@Suite struct MGRSTests {
    /// Reference strings from GeographicLib 2.1.2 (Debian 12 `geographiclib-tools`), produced by
    ///   GeoConvert -m -p 0 < points.txt      (input "lat lon" per line; -p 0 gives 1 m digits)
    /// Points: Georgia, Syria, Ukraine, Azerbaijan, both sides of the UTM zone edges at 24°, 30°,
    /// 36° and 42° E, the band edges at 40°, 48° and 64° N, the Norway exception (32V) and the
    /// Svalbard exceptions (31X, 33X, 35X, 37X), one point south and one on the equator.
    static let references: [(lat: Double, lon: Double, mgrs: String)] = [
        (41.98532, 44.11290, "38TMM2651548526"),   // Gori
        (42.13278, 44.01139, "38TMM1829564991"),   // Shindisi
        (41.7151, 44.8271, "38TMM8561718159"),     // Tbilisi
        (42.0, 42.0, "38TKM5153554130"),           // zone edge 37|38 (42° E belongs to 38)
        (42.0, 41.999999, "37TGG4846454130"),      // 11 cm west of it
        (43.5, 40.0, "37TEJ8084416827"),           // Abkhazia
        (41.5, 46.0, "38TNL8346394746"),
        (36.2021, 37.1343, "37SCA3226907977"),     // Aleppo
        (35.70833, 36.80500, "37SCV0142853819"),   // Masaran
        (35.5, 36.0, "37SBV2787932632"),           // zone edge 36|37
        (35.5, 35.999999, "36SYE7212032632"),
        (33.50583, 38.61778, "37SDT6449907430"),   // al-Tanf
        (37.05, 42.0, "38SKG3321204629"),
        (36.9, 41.9999, "37SGA6730287982"),
        (40.0, 36.0, "37TBE4390032069"),           // band edge S|T
        (48.02300, 37.80224, "37UDP1069219550"),   // Donetsk
        (48.56814, 39.30553, "37UEP2253979494"),   // Luhansk
        (50.4501, 30.5234, "36UUA2418291607"),     // Kyiv
        (49.8397, 24.0297, "35UKR8643625040"),     // Lviv
        (46.4825, 30.7233, "36TUS2525050177"),     // Odesa
        (48.0, 36.0, "37UBP7622420655"),           // band edge T|U on a zone edge
        (44.6, 33.5, "36TWQ3968038638"),           // Sevastopol
        (48.0, 24.0, "35UKP7622420655"),
        (39.8177, 46.7528, "38SPK5001908993"),     // Khankendi
        (60.0, 5.0, "32VKM7697958157"),            // Norway exception
        (60.0, 2.99999, "31VDG9999951411"),        // just west of it: still 31V
        (56.0, 3.0, "32VJH2604922336"),            // its south-west corner
        (60.39, 5.32, "32VKN9723000510"),          // Bergen
        (63.99999, 4.0, "32VKS5563006604"),        // top of band V
        (64.0, 4.0, "31WEL4891097397"),            // band W: no exception
        (78.2232, 15.6267, "33XWG1427883355"),     // Longyearbyen
        (79.0, 8.99999, "31XFH2758976538"),        // Svalbard 31X|33X
        (79.0, 9.0, "33XUH7241076538"),
        (80.0, 21.0, "35XLJ8388587579"),
        (80.0, 33.0, "37XCJ8388587579"),
        (80.0, 41.9, "37XEJ5619682986"),
        (80.0, 42.0, "38XMP4186783084"),           // east of the exceptions
        (-33.8688, 151.2093, "56HLH3436850948"),   // Sydney (south: false northing)
        (0.0, 44.0, "38NLF8871900000"),            // equator
    ]

    @Test func matchesRecordedGeoConvertStrings() throws {
        let proj = PROJContext()
        var mismatches: [String] = []
        for r in Self.references {
            let m = try MGRS(Coordinate(lon: r.lon, lat: r.lat), context: proj)
            if m.formatted() != r.mgrs { mismatches.append("\(r.lat) \(r.lon): \(m.formatted()) ≠ \(r.mgrs)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(Self.references.count >= 20)
    }

    @Test func zoneExceptions() throws {
        #expect(try UTMZone(containing: Coordinate(lon: 5, lat: 60)).number == 32)
        #expect(try UTMZone(containing: Coordinate(lon: 2.9, lat: 60)).number == 31)
        #expect(try UTMZone(containing: Coordinate(lon: 5, lat: 65)).number == 31)
        #expect(try UTMZone(containing: Coordinate(lon: 8.9, lat: 75)).number == 31)
        #expect(try UTMZone(containing: Coordinate(lon: 9, lat: 75)).number == 33)
        #expect(try UTMZone(containing: Coordinate(lon: 20.9, lat: 75)).number == 33)
        #expect(try UTMZone(containing: Coordinate(lon: 21, lat: 75)).number == 35)
        #expect(try UTMZone(containing: Coordinate(lon: 33, lat: 75)).number == 37)
        #expect(try UTMZone(containing: Coordinate(lon: 42, lat: 75)).number == 38)
        #expect(try UTMZone(containing: Coordinate(lon: 180, lat: 0)).number == 1)
        #expect(try UTMZone(containing: Coordinate(lon: 44.1, lat: -1)).epsg == "EPSG:32738")
        #expect(try UTMZone(containing: Coordinate(lon: 4, lat: 1)).epsg == "EPSG:32631")
    }

    @Test func formatsAtEveryPrecision() throws {
        let m = try MGRS(Coordinate(lon: 44.11290, lat: 41.98532), context: PROJContext())
        #expect(m.formatted(separator: " ") == "38T MM 26515 48526")
        #expect(m.formatted(precision: 3) == "38TMM265485")
        #expect(m.formatted(precision: 0) == "38TMM")
        #expect(m.description == "38TMM2651548526")
    }

    @Test func polarCapsAreRefused() {
        let proj = PROJContext()
        #expect(throws: GeometryError.self) { try MGRS(Coordinate(lon: 20, lat: 84.5), context: proj) }
        #expect(throws: GeometryError.self) { try MGRS(Coordinate(lon: 20, lat: 84), context: proj) }  // GeoConvert: UPS
        #expect(throws: GeometryError.self) { try MGRS(Coordinate(lon: 20, lat: -80.5), context: proj) }
        #expect(throws: GeometryError.self) { try MGRS(Coordinate(lon: 200, lat: 40), context: proj) }
    }

    /// 300 pseudo-random points over Syria, Georgia, Ukraine and Azerbaijan and 60 over the
    /// Norway/Svalbard exception areas, checked against GeoConvert run now: the MGRS string at
    /// 1 m must be identical, and the UTM easting/northing within 1 mm.
    @Test func agreesWithGeoConvertOnRandomPoints() throws {
        var rng = SplitMix64(seed: 7)
        let boxes: [(w: Double, s: Double, e: Double, n: Double, count: Int)] = [
            (35.7, 32.3, 42.4, 37.3, 90),   // SY
            (40.0, 41.0, 46.7, 43.6, 70),   // GE
            (22.1, 44.4, 40.2, 52.4, 90),   // UA
            (44.8, 38.4, 50.4, 41.9, 50),   // AZ
            (0.0, 56.0, 12.0, 64.0, 30),    // Norway exception band V
            (0.0, 72.0, 42.0, 83.99, 30),   // Svalbard exceptions band X
        ]
        var points: [Coordinate] = []
        for b in boxes {
            for _ in 0..<b.count {
                points.append(Coordinate(lon: rng.uniform(b.w, b.e), lat: rng.uniform(b.s, b.n)))
            }
        }
        let input = points.map { String(format: "%.9f %.9f", $0.lat, $0.lon) }.joined(separator: "\n") + "\n"
        let mgrs = try Self.geoConvert(["-m", "-p", "0"], input: input)
        let utm = try Self.geoConvert(["-u", "-p", "3"], input: input)
        try #require(mgrs.count == points.count && utm.count == points.count)
        let proj = PROJContext()
        var bad: [String] = []
        for (i, p) in points.enumerated() {
            let m = try MGRS(p, context: proj)
            if m.formatted() != mgrs[i] { bad.append("\(p): \(m.formatted()) ≠ \(mgrs[i])") }
            let f = utm[i].split(separator: " ")
            let (e, n) = (Double(f[1])!, Double(f[2])!)
            if String(f[0]) != "\(m.zone.number)\(m.zone.isNorth ? "n" : "s")" || abs(e - m.utm.x) > 1e-3 || abs(n - m.utm.y) > 1e-3 {
                bad.append("\(p): UTM \(m.zone) \(m.utm) ≠ \(utm[i])")
            }
        }
        #expect(bad.isEmpty, "\(bad.prefix(10))")
    }

    /// Runs GeographicLib's GeoConvert (Debian `geographiclib-tools`, installed by `make test`).
    static func geoConvert(_ arguments: [String], input: String) throws -> [String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["GeoConvert"] + arguments
        let inPipe = Pipe(), outPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        try p.run()
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try inPipe.fileHandleForWriting.close()
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw GeometryError.invalidArgument(name: "GeoConvert", value: "\(p.terminationStatus)", reason: "failed (install geographiclib-tools)") }
        return String(decoding: out, as: UTF8.self).split(separator: "\n").map { String($0) }
    }
}
