import Foundation

/// Reads incident rows from a CSV file in one of three layouts, detected from the header:
/// - Remnant's own columns (`GeoData/incidents.csv`);
/// - HXL-tagged CSV: a hashtag row (``HXLTags``) right after a header row, or as the first row;
/// - an ACLED export (``ACLEDMapping``).
/// Streams: one record in memory at a time.
public final class CSVIncidentReader {
    public enum Layout: String, Sendable {
        case remnant, hxl, acled
    }

    public let layout: Layout
    public private(set) var warnings: [ImportWarning] = []
    private let reader: CSVReader
    private let columns: [String?]
    private let index: ColumnIndex
    private let headerCount: Int
    /// A data row read while looking for a hashtag row after the header.
    private var pending: CSVRecord?

    public convenience init(url: URL) throws(StoreError) {
        try self.init(reader: try CSVReader(url: url))
    }

    public init(reader: CSVReader) throws(StoreError) {
        self.reader = reader
        guard let first = try reader.next() else {
            throw .input(file: reader.name, location: "1", field: nil, message: "empty file; expected a header row")
        }
        if HXLTags.isHashtagRow(first.fields) {
            (layout, columns) = (.hxl, CSVIncidentReader.hxlColumns(first.fields, reader.name, first.line, &warnings))
        } else if ACLEDMapping.isACLED(first.fields) {
            (layout, columns) = (.acled, first.fields.map { $0.lowercased() })
        } else {
            // A header, maybe followed by HXL hashtags.
            let header = first.fields.map(RawRecord.trimmed)
            if header.contains("id") || header.contains("lon") || header.contains("date") {
                (layout, columns) = (.remnant, header)
                // Remnant's columns followed by a HXL hashtag row (`remnant export --hxl`): the
                // header names the columns, so every sourceN_* column is kept; the tags are skipped.
                if let second = try reader.next(), !HXLTags.isHashtagRow(second.fields) { pending = second }
            } else if let second = try reader.next(), HXLTags.isHashtagRow(second.fields) {
                (layout, columns) = (.hxl, CSVIncidentReader.hxlColumns(second.fields, reader.name, second.line, &warnings))
            } else {
                throw .unsupportedFormat(file: reader.name, reason: "unrecognised CSV header: expected Remnant's columns (id, date, country, lon, lat, …), HXL hashtags (#date, #geo+lat, …) or an ACLED export")
            }
        }
        headerCount = columns.count
        index = ColumnIndex(columns)
        if layout == .remnant {
            let required = ["id", "date", "country"]
            let missing = required.filter { !columns.contains($0) }
            guard missing.isEmpty else {
                throw .input(file: reader.name, location: "\(first.line)", field: nil, message: "missing required columns: \(missing.joined(separator: ", "))")
            }
            let known = Set(["id", "date", "date_precision", "country", "admin1", "admin2", "place", "lon", "lat", "geo_precision",
                             "uncertainty_m", "site_type", "munition", "carriers", "delivery", "actor_alleged", "attribution_confidence",
                             "evidence", "unexploded_observed", "killed", "injured", "civilian", "status", "notes"])
            for c in columns.compactMap({ $0 }) where !known.contains(c) && !CSVIncidentReader.isSourceColumn(c) {
                warnings.append(ImportWarning(file: reader.name, location: "\(first.line)", incidentID: nil, message: "unknown column '\(c)' ignored"))
            }
        }
    }

    public var fileName: String { reader.name }

    /// The next record, or nil at the end.
    public func next() throws(StoreError) -> RawRecord? {
        let record: CSVRecord
        if let pending {
            record = pending
            self.pending = nil
        } else {
            guard let read = try reader.next() else { return nil }
            record = read
        }
        let location = String(record.line)
        guard record.fields.count == headerCount else {
            throw .input(file: reader.name, location: location, field: nil,
                         message: "has \(record.fields.count) fields; the header has \(headerCount)")
        }
        if layout == .acled {
            var fields: [String: String] = [:]
            for (column, value) in zip(columns, record.fields) {
                guard let column else { continue }
                fields[column] = value
            }
            return try ACLEDMapping.map(fields, file: reader.name, location: location)
        }
        return RawRecord(file: reader.name, location: location, columns: index, values: record.fields)
    }

    static func isSourceColumn(_ c: String) -> Bool {
        guard c.hasPrefix("source"), let underscore = c.firstIndex(of: "_") else { return false }
        let n = c[c.index(c.startIndex, offsetBy: 6)..<underscore]
        return Int(n) != nil && ["org", "title", "date", "url"].contains(String(c[c.index(after: underscore)...]))
    }

    private static func hxlColumns(_ tags: [String], _ file: String, _ line: Int, _ warnings: inout [ImportWarning]) -> [String?] {
        tags.map { tag in
            let t = tag.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            if let column = HXLTags.column(for: t) { return column }
            warnings.append(ImportWarning(file: file, location: "\(line)", incidentID: nil, message: "HXL tag '\(t)' is not one Remnant reads; ignored"))
            return nil
        }
    }
}
