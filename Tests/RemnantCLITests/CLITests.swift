import Foundation
import Testing

/// Runs the built `remnant` binary as a user would and checks its output and exit status.
@Suite struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `remnant` executable next to the test bundle in the build directory.
    static var binary: URL {
        let buildDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            buildDir.appendingPathComponent("remnant"),
            buildDir.deletingLastPathComponent().appendingPathComponent("remnant"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent(".build/debug/remnant"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs another program (ogrinfo, …) and returns its status and combined output.
    static func tool(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [executable] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func versionFlag() throws {
        let r = try Self.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func doctorReportsLibrariesAndDatabase() throws {
        let r = try Self.run(["doctor"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("GEOS     3."))
        #expect(r.stdout.contains("PROJ     "))
        #expect(r.stdout.contains("SQLite   3."))
        #expect(r.stdout.contains("proj.db  /"))
    }

    @Test func footprintAtGoriIsGeoJSONWithGeodesicArea() throws {
        let r = try Self.run(["footprint", "44.1129,41.9853", "--radius", "500m"])
        #expect(r.status == 0, "\(r.stderr)")
        let feature = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(feature["type"] as? String == "Feature")
        let properties = try #require(feature["properties"] as? [String: Any])
        let area = try #require(properties["area_m2"] as? Double)
        #expect(abs(area - Double.pi * 500 * 500) / (Double.pi * 500 * 500) <= 0.001)
        let geometry = try #require(feature["geometry"] as? [String: Any])
        let rings = try #require(geometry["coordinates"] as? [[[Double]]])
        #expect(rings[0].count == 85)
        #expect(rings[0].first == rings[0].last)
        // Lon/lat order: the first vertex is due north of Gori, same longitude.
        #expect(abs(rings[0][0][0] - 44.1129) < 1e-6 && rings[0][0][1] > 41.9853)
        #expect(r.stderr.contains("geodesic area"))
    }

    @Test func footprintWritesFileAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("gori.geojson")
        let r = try Self.run(["footprint", "44.1129,41.9853", "--radius", "1km", "-o", target.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["gori.geojson"])
        #expect(try String(contentsOf: target, encoding: .utf8).hasPrefix("{"))
    }

    @Test(arguments: [
        (["footprint", "44.1129,41.9853", "--radius=-5m"], "must not be negative"),
        (["footprint", "44.1129,41.9853", "--radius", "5 miles"], "--radius"),
        (["footprint", "41.9853,95.1", "--radius", "500m"], "did you give LAT,LON?"),
        (["footprint", "44.1129,41.9853", "--radius", "500m", "--semi-minor", "100m"], "--azimuth"),
    ])
    func badInputFailsWithMessage(arguments: [String], message: String) throws {
        let r = try Self.run(arguments)
        #expect(r.status != 0)
        #expect(r.stderr.contains(message), "stderr: \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    // MARK: - Store commands

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func withStore(_ body: (URL, [String: String]) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-cli-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir, ["REMNANT_STORE": dir.appendingPathComponent("s.gpkg").path,
                       "REMNANT_DATA": Self.repository.appendingPathComponent("GeoData").path])
    }

    @Test func firstUseSeedsTheStoreFromGeoData() throws {
        try Self.withStore { _, env in
            let r = try Self.run(["stats"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stderr.contains("seeded"))
            let rows = try String(contentsOf: Self.repository.appendingPathComponent("GeoData/incidents.csv"), encoding: .utf8)
                .split(whereSeparator: \.isNewline).filter { line in line.prefix(3).last == "-" && line.prefix(2).allSatisfy(\.isUppercase) }.count
            #expect(r.stdout.hasPrefix("\(rows) incidents"))
            #expect(r.stdout.contains("GE Georgia"))
        }
    }

    @Test func queryFormatsAndFilters() throws {
        try Self.withStore { _, env in
            let geojson = try Self.run(["query", "--country", "GE", "--near", "44.1,42.1", "--radius", "20km", "--format", "geojson"], environment: env)
            #expect(geojson.status == 0, "\(geojson.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(geojson.stdout.utf8)) as? [String: Any])
            let features = try #require(object["features"] as? [[String: Any]])
            #expect(!features.isEmpty)
            for f in features {
                let p = try #require(f["properties"] as? [String: Any])
                #expect(p["country"] as? String == "GE")
                #expect((p["distance_m"] as? Double ?? .infinity) <= 20_000)
            }
            let table = try Self.run(["query", "--since", "2015", "--until", "2016"], environment: env)
            #expect(table.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
            #expect(table.stdout.contains("SY-2015-kafr-halab") && !table.stdout.contains("GE-2008"))
            let csv = try Self.run(["query", "--delivery", "air-dropped", "--format", "csv"], environment: env)
            #expect(csv.stdout.hasPrefix("id,date,date_precision,country"))
            let nearest = try Self.run(["nearest", "44.1129,41.9853", "-k", "2", "--format", "ndjson"], environment: env)
            #expect(nearest.stdout.split(separator: "\n").count == 2)
            let show = try Self.run(["show", "SY-2015-hmeymim"], environment: env)
            #expect(show.stdout.contains("stockpile") && show.stdout.contains("source 1"))
        }
    }

    @Test(arguments: [
        (["query", "--bbox", "40,10,50,0"], "--bbox '40,10,50,0': south (10.0) is north of north (0.0)"),
        (["query", "--bbox", "1,2,3"], "--bbox '1,2,3' must be four numbers"),
        (["query", "--near", "44,42"], "--near and --radius go together"),
        (["query", "--near", "44,42", "--radius=-1km"], "must not be negative"),
        (["query", "--evidence", "rumour"], "--evidence 'rumour' must be one of: direct, indirect"),
        (["query", "--since", "2015-13"], "--since '2015-13' is not a date"),
        (["nearest", "44,42", "-k", "0"], "-k must be greater than 0"),
        (["show", "no-such-id"], "no incident 'no-such-id'"),
    ])
    func badOptionsNameTheOption(arguments: [String], message: String) throws {
        try Self.withStore { _, env in
            let r = try Self.run(arguments, environment: env)
            #expect(r.status != 0)
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
    }

    @Test func failedImportExitsNonZeroAndLeavesStoreAsItWas() throws {
        try Self.withStore { dir, env in
            _ = try Self.run(["stats"], environment: env)
            let before = try Self.run(["query", "--format", "csv"], environment: env).stdout
            let header = "id,date,country,lon,lat,geo_precision,munition,source1_org"
            let bad = dir.appendingPathComponent("bad.csv")
            try Data("\(header)\nX-1,2015-01-01,UA,37.8,48.0,1,,HRW\nX-2,2015-01-02,UA,37.8,48.0,1,rbk-9000,HRW\n".utf8).write(to: bad)
            let r = try Self.run(["import", bad.path], environment: env)
            #expect(r.status == 1)
            #expect(r.stderr.contains("bad.csv:3: munition: unknown munition 'rbk-9000'"), "\(r.stderr)")
            #expect(try Self.run(["query", "--format", "csv"], environment: env).stdout == before)
            let dry = try Self.run(["import", "--dry-run", dir.appendingPathComponent("bad.csv").path], environment: env)
            #expect(dry.status == 1)
            let good = dir.appendingPathComponent("good.csv")
            try Data("\(header)\nX-1,2015-01-01,UA,37.8,48.0,1,,HRW\n".utf8).write(to: good)
            let ok = try Self.run(["import", good.path], environment: env)
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout.contains("imported 1 incidents") && ok.stdout.contains("1 new"))
        }
    }

    @Test func zonesAreDeterministicAndAnswerAtQuestions() throws {
        try Self.withStore { _, env in
            let first = try Self.run(["zones", "--format", "geojson"], environment: env)
            #expect(first.status == 0, "\(first.stderr)")
            let second = try Self.run(["zones", "--format", "geojson"], environment: env)
            #expect(first.stdout == second.stdout)  // byte-identical
            let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
            let features = try #require(object["features"] as? [[String: Any]])
            #expect(!features.isEmpty)
            var ranks: [Int] = []
            for f in features {
                let p = try #require(f["properties"] as? [String: Any])
                #expect(["CHA", "SHA"].contains(p["class"] as? String))
                #expect((p["area_ha"] as? Double ?? 0) > 0)
                ranks.append(p["priority_rank"] as? Int ?? 0)
            }
            #expect(ranks == Array(1...features.count))
            // The Hmeymim stockpile is not a strike footprint.
            #expect(!first.stdout.contains("SY-2015-hmeymim"))
            #expect(try Self.run(["zones", "--include-stockpiles", "--format", "geojson"], environment: env).stdout.contains("SY-2015-hmeymim"))
            let inside = try Self.run(["zones", "--at", "44.1129,41.9853"], environment: env)
            #expect(inside.stdout.hasPrefix("INSIDE HA-") && inside.stdout.contains("m inside the edge"))
            let outside = try Self.run(["zones", "--at", "30.5,50.45"], environment: env)  // Kyiv
            #expect(outside.stdout.hasPrefix("OUTSIDE: nearest hazard area HA-"))
            let table = try Self.run(["zones"], environment: env)
            #expect(table.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
            let bad = try Self.run(["zones", "--margin=-5m"], environment: env)
            #expect(bad.status != 0 && bad.stderr.contains("must not be negative"))
        }
    }

    @Test func withinTakesWKTOrAGeoJSONFile() throws {
        try Self.withStore { dir, env in
            // Shida Kartli around Gori, as WKT and as a GeoJSON Feature file.
            let wkt = "POLYGON ((43.9 41.9, 44.2 41.9, 44.2 42.25, 43.9 42.25, 43.9 41.9))"
            let a = try Self.run(["query", "--within", wkt, "--format", "csv"], environment: env)
            #expect(a.status == 0, "\(a.stderr)")
            let file = dir.appendingPathComponent("area.geojson")
            try Data(#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[43.9,41.9],[44.2,41.9],[44.2,42.25],[43.9,42.25],[43.9,41.9]]]}}"#.utf8).write(to: file)
            let b = try Self.run(["query", "--within", file.path, "--format", "csv"], environment: env)
            #expect(b.stdout == a.stdout)
            let rows = a.stdout.split(whereSeparator: \.isNewline).dropFirst()
            #expect(!rows.isEmpty && rows.allSatisfy { $0.hasPrefix("GE-") })
            let bad = try Self.run(["query", "--within", "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))"], environment: env)
            #expect(bad.status != 0 && bad.stderr.contains("invalid (Self-intersection"), "\(bad.stderr)")
            let line = try Self.run(["query", "--within", "LINESTRING (0 0, 1 1)"], environment: env)
            #expect(line.status != 0 && line.stderr.contains("expected a Polygon or MultiPolygon"))
        }
    }

    // MARK: - Exports

    @Test func exportInfersFormatsAndWritesEveryOne() throws {
        try Self.withStore { dir, env in
            for ext in ["geojson", "geojsonseq", "kml", "kmz", "gpkg", "csv"] {
                let target = dir.appendingPathComponent("out.\(ext)")
                let r = try Self.run(["export", "--layer", "incidents", "-o", target.path], environment: env)
                #expect(r.status == 0, "\(ext): \(r.stderr)")
                #expect(FileManager.default.fileExists(atPath: target.path))
            }
            let kml = try String(contentsOf: dir.appendingPathComponent("out.kml"), encoding: .utf8)
            #expect(kml.contains("<kml xmlns=\"http://www.opengis.net/kml/2.2\">") && kml.contains("<Placemark id=\"GE-2008-ruisi\">"))
            let seq = try Data(contentsOf: dir.appendingPathComponent("out.geojsonseq"))
            #expect(seq.first == 0x1E)
            let csv = try String(contentsOf: dir.appendingPathComponent("out.csv"), encoding: .utf8)
            #expect(csv.hasPrefix("WKT,id,date,"))
            let hxl = try Self.run(["export", "--format", "csv", "--hxl", "--country", "GE"], environment: env)
            let lines = hxl.stdout.components(separatedBy: "\r\n")
            #expect(lines[1].hasPrefix("#geo+wkt,#event+id,#date,") && lines.dropFirst(2).filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix("POINT (") })
            // Both layers in one KMZ, as `make demo` writes it; zones gain the same formats.
            let both = try Self.run(["export", "--layer", "incidents", "--layer", "zones", "-o", dir.appendingPathComponent("all.kmz").path], environment: env)
            #expect(both.status == 0, "\(both.stderr)")
            let zones = try Self.run(["zones", "--format", "kml"], environment: env)
            #expect(zones.status == 0 && zones.stdout.contains("<styleUrl>#style-zone-"))
            let gpkg = try Self.run(["zones", "-o", dir.appendingPathComponent("z.gpkg").path], environment: env)
            #expect(gpkg.status == 0 && FileManager.default.fileExists(atPath: dir.appendingPathComponent("z.gpkg").path))
        }
    }

    @Test(arguments: [
        (["export", "-o", "x.shp"], "cannot tell the format of 'x.shp'"),
        (["export"], "give --format, or -o FILE"),
        (["export", "--format", "kmz"], "kmz is a binary file; give -o FILE"),
        (["export", "--layer", "incidents", "--layer", "zones", "--format", "geojson"], "geojson holds one layer"),
        (["export", "--layer", "hexes", "--format", "geojson", "--hex", "0km"], "--hex must be greater than 0"),
        (["export", "--layer", "hotspots", "--format", "kml", "--levels", "1", "--quantiles", "0.5"], "--levels and --quantiles exclude each other"),
        (["export", "--format", "kml", "--hxl"], "--hxl applies to csv only"),
        (["export", "--format", "geojson", "--precision", "16"], "--precision must be between 0 and 15"),
    ])
    func exportRefusesWhatItCannotWrite(arguments: [String], message: String) throws {
        try Self.withStore { dir, env in
            let r = try Self.run(arguments, environment: env)
            #expect(r.status != 0)
            #expect(r.stderr.contains(message), "\(r.stderr)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix("s.gpkg") }.isEmpty)
        }
    }
}
