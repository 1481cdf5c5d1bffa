import GRDBSQLite
import RemnantGeometry

/// Rows of a statement selecting ``IncidentStore/selectColumns``, copied out of SQLite so they
/// can be decoded into incidents on another thread: the reading thread only steps SQLite and
/// copies bytes, and building the records (strings, dates, the sources JSON) runs where the
/// output is formatted. Each value is copied through the same `sqlite3_column_*` call
/// ``IncidentStore/incident(from:)`` would make, so decoding gives the same incidents.
public struct IncidentRowBatch: Sendable {
    /// How ``IncidentStore/incident(from:)`` reads each column.
    enum Access { case text, double, int }

    static let access: [Access] = {
        var a = [Access](repeating: .text, count: 27)
        for i in [7, 8, 10] { a[i] = .double }
        for i in [9, 13, 18, 19, 20, 21] { a[i] = .int }
        return a
    }()

    static let columnCount = 27

    /// Per row and column: NULL, or an integer or double (its bits), or text as (offset, length) in `text`.
    struct Cell: Sendable {
        var isNull: Bool
        var value: Int64
        var length: Int32
    }

    var cells: [Cell] = []
    var text: [UInt8] = []
    /// The geodesic distance of each row when the query had a centre and the reading thread
    /// measured it.
    var distances: [Double?] = []
    /// A distance query whose exact geodesic test is left to ``matches()``: rows beyond the
    /// radius are dropped there, and each match gets its distance (the reading thread then only
    /// copies rows, and the `geod_inverse` calls run on the decoding threads).
    var pendingNear: (center: Coordinate, meters: Double)?
    /// Matches already decoded (a distance query, whose order is known only once every match is).
    var decoded: [IncidentMatch]?

    /// An empty batch with room for `rows` rows of about 1 KB of text each, whose rows get the
    /// exact test of `pendingNear` when decoded.
    init(reserving rows: Int = 0, pendingNear: (center: Coordinate, meters: Double)? = nil) {
        self.pendingNear = pendingNear
        cells.reserveCapacity(rows * Self.columnCount)
        text.reserveCapacity(rows * 1024)
        distances.reserveCapacity(rows)
    }

    init(decoded: [IncidentMatch]) { self.decoded = decoded }

    /// Number of rows.
    public var count: Int { decoded?.count ?? cells.count / Self.columnCount }

    /// Copies the current row of `statement`. A text column is read with `sqlite3_column_text`
    /// alone (a null pointer only for NULL), numbers after `sqlite3_column_type`'s NULL check.
    mutating func append(_ statement: OpaquePointer, distance: Double?) {
        Self.access.withUnsafeBufferPointer { access in
            for i in 0..<Self.columnCount {
                let column = Int32(i)
                switch access[i] {
                case .text:
                    guard let p = sqlite3_column_text(statement, column) else {
                        cells.append(Cell(isNull: true, value: 0, length: 0))
                        continue
                    }
                    let n = Int(sqlite3_column_bytes(statement, column))
                    cells.append(Cell(isNull: false, value: Int64(text.count), length: Int32(n)))
                    text.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
                case .double:
                    guard sqlite3_column_type(statement, column) != SQLITE_NULL else {
                        cells.append(Cell(isNull: true, value: 0, length: 0))
                        continue
                    }
                    cells.append(Cell(isNull: false, value: Int64(bitPattern: sqlite3_column_double(statement, column).bitPattern), length: 0))
                case .int:
                    guard sqlite3_column_type(statement, column) != SQLITE_NULL else {
                        cells.append(Cell(isNull: true, value: 0, length: 0))
                        continue
                    }
                    cells.append(Cell(isNull: false, value: sqlite3_column_int64(statement, column), length: 0))
                }
            }
        }
        distances.append(distance)
    }

    /// The incidents of the batch, in row order, with their sources and distances.
    public func matches() throws -> [IncidentMatch] {
        if let decoded { return decoded }
        var out: [IncidentMatch] = []
        out.reserveCapacity(count)
        try cells.withUnsafeBufferPointer { cells in
            try text.withUnsafeBufferPointer { bytes in
                for row in 0..<count {
                    let r = Row(cells: cells, base: row * Self.columnCount, text: bytes)
                    var distance = distances[row]
                    if let near = pendingNear {
                        guard let d = IncidentStore.distanceMeters(from: near, to: IncidentStore.location(r)) else { continue }
                        distance = d
                    }
                    out.append(IncidentMatch(incident: try IncidentStore.incident(from: r), distanceMeters: distance))
                }
            }
        }
        return out
    }

    /// One copied row, read as ``SQLiteRowReader`` reads a live one.
    struct Row: IncidentColumns {
        let cells: UnsafeBufferPointer<Cell>
        let base: Int
        let text: UnsafeBufferPointer<UInt8>

        func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>? {
            let c = cells[base + Int(i)]
            if c.isNull { return nil }
            return UnsafeBufferPointer(rebasing: text[Int(c.value)..<Int(c.value) + Int(c.length)])
        }

        func text(_ i: Int32) -> String? { bytes(i).map { String(decoding: $0, as: UTF8.self) } }

        func double(_ i: Int32) -> Double? {
            let c = cells[base + Int(i)]
            return c.isNull ? nil : Double(bitPattern: UInt64(bitPattern: c.value))
        }

        func int(_ i: Int32) -> Int? {
            let c = cells[base + Int(i)]
            return c.isNull ? nil : Int(c.value)
        }

        func bool(_ i: Int32) -> Bool? { int(i).map { $0 != 0 } }
    }
}

/// The column reads ``IncidentStore/incident(from:)`` needs: a live SQLite row or a copied one.
protocol IncidentColumns {
    func text(_ i: Int32) -> String?
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>?
    func double(_ i: Int32) -> Double?
    func int(_ i: Int32) -> Int?
    func bool(_ i: Int32) -> Bool?
}

extension SQLiteRowReader: IncidentColumns {}
