import Foundation

/// Where the shipped data lives (`GeoData/` of the repository) and how a new store is seeded.
public struct GeoData: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public var incidents: URL { directory.appendingPathComponent("incidents.csv") }
    public var munitions: URL { directory.appendingPathComponent("munitions.csv") }
    public var places: URL { directory.appendingPathComponent("places.csv") }
    public var countries: URL { directory.appendingPathComponent("boundaries/countries.geojson") }
    public var admin1: URL { directory.appendingPathComponent("boundaries/admin1.geojson") }

    /// Finds `GeoData/`: `$REMNANT_DATA`, then `./GeoData`, then the repository the executable
    /// was built in (`.build/<config>/remnant` → `../../GeoData`).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = CommandLine.arguments.first ?? "") throws(StoreError) -> GeoData {
        var candidates: [URL] = []
        if let env = environment["REMNANT_DATA"], !env.isEmpty { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("GeoData"))
        var exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(exe.appendingPathComponent("GeoData"))
            exe = exe.deletingLastPathComponent()
        }
        for c in candidates where FileManager.default.fileExists(atPath: c.appendingPathComponent("munitions.csv").path) {
            return GeoData(directory: c)
        }
        throw .notFound(what: "GeoData directory (set REMNANT_DATA)", key: candidates.map(\.path).prefix(2).joined(separator: ", "))
    }

    /// Creates and seeds the store at `path` if it has no munition catalog yet: loads
    /// `munitions.csv`, then imports `incidents.csv`. Returns the import report when it seeded.
    @discardableResult
    public func seedIfNeeded(_ store: IncidentStore) throws -> ImportReport? {
        guard try store.catalog().munitions.isEmpty else { return nil }
        try store.replaceCatalog(try MunitionCatalog(url: munitions))
        let importer = IncidentImporter(store: store, gazetteer: places, boundaries: countries)
        return try importer.importFiles([incidents])
    }
}
