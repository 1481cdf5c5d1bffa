import ArgumentParser
import Foundation
import RemnantStore

/// `--store PATH`: which GeoPackage to use. Default: `$REMNANT_STORE`, else `Output/remnant.gpkg`
/// next to the shipped `GeoData/`. A new store is created and seeded from `GeoData/`.
struct StoreOptions: ParsableArguments {
    @Option(help: "The incident store (GeoPackage). Default: $REMNANT_STORE or Output/remnant.gpkg.")
    var store: String?

    func resolvedPath(geoData: GeoData?) -> String {
        if let store { return store }
        if let env = ProcessInfo.processInfo.environment["REMNANT_STORE"], !env.isEmpty { return env }
        let root = geoData?.directory.deletingLastPathComponent() ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return root.appendingPathComponent("Output/remnant.gpkg").path
    }

    /// Opens the store, creating and seeding it from `GeoData/` on first use.
    func open(seed: Bool = true) throws -> (IncidentStore, GeoData?) {
        let geoData = try? GeoData.locate()
        let store = try IncidentStore(path: resolvedPath(geoData: geoData))
        if seed, let geoData, let report = try geoData.seedIfNeeded(store) {
            Console.note("seeded \(store.path) from \(geoData.directory.path): \(report.summary.inserted) incidents, \(try store.catalog().munitions.count) munition types")
            for w in report.warnings { Console.note(w.description) }
        }
        return (store, geoData)
    }
}
