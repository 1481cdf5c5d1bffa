import Foundation
import RemnantAnalysis
import RemnantGeometry
@testable import RemnantMap
import RemnantStore

/// Fixtures: the repository's own `GeoData/` (boundaries, places, catalog) and a few synthetic
/// incidents in Georgia, Syria and Ukraine, built into hazard areas by the real builder.
enum MapTestSupport {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geoData = GeoData(directory: repository.appendingPathComponent("GeoData"))

    static func incident(_ id: String, _ lon: Double, _ lat: Double, country: String, delivery: Delivery, evidence: Evidence,
                         site: SiteType = .strike, munition: String? = nil) throws -> Incident {
        Incident(id: id, date: try IncidentDate(parsing: "2015-10-04"), country: country, place: "test place", location: Coordinate(lon: lon, lat: lat),
                 geoPrecision: .place, uncertaintyMeters: 1_500, siteType: site, munition: munition, delivery: delivery, evidence: evidence,
                 sources: [IncidentSource(organisation: "Test Source Org")])
    }

    static func incidents() throws -> [Incident] {
        [
            try incident("T-GE-1", 44.1129, 41.9853, country: "GE", delivery: .missile, evidence: .direct),
            try incident("T-GE-2", 44.1329, 41.9953, country: "GE", delivery: .rocket, evidence: .indirect),
            try incident("T-GE-3", 43.9569, 42.0379, country: "GE", delivery: .airDropped, evidence: .indirect, site: .remnantFind),
            try incident("T-SY-1", 36.8708, 36.0644, country: "SY", delivery: .airDropped, evidence: .indirect),
            try incident("T-UA-1", 37.8022, 48.0230, country: "UA", delivery: .rocket, evidence: .direct),
        ]
    }

    /// Built once per test process (reading the boundary layers dominates in debug builds).
    static let shared = Result { () throws(MapError) -> MapData in
        let incidents: [Incident], catalog: MunitionCatalog
        do { (incidents, catalog) = (try MapTestSupport.incidents(), try MunitionCatalog(url: geoData.munitions)) } catch {
            throw .data(what: "fixture", message: "\(error)")
        }
        return try MapData.load(geoData: geoData, incidents: incidents, catalog: catalog)
    }

    static func data() throws -> MapData { try shared.get() }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-map-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs a tool (pdfinfo, pdftotext from poppler-utils, installed by `make test`).
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `Pages:` from pdfinfo.
    static func pageCount(_ path: String) throws -> Int? {
        let r = try run("pdfinfo", [path])
        guard r.status == 0 else { return nil }
        return r.output.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last ?? "") }
    }
}
