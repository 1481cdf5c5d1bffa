import ArgumentParser
import Foundation
import RemnantStore

extension Remnant {
    /// `remnant import FILE...`: CSV (Remnant, HXL, ACLED), GeoJSON or KML, all in one transaction.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import incidents from CSV (Remnant, HXL or ACLED), GeoJSON or KML; all files or nothing.")

        @Argument(help: "Files to import (.csv, .geojson/.json, .kml).")
        var files: [String]

        @Flag(help: "Validate only; the store is not changed.")
        var dryRun = false

        @Flag(help: "Keep stored incidents whose id is imported again (default: update them).")
        var skipExisting = false

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if files.isEmpty { throw ValidationError("give at least one file to import.") }
        }

        func run() throws {
            try Console.run {
                let (store, geoData) = try storeOptions.open()
                let importer = IncidentImporter(store: store, gazetteer: geoData?.places, boundaries: geoData?.countries)
                let urls = files.map { URL(fileURLWithPath: $0) }
                let report = try importer.importFiles(urls, policy: skipExisting ? .skip : .update, dryRun: dryRun)
                for w in report.warnings { Console.note(w.description) }
                for f in report.files { Console.note("\(f.name): \(f.layout), \(f.records) records") }
                let s = report.summary
                let verb = dryRun ? "dry run: would import" : "imported"
                print("\(verb) \(s.total) incidents into \(store.path): \(s.inserted) new, \(s.updated) updated, \(s.skipped) skipped; \(report.warnings.count) warnings")
            }
        }
    }
}
