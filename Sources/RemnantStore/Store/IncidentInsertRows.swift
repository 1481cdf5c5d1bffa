import Foundation

/// A batch of incidents with the values of their `incidents` and `incident_sources` rows already
/// encoded for `sqlite3_bind_*`: text, the GeoPackageBinary point and the sources JSON as bytes in
/// one buffer, numbers as they are bound.
///
/// An import builds these on its parsing thread, so the writer thread, the serial stage of an
/// import, only binds pointers into the buffer (`SQLITE_STATIC`) and steps SQLite: no Swift
/// strings are touched, retained or copied there.
struct IncidentInsertRows: Sendable {
    /// One bound value. Text and blobs are `count` bytes at `offset` in ``bytes``.
    enum Value: Sendable, Equatable {
        case null
        case int(Int64)
        case double(Double)
        case text(offset: Int, count: Int32)
        case blob(offset: Int, count: Int32)
    }

    /// The `incidents` columns, in the order of each row's values (`geom` first, then `id`).
    static let columns = ["geom", "id", "date", "date_precision", "date_start", "date_end", "country", "admin1", "admin2",
                          "place", "lon", "lat", "geo_precision", "uncertainty_m", "site_type", "munition", "carriers",
                          "delivery", "actor_alleged", "attribution_confidence", "evidence", "unexploded_observed",
                          "killed", "injured", "civilian", "status", "notes", "source_count", "first_source_url", "sources_json"]
    /// Index of `id` in ``columns``.
    static let idColumn = 1
    /// Values of one source, in `incident_sources` order after `incident_id` and `position`.
    static let sourceColumns = ["organisation", "title", "date", "url"]

    let incidents: [Incident]
    /// Every text and blob byte of the batch. Byte 0 is a spare, so that no value starts at the
    /// buffer's possibly null base address (SQLite binds a null pointer as NULL, not as "").
    private(set) var bytes: [UInt8] = [0]
    /// ``columns``.count values per incident, incident after incident.
    private(set) var values: [Value] = []
    /// ``sourceColumns``.count values per source, the sources of each incident in turn.
    private(set) var sourceValues: [Value] = []
    /// Per incident, the number of its first source (see ``Pointers/source(_:)``), plus one final end.
    private(set) var sourceStarts: [Int] = [0]

    init(_ incidents: [Incident]) {
        self.incidents = incidents
        bytes.reserveCapacity(1 + incidents.count * 512)
        values.reserveCapacity(incidents.count * Self.columns.count)
        sourceValues.reserveCapacity(incidents.count * Self.sourceColumns.count)
        sourceStarts.reserveCapacity(incidents.count + 1)
        for i in incidents { append(i) }
    }

    /// The sources of incident `row`, as numbers for ``Pointers/source(_:)``, in position order.
    func sources(of row: Int) -> Range<Int> {
        sourceStarts[row]..<sourceStarts[row + 1]
    }

    /// The batch's values and bytes as plain pointers, valid only inside ``withPointers(_:)``:
    /// the writer reads every row through them, where slicing the arrays per row would retain and
    /// release their buffers each time, on the thread that is an import's bottleneck.
    struct Pointers {
        /// Where ``IncidentInsertRows/bytes`` starts: text and blob offsets count from here.
        let base: UnsafeRawPointer
        fileprivate let values: UnsafeBufferPointer<Value>
        fileprivate let sourceValues: UnsafeBufferPointer<Value>

        /// The values of incident `row` (``IncidentInsertRows/columns`` order).
        func row(_ row: Int) -> UnsafeBufferPointer<Value> {
            let width = IncidentInsertRows.columns.count
            return UnsafeBufferPointer(rebasing: values[(row * width)..<((row + 1) * width)])
        }

        /// The ``IncidentInsertRows/sourceColumns`` values of source `s`.
        func source(_ s: Int) -> UnsafeBufferPointer<Value> {
            let width = IncidentInsertRows.sourceColumns.count
            return UnsafeBufferPointer(rebasing: sourceValues[(s * width)..<((s + 1) * width)])
        }
    }

    /// Runs `body` with pointers to the batch's values and bytes.
    func withPointers<T>(_ body: (Pointers) throws -> T) rethrows -> T {
        try bytes.withUnsafeBytes { raw in
            try values.withUnsafeBufferPointer { values in
                try sourceValues.withUnsafeBufferPointer { sourceValues in
                    try body(Pointers(base: raw.baseAddress!, values: values, sourceValues: sourceValues))
                }
            }
        }
    }

    private mutating func append(_ i: Incident) {
        let start = bytes.count
        GeoPackageBinary.appendPoint(i.location, to: &bytes)
        values.append(.blob(offset: start, count: Int32(bytes.count - start)))
        text(i.id)
        text(i.date.iso)
        text(i.date.precision.rawValue)
        text(i.date.firstDay)
        text(i.date.lastDay)
        text(i.country)
        text(i.admin1)
        text(i.admin2)
        text(i.place)
        number(i.location.lon)
        number(i.location.lat)
        number(i.geoPrecision.rawValue)
        number(i.uncertaintyMeters)
        text(i.siteType.rawValue)
        text(i.munition)
        number(i.carriers)
        text(i.delivery.rawValue)
        text(i.actorAlleged)
        text(i.attributionConfidence?.rawValue)
        text(i.evidence.rawValue)
        number(i.unexplodedObserved.map { $0 ? 1 : 0 })
        number(i.killed)
        number(i.injured)
        number(i.civilian.map { $0 ? 1 : 0 })
        text(i.status.rawValue)
        text(i.notes)
        number(i.sources.count)
        text(i.sources.first?.url)
        let json = bytes.count
        IncidentSource.appendJSONArray(i.sources, to: &bytes)
        values.append(.text(offset: json, count: Int32(bytes.count - json)))
        for s in i.sources {
            let organisation = Self.encode(s.organisation, into: &bytes), title = Self.encode(s.title, into: &bytes)
            let date = Self.encode(s.date, into: &bytes), url = Self.encode(s.url, into: &bytes)
            sourceValues.append(organisation)
            sourceValues.append(title)
            sourceValues.append(date)
            sourceValues.append(url)
        }
        sourceStarts.append(sourceStarts[sourceStarts.count - 1] + i.sources.count)
    }

    private mutating func text(_ s: String?) {
        let v = Self.encode(s, into: &bytes)
        values.append(v)
    }

    /// Appends the UTF-8 of `s` to `bytes` and returns where it is (`.null` for nil).
    private static func encode(_ s: String?, into bytes: inout [UInt8]) -> Value {
        guard var s else { return .null }
        let start = bytes.count
        s.withUTF8 { bytes.append(contentsOf: $0) }
        return .text(offset: start, count: Int32(bytes.count - start))
    }

    private mutating func number(_ v: Int?) {
        values.append(v.map { .int(Int64($0)) } ?? .null)
    }

    private mutating func number(_ v: Double?) {
        values.append(v.map { .double($0) } ?? .null)
    }
}
