import Foundation
import RemnantStore

/// Writes features as RFC 4180 CSV with the columns of a ``FeatureSchema``: `sourceN_*` columns
/// read the `sources` array (see ``FeatureSchema``), matching `GeoData/incidents.csv`, so the
/// file re-imports. Optionally a first `WKT` column holds the geometry (OGC WKT, which GDAL's CSV
/// driver reads as the geometry of a column named `WKT`), and a HXL hashtag row follows the
/// header (``HXLTags``: the tags Remnant's importer reads; `#meta+NAME` for other columns).
public final class CSVFeatureWriter: FeatureWriter {
    let sink: OutputSink
    public let schema: FeatureSchema
    let wktDecimals: Int?
    let hxl: Bool

    public init(sink: OutputSink, schema: FeatureSchema, wktDecimals: Int? = nil, hxl: Bool = false) {
        self.sink = sink
        self.schema = schema
        self.wktDecimals = wktDecimals
        self.hxl = hxl
    }

    /// Text columns in order, then `sourceColumns` groups of `sourceN_*` columns.
    public convenience init(sink: OutputSink, columns: [String], sourceColumns: Int = 0) {
        self.init(sink: sink, schema: FeatureSchema(columns.map { .init($0, .string) } + FeatureSchema.sourceFields(sourceColumns)))
    }

    public var columns: [String] { schema.fields.map(\.name) }

    var header: [String] { (wktDecimals == nil ? [] : ["WKT"]) + columns }

    /// The HXL hashtag of each column.
    var hashtags: [String] {
        (wktDecimals == nil ? [] : ["#geo+wkt"]) + columns.map { name in
            if let tag = HXLTags.columns.first(where: { $0.column == name })?.tag { return tag }
            if let (n, _) = FeatureSchema.sourceColumn(name), n > 0 { return "" }
            return "#meta+" + name.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }
        }
    }

    public func begin() throws {
        try sink.write(header.map(Self.escape).joined(separator: ",") + "\r\n")
        if hxl { try sink.write(hashtags.map(Self.escape).joined(separator: ",") + "\r\n") }
    }

    public func write(_ feature: Feature) throws {
        var cells = schema.values(of: feature).map(\.text)
        if let wktDecimals { cells.insert(feature.geometry.wkt(decimals: wktDecimals), at: 0) }
        try sink.write(cells.map(Self.escape).joined(separator: ",") + "\r\n")
    }

    public func finish() throws { try sink.flush() }

    /// Quotes a cell when it holds a comma, quote, CR or LF, doubling inner quotes (RFC 4180).
    static func escape(_ cell: String) -> String {
        if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }
}
