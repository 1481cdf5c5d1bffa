import ArgumentParser
import Foundation
import RemnantExport
import RemnantStore

/// Output format for listings of incidents.
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, geojson, ndjson
}

/// `--format` and `-o FILE`: files are written to a temporary name and renamed when complete.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table, csv, geojson or ndjson.")
    var format: ListingFormat = .table

    @Option(name: .shortAndLong, help: "Write to FILE (atomically) instead of standard output.")
    var output: String?

    static func with(output: String?) -> OutputOptions {
        var o = OutputOptions()
        o.output = output
        return o
    }

    /// Streams into standard output or an atomic file.
    func withSink(_ body: (OutputSink) throws -> Void) throws {
        if let output {
            try AtomicFile.write(to: URL(fileURLWithPath: output)) { handle in
                try body(OutputSink(handle: handle))
            }
        } else {
            let sink = OutputSink(handle: .standardOutput)
            try body(sink)
            try sink.flush()
        }
    }
}

/// Incident listings in every format, from one feature mapping.
enum IncidentListing {
    static let csvColumns = ["id", "date", "date_precision", "country", "admin1", "admin2", "place", "lon", "lat", "geo_precision",
                             "uncertainty_m", "site_type", "munition", "carriers", "delivery", "actor_alleged", "attribution_confidence",
                             "evidence", "unexploded_observed", "killed", "injured", "civilian", "status", "notes"]

    static func write(_ matches: [IncidentMatch], format: ListingFormat, options: OutputOptions, withDistance: Bool = false) throws {
        try options.withSink { sink in
            let writer: FeatureWriter
            switch format {
            case .geojson: writer = GeoJSONFeatureWriter(sink: sink)
            case .ndjson: writer = GeoJSONFeatureWriter(sink: sink, layout: .newlineDelimited)
            case .csv:
                let maxSources = max(1, matches.map(\.incident.sources.count).max() ?? 1)
                writer = CSVFeatureWriter(sink: sink, columns: csvColumns + (withDistance ? ["distance_m"] : []), sourceColumns: maxSources)
            case .table:
                var columns: [TableFeatureWriter.Column] = [
                    .init("id", "ID", width: 24), .init("date", "DATE", width: 10), .init("country", "CC", width: 2),
                    .init("place", "PLACE", width: withDistance ? 17 : 26), .init("munition", "MUNITION", width: 14),
                ]
                if withDistance { columns.append(.init("distance_m", "DIST_M", width: 8, rightAligned: true)) }
                writer = TableFeatureWriter(sink: sink, columns: columns)
            }
            try writer.begin()
            for m in matches { try writer.write(m.incident.feature(distanceMeters: m.distanceMeters)) }
            try writer.finish()
        }
    }
}
