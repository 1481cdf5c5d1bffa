import Foundation
import RemnantAnalysis
import RemnantGeometry
import RemnantStore
@testable import RemnantExport

/// Fixtures for the export tests: the shipped incidents in a fresh store, their hazard areas,
/// scratch directories and the external checkers (GDAL's ogrinfo, libxml2's xmllint), which
/// `make test` installs; a missing checker fails the test that needs it, it never skips it.
enum ExportTestSupport {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geoData = GeoData(directory: repository.appendingPathComponent("GeoData"))

    /// The OGC KML 2.2 schema unpacked by `make kml-schema` (from the fastkml wheel on PyPI).
    static let kmlSchema = repository.appendingPathComponent(".build/kml-schema/fastkml/schema/ogckml22.xsd")

    static func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-export-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A store in `dir` seeded from `GeoData/` (28 incidents, the munition catalog).
    static func seededStore(in dir: URL) throws -> IncidentStore {
        let store = try IncidentStore(path: dir.appendingPathComponent("store.gpkg").path)
        _ = try geoData.seedIfNeeded(store)
        return store
    }

    static func hazardAreas(_ store: IncidentStore) throws -> [HazardArea] {
        try HazardAreaBuilder().build(try store.incidents().map(\.incident), catalog: try store.catalog(), gazetteer: nil)
    }

    /// Runs a command found on PATH; status and standard output and error together.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
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

    /// Writes with a writer into a string.
    static func render(_ body: (OutputSink) throws -> Void) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        let sink = OutputSink(handle: handle)
        try body(sink)
        try sink.flush()
        try handle.close()
        return try String(contentsOf: url, encoding: .utf8)
    }
}
