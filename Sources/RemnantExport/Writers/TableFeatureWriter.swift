/// A plain-text table for terminals, at most `width` characters per line (80 by default):
/// each column has a fixed width and longer values are cut with `…`.
public final class TableFeatureWriter: FeatureWriter {
    public struct Column: Sendable {
        public var property: String
        public var title: String
        public var width: Int
        public var rightAligned: Bool

        public init(_ property: String, _ title: String, width: Int, rightAligned: Bool = false) {
            self.property = property
            self.title = title
            self.width = width
            self.rightAligned = rightAligned
        }
    }

    let sink: OutputSink
    let columns: [Column]
    private var rows = 0

    public init(sink: OutputSink, columns: [Column]) {
        self.sink = sink
        self.columns = columns
    }

    public var lineWidth: Int { columns.map(\.width).reduce(0, +) + max(0, columns.count - 1) }

    public func begin() throws {
        try sink.write(line(columns.map(\.title)) + "\n")
        try sink.write(String(repeating: "-", count: lineWidth) + "\n")
    }

    public func write(_ feature: Feature) throws {
        try sink.write(line(columns.map { feature[$0.property]?.text ?? "" }) + "\n")
        rows += 1
    }

    public func finish() throws {
        try sink.write("(\(rows) \(rows == 1 ? "row" : "rows"))\n")
        try sink.flush()
    }

    private func line(_ values: [String]) -> String {
        var parts: [String] = []
        for (c, v) in zip(columns, values) {
            let flat = v.split(whereSeparator: \.isNewline).joined(separator: " ")
            let cut = flat.count > c.width ? String(flat.prefix(c.width - 1)) + "…" : flat
            let pad = String(repeating: " ", count: c.width - cut.count)
            parts.append(c.rightAligned ? pad + cut : cut + pad)
        }
        var s = parts.joined(separator: " ")
        while s.last == " " { s.removeLast() }
        return s
    }
}
