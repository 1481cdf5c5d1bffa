import Foundation

/// Writes features as RFC 4180 CSV with a fixed column list. A `sources` array property is
/// spread over `sourceN_org`, `sourceN_title`, `sourceN_date`, `sourceN_url` for N up to
/// `sourceColumns`, matching `GeoData/incidents.csv`, so the file re-imports.
public final class CSVFeatureWriter: FeatureWriter {
    let sink: OutputSink
    public let columns: [String]
    let sourceColumns: Int

    /// - Parameter columns: property names in order (without the source columns).
    public init(sink: OutputSink, columns: [String], sourceColumns: Int = 0) {
        self.sink = sink
        self.columns = columns
        self.sourceColumns = sourceColumns
    }

    var header: [String] {
        columns + (0..<sourceColumns).flatMap { n in ["org", "title", "date", "url"].map { "source\(n + 1)_\($0)" } }
    }

    public func begin() throws {
        try sink.write(header.map(Self.escape).joined(separator: ",") + "\r\n")
    }

    public func write(_ feature: Feature) throws {
        var cells = columns.map { feature[$0]?.text ?? "" }
        if sourceColumns > 0 {
            let sources: [PropertyValue]
            if case let .array(items)? = feature["sources"] { sources = items } else { sources = [] }
            for n in 0..<sourceColumns {
                var fields = ["", "", "", ""]
                if n < sources.count, case let .object(pairs) = sources[n] {
                    let get = { (k: String) in pairs.first { $0.0 == k }?.1.text ?? "" }
                    fields = [get("organisation"), get("title"), get("date"), get("url")]
                }
                cells += fields
            }
        }
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
