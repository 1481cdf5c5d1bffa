import Foundation
import RemnantGeometry
@testable import RemnantStore

/// Shared fixtures: the repository's own `GeoData/` (never `../shared`) and scratch directories.
enum TestSupport {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geoData = GeoData(directory: repository.appendingPathComponent("GeoData"))

    static func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A fresh store with the shipped munition catalog and no incidents.
    static func emptyStore(in dir: URL) throws -> IncidentStore {
        let store = try IncidentStore(path: dir.appendingPathComponent("test.gpkg").path)
        try store.replaceCatalog(try MunitionCatalog(url: geoData.munitions))
        return store
    }

    static func write(_ text: String, to dir: URL, name: String) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Runs a command and returns its status and standard output (for ogrinfo, geod, …).
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

    static let header = "id,date,date_precision,country,admin1,admin2,place,lon,lat,geo_precision,uncertainty_m,site_type,munition,carriers,delivery,actor_alleged,attribution_confidence,evidence,unexploded_observed,killed,injured,civilian,status,notes,source1_org,source1_title,source1_date,source1_url"

    /// A valid project-CSV row with one field replaced.
    static func row(id: String = "T-1", date: String = "2008-08-12", precision: String = "day", country: String = "GE",
                    place: String = "Ruisi", lon: String = "43.956937", lat: String = "42.037872", munition: String = "rbk-250-ptab-2.5m",
                    killed: String = "3", url: String = "https://www.hrw.org/news/2008/08/15/georgia-russian-cluster-bombs-kill-civilians") -> String {
        "\(id),\(date),\(precision),\(country),Shida Kartli,,\(place),\(lon),\(lat),1,,strike,\(munition),1,air-dropped,Russia,high,direct,true,\(killed),5,true,verified,test row,HRW,Georgia: Russian Cluster Bombs Kill Civilians,2008-08-15,\(url)"
    }

    /// A seeded linear congruential generator: the same synthetic points on every run.
    struct SeededRandom {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        /// A uniform value in [0, 1).
        mutating func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    /// A minimal incident for spatial tests, labelled as synthetic test data.
    static func syntheticIncident(id: String, at location: Coordinate, country: String = "UA", date: String = "2015") throws -> Incident {
        Incident(id: id, date: try IncidentDate(parsing: date), country: country, location: location, geoPrecision: .place,
                 sources: [IncidentSource(organisation: "synthetic test data")])
    }
}
