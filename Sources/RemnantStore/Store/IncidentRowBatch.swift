import GRDBSQLite

/// The column values an incident is decoded from, by position in
/// ``IncidentStore/selectColumns``: either SQLite's current row (``SQLiteRowReader``) or a row
/// copied out of it (``IncidentRowBatch/Row``), so one decoder serves both.
protocol IncidentRowValues {
    func text(_ i: Int32) -> String?
    /// The column's text as bytes, valid while the row is (until the next step, or while the batch lives).
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>?
    func double(_ i: Int32) -> Double?
    func int(_ i: Int32) -> Int?
    func bool(_ i: Int32) -> Bool?
}

extension SQLiteRowReader: IncidentRowValues {}

/// Rows of ``IncidentStore/selectColumns`` copied out of SQLite, so that another thread can
/// build the incidents while the reading thread steps on: SQLite stepping and column access
/// stay on the connection's thread, and only these bytes cross.
///
/// Each column is copied the way the decoder reads it (``kinds``): text and JSON columns as the
/// bytes `sqlite3_column_text` gives (SQLite's own conversion for a non-text value), numbers
/// through `sqlite3_column_double`/`sqlite3_column_int64`, NULL as NULL, so a copied row decodes
/// exactly as the live row would.
///
/// Filled by one thread, then only read: after ``append(from:distance:)`` is no longer called,
/// the storage does not move and the batch can be handed to another thread.
final class IncidentRowBatch: @unchecked Sendable {
    /// How the decoder reads each column of ``IncidentStore/selectColumns``.
    enum Kind { case text, double, int }

    static let kinds: [Kind] = [
        .text, .text, .text, .text, .text, .text, .text,  // id, date, date_precision, country, admin1, admin2, place
        .double, .double, .int, .double,                  // lon, lat, geo_precision, uncertainty_m
        .text, .text, .int, .text, .text, .text, .text,    // site_type, munition, carriers, delivery, actor_alleged, attribution_confidence, evidence
        .int, .int, .int, .int,                            // unexploded_observed, killed, injured, civilian
        .text, .text, .text, .text, .text,                 // status, notes, date_start, date_end, sources_json
    ]
    static let columns = Int32(kinds.count)

    /// One column value: `count` bytes at `offset` for text (-1: NULL), or a number's bits.
    private struct Cell {
        var offset: Int
        var count: Int
        var bits: UInt64
    }

    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var used = 0
    private var cells: [Cell] = []
    /// The geodesic distance of each row from the query's centre, in metres, if any.
    private(set) var distances: [Double?] = []

    init(rowCapacity: Int) {
        capacity = max(1, rowCapacity) * 512
        storage = .allocate(capacity: capacity)
        cells.reserveCapacity(rowCapacity * Int(Self.columns))
        distances.reserveCapacity(rowCapacity)
    }

    deinit { storage.deallocate() }

    var count: Int { distances.count }

    /// Copies the current row of `reader` (a statement selecting ``IncidentStore/selectColumns``).
    func append(from reader: SQLiteRowReader, distance: Double?) {
        for (i, kind) in Self.kinds.enumerated() {
            let column = Int32(i)
            switch kind {
            case .text:
                guard let bytes = reader.bytes(column) else {
                    cells.append(Cell(offset: 0, count: -1, bits: 0))
                    continue
                }
                reserve(bytes.count)
                if let base = bytes.baseAddress { (storage + used).update(from: base, count: bytes.count) }
                cells.append(Cell(offset: used, count: bytes.count, bits: 0))
                used += bytes.count
            case .double:
                let value = reader.double(column)
                cells.append(Cell(offset: 0, count: value == nil ? -1 : 0, bits: value?.bitPattern ?? 0))
            case .int:
                let value = reader.int(column)
                cells.append(Cell(offset: 0, count: value == nil ? -1 : 0, bits: UInt64(bitPattern: Int64(value ?? 0))))
            }
        }
        distances.append(distance)
    }

    private func reserve(_ extra: Int) {
        guard used + extra > capacity else { return }
        let grown = max(capacity * 2, used + extra)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.update(from: storage, count: used)
        storage.deallocate()
        storage = moved
        capacity = grown
    }

    /// Row `index` of the batch.
    func row(_ index: Int) -> Row { Row(batch: self, base: index * Int(Self.columns)) }

    /// One copied row, read like SQLite's current row.
    struct Row: IncidentRowValues {
        let batch: IncidentRowBatch
        let base: Int

        private func cell(_ i: Int32) -> Cell { batch.cells[base + Int(i)] }

        func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>? {
            let c = cell(i)
            return c.count < 0 ? nil : UnsafeBufferPointer(start: batch.storage + c.offset, count: c.count)
        }

        func text(_ i: Int32) -> String? { bytes(i).map { String(decoding: $0, as: UTF8.self) } }

        func double(_ i: Int32) -> Double? {
            let c = cell(i)
            return c.count < 0 ? nil : Double(bitPattern: c.bits)
        }

        func int(_ i: Int32) -> Int? {
            let c = cell(i)
            return c.count < 0 ? nil : Int(Int64(bitPattern: c.bits))
        }

        func bool(_ i: Int32) -> Bool? { int(i).map { $0 != 0 } }
    }
}
