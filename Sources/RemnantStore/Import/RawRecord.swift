import Foundation

/// One input record before validation, in any import format: named string fields, plus where it
/// came from, so every message can say `file:line` or `file:feature N`.
///
/// Field names are the project's CSV column names (`id`, `date`, `date_precision`, `country`,
/// `admin1`, `admin2`, `place`, `lon`, `lat`, `geo_precision`, `uncertainty_m`, `site_type`,
/// `munition`, `carriers`, `delivery`, `actor_alleged`, `attribution_confidence`, `evidence`,
/// `unexploded_observed`, `killed`, `injured`, `civilian`, `status`, `notes`, and
/// `sourceN_org|title|date|url` for N = 1, 2, …). Each importer maps its format onto these names.
public struct RawRecord: Sendable, Equatable {
    /// File name for messages.
    public var file: String
    /// Where the record is, as held: ``location`` is its text.
    public var position: RecordPosition
    /// `"12"` for a line, `"feature 3"` for a GeoJSON feature, `"placemark 3 (line 40)"` for a
    /// KML placemark.
    public var location: String { position.description }
    private(set) var named: [String: String]
    /// CSV rows keep their values in column order with a shared name → position index, so a
    /// million-row import does not build a dictionary per row.
    private(set) var columns: ColumnIndex?
    private(set) var values: [String]

    public init(file: String, location: String, fields: [String: String]) {
        self.init(file: file, position: .text(location), fields: fields)
    }

    public init(file: String, position: RecordPosition, fields: [String: String]) {
        self.file = file
        self.position = position
        self.named = fields
        self.columns = nil
        self.values = []
    }

    init(file: String, location: String, columns: ColumnIndex, values: [String]) {
        self.file = file
        self.position = .text(location)
        self.named = [:]
        self.columns = columns
        self.values = values
    }

    /// All fields by name.
    public var fields: [String: String] {
        get {
            guard let columns else { return named }
            var all = named
            for (name, i) in columns.positions where i < values.count { all[name] = values[i] }
            return all
        }
        set {
            named = newValue
            columns = nil
            values = []
        }
    }

    /// The trimmed value of a field, nil when absent or blank.
    public subscript(_ name: String) -> String? {
        let raw: String?
        if let columns, let i = columns.positions[name], i < values.count { raw = values[i] } else { raw = named[name] }
        guard let v = raw.map(RawRecord.trimmed), !v.isEmpty else { return nil }
        return v
    }

    public static func == (a: RawRecord, b: RawRecord) -> Bool {
        a.file == b.file && a.location == b.location && a.fields == b.fields
    }

    /// The value without leading and trailing whitespace; cheap when there is none (the usual case).
    static func trimmed(_ s: String) -> String {
        // Fast path on bytes: a first and last byte that are printable ASCII need no trimming.
        guard let first = s.utf8.first, let last = s.utf8.last else { return s }
        if first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F { return s }
        return String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    func error(_ field: String?, _ message: String) -> StoreError {
        .input(file: file, location: location, field: field, message: message)
    }
}

/// Where a record sits in its file, kept without building text: the importer remembers the
/// position of every id it has seen (for the duplicate-id message), so a KML placemark's
/// `placemark N (line L)` held as text would cost a heap string per incident (~75 MiB at 1M).
public enum RecordPosition: Sendable, Hashable, CustomStringConvertible {
    /// A line number or a short label such as `feature 3` (Swift keeps up to 15 bytes inline).
    case text(String)
    /// A GeoJSON feature: its number in the collection.
    case feature(number: Int)
    /// A KML placemark: its number in the file, and the line it starts on (0: unknown).
    case placemark(number: Int, line: Int)

    public var description: String {
        switch self {
        case let .text(t): t
        case let .feature(number): "feature \(number)"
        case let .placemark(number, line): line > 0 ? "placemark \(number) (line \(line))" : "placemark \(number)"
        }
    }
}

/// Column name → position for the rows of one CSV file; shared by all its records.
final class ColumnIndex: Sendable {
    let positions: [String: Int]
    /// `slots[field.slot]` is the column of a ``RawRecord/Field``, or -1 when the file has none.
    let slots: [Int]

    /// `names[i]` is the field name of column i; nil columns are ignored. The first column of a
    /// repeated name wins.
    init(_ names: [String?]) {
        var p: [String: Int] = [:]
        for (i, n) in names.enumerated() { if let n, p[n] == nil { p[n] = i } }
        positions = p
        slots = RawRecord.Field.all.map { p[$0] ?? -1 }
    }
}
