import Foundation

/// The formats `remnant import` reads, detected from the file extension (and, for CSV, the header).
public enum ImportFormat: String, Sendable, CaseIterable {
    case csv, geojson, kml

    public init(url: URL) throws(StoreError) {
        switch url.pathExtension.lowercased() {
        case "csv", "txt": self = .csv
        case "geojson", "json": self = .geojson
        case "kml": self = .kml
        default:
            throw .unsupportedFormat(file: url.lastPathComponent, reason: "unknown extension '.\(url.pathExtension)'; expected .csv, .geojson/.json or .kml")
        }
    }
}

/// The outcome of an import.
public struct ImportReport: Sendable {
    public var summary: WriteSummary
    public var warnings: [ImportWarning]
    public var dryRun: Bool
    /// Per file: name, detected layout, records read.
    public var files: [(name: String, layout: String, records: Int)]
}

/// Imports files into the store: every file, every record, one transaction. A single bad
/// record anywhere rolls the whole import back and reports `file:line: field: problem`.
public struct IncidentImporter {
    public let store: IncidentStore
    public let gazetteer: Gazetteer?
    public let boundaries: CountryBoundaries?

    public init(store: IncidentStore, gazetteer: Gazetteer?, boundaries: CountryBoundaries?) {
        self.store = store
        self.gazetteer = gazetteer
        self.boundaries = boundaries
    }

    public func importFiles(_ urls: [URL], policy: ExistingPolicy = .update, dryRun: Bool = false) throws -> ImportReport {
        var parser = IncidentRecordParser(catalog: try store.catalog(), gazetteer: gazetteer, boundaries: boundaries)
        var warnings: [ImportWarning] = []
        var files: [(String, String, Int)] = []
        let summary = try store.write(policy: policy, dryRun: dryRun) { session in
            for url in urls {
                parser.beginFile()
                var records = 0
                let layout: String
                switch try ImportFormat(url: url) {
                case .csv:
                    let reader = try CSVIncidentReader(url: url)
                    layout = "CSV (\(reader.layout.rawValue))"
                    while let raw = try reader.next() {
                        try session.write(try parser.parse(raw))
                        records += 1
                    }
                    warnings += reader.warnings
                case .geojson:
                    layout = "GeoJSON"
                    for raw in try GeoJSONIncidentReader.read(url: url) {
                        try session.write(try parser.parse(raw))
                        records += 1
                    }
                case .kml:
                    layout = "KML"
                    for raw in try KMLIncidentReader.read(url: url) {
                        try session.write(try parser.parse(raw))
                        records += 1
                    }
                }
                files.append((url.lastPathComponent, layout, records))
            }
        }
        warnings += parser.warnings
        return ImportReport(summary: summary, warnings: warnings, dryRun: dryRun, files: files)
    }
}
