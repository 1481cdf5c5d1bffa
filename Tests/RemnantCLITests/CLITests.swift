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

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
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
}
