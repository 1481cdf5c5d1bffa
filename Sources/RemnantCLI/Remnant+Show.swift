import ArgumentParser
import RemnantExport
import RemnantStore

extension Remnant {
    /// `remnant show ID`: every field and source of one incident.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every field and source of one incident.")

        @Argument(help: "The incident id, e.g. GE-2008-ruisi.")
        var id: String

        @Option(help: "Output format: text or geojson.")
        var format: String = "text"

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard ["text", "geojson"].contains(format) else { throw ValidationError("--format '\(format)' must be text or geojson.") }
        }

        func run() throws {
            try Console.run {
                let (store, _) = try storeOptions.open()
                guard let incident = try store.incident(id: id) else {
                    let similar = try store.ids(containing: id, limit: 5)
                    throw StoreError.notFound(what: "incident", key: id + (similar.isEmpty ? "" : " (similar: \(similar.joined(separator: ", ")))"))
                }
                let feature = incident.feature()
                if format == "geojson" {
                    let sink = OutputSink(handle: .standardOutput)
                    let writer = GeoJSONFeatureWriter(sink: sink)
                    try writer.begin()
                    try writer.write(feature)
                    try writer.finish()
                    return
                }
                let catalog = try store.catalog()
                for (name, value) in feature.properties where name != "sources" {
                    print(name.padding(toLength: 24, withPad: " ", startingAt: 0) + value.text)
                }
                if let key = incident.munition, let m = catalog[key] {
                    print("munition detail".padding(toLength: 24, withPad: " ", startingAt: 0)
                          + "\(m.carrier) (\(m.carrierType)) with \(m.submunitionsPerCarrier.map(String.init) ?? "?") × \(m.submunition), footprint \(Int(m.footprintRadiusMeters)) m, failure \(m.failureRateLow)–\(m.failureRateHigh)")
                }
                for (n, s) in incident.sources.enumerated() {
                    print("source \(n + 1)".padding(toLength: 24, withPad: " ", startingAt: 0)
                          + [s.organisation, s.title, s.date, s.url].compactMap { $0 }.joined(separator: " | "))
                }
            }
        }
    }
}

import Foundation
