import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API for bulk writes: values are bound in
/// place (`sqlite3_bind_*`) and the statement is stepped and reset per row. Text and blobs are
/// copied into the statement's ``BindArena`` and bound `SQLITE_STATIC`, so SQLite reads them
/// where they are instead of allocating, copying and freeing each value (`SQLITE_TRANSIENT`:
/// 9% of a 200,000-row import's samples were in binding strings).
/// GRDB prepares and owns the statement; this only binds and steps it, on GRDB's writer thread.
/// Through GRDB's `StatementArguments` a row costs several existential boxes and allocations per
/// value, which dominated a million-row import.
struct SQLiteBulkStatement {
    let statement: Statement
    let connection: OpaquePointer
    private var index: Int32 = 0

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection!
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// `INSERT INTO "table" (columns) VALUES (?, …), …` with `rows` rows of parameters and no
    /// conflict clause (a conflict aborts the whole statement). Several rows per statement save
    /// SQLite a cursor open, a seek from the root and a close per row.
    static func insertSQL(table: String, columns: [String], rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \"\(table)\" (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// The bytes of the text and blob values bound for the current row; emptied after each
    /// ``execute()``, when every value of the next row is bound again.
    private let arena = BindArena()

    /// SQLite reads the bytes where they are, until they are bound again (SQLITE_STATIC).
    private static let staticBytes = unsafeBitCast(0, to: sqlite3_destructor_type.self)

    mutating func bind(_ text: String?) {
        guard let text else {
            index += 1
            sqlite3_bind_null(handle, index)
            return
        }
        var copy = text
        copy.withUTF8 { bind(text: UnsafeRawBufferPointer($0)) }
    }

    /// Binds UTF-8 `bytes` as text (copied into the arena).
    mutating func bind(text bytes: UnsafeRawBufferPointer) {
        index += 1
        let stored = arena.store(bytes)
        _ = sqlite3_bind_text(handle, index, stored.assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.staticBytes)
    }

    /// Binds `bytes` as a blob (copied into the arena).
    mutating func bind(blob bytes: UnsafeRawBufferPointer) {
        index += 1
        let stored = arena.store(bytes)
        _ = sqlite3_bind_blob(handle, index, stored, Int32(bytes.count), Self.staticBytes)
    }

    /// Binds a value encoded by ``IncidentInsertRows``; its text and blob bytes are at `base`
    /// and are bound where they are (`SQLITE_STATIC`), so they must stay put until the row is
    /// executed.
    mutating func bind(_ value: IncidentInsertRows.Value, in base: UnsafeRawPointer) {
        index += 1
        switch value {
        case .null: sqlite3_bind_null(handle, index)
        case let .int(v): sqlite3_bind_int64(handle, index, v)
        case let .double(v): sqlite3_bind_double(handle, index, v)
        case let .text(offset, count):
            _ = sqlite3_bind_text(handle, index, (base + offset).assumingMemoryBound(to: CChar.self), count, Self.staticBytes)
        case let .blob(offset, count):
            _ = sqlite3_bind_blob(handle, index, base + offset, count, Self.staticBytes)
        }
    }

    mutating func bind(_ value: Double?) {
        index += 1
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Int?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, Int64(value)) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func bind(_ value: Bool?) {
        bind(value.map { $0 ? 1 : 0 } as Int?)
    }

    mutating func bind(_ data: Data) {
        data.withUnsafeBytes { bind(blob: $0) }
    }

    /// Runs the statement once with the bound values, then resets it for the next row.
    mutating func execute() throws {
        _ = try executeReturningInt64()
    }

    /// ``execute()``, returning column 0 of the statement's first result row as an integer (the
    /// `RETURNING` value of an `INSERT`/`UPDATE`), or nil when it returns no row.
    mutating func executeReturningInt64() throws -> Int64? {
        defer {
            sqlite3_reset(handle)
            index = 0
            // The stale bindings keep pointing into the arena, but nothing reads them: the next
            // row binds every parameter again before it steps.
            arena.removeAll()
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw StoreError.database(message: String(cString: sqlite3_errmsg(connection)))
        }
        return code == SQLITE_ROW ? sqlite3_column_int64(handle, 0) : nil
    }

    /// Whether the connection's last failure was a failed constraint (`SQLITE_CONSTRAINT`, any
    /// extended code), which backs out only the failing statement.
    var failedOnConstraint: Bool { sqlite3_errcode(connection) & 0xff == SQLITE_CONSTRAINT }

    /// Whether the connection is inside a transaction (not in autocommit mode).
    var inTransaction: Bool { sqlite3_get_autocommit(connection) == 0 }

    /// Rows changed by the last statement on this connection.
    var changes: Int { Int(sqlite3_changes(connection)) }

    /// The rowid of the last insert on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }
}

/// Bytes that must stay where they are while a statement holds `SQLITE_STATIC` bindings to them:
/// chunks that never move (a value that does not fit the current chunk starts a new one), reused
/// from the start once the row is written. Plain allocations, owned here and freed in `deinit`.
final class BindArena {
    private var chunks: [(base: UnsafeMutableRawPointer, capacity: Int)]
    /// The chunk being filled; chunks before it hold values of the current row.
    private var chunk = 0
    private var used = 0
    static let chunkBytes = 64 << 10

    init() {
        chunks = [(.allocate(byteCount: Self.chunkBytes, alignment: 16), Self.chunkBytes)]
    }

    /// Copies `bytes` and returns where they now are (valid until ``removeAll()``). Never a null
    /// pointer, even for no bytes: SQLite binds a null pointer as NULL, not as empty text.
    func store(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawPointer {
        let n = bytes.count
        if used + n > chunks[chunk].capacity {
            // On to the next chunk, or a new one there if it is missing or too small; the
            // chunks already holding this row's values stay where they are.
            chunk += 1
            if chunk == chunks.count || chunks[chunk].capacity < n {
                let capacity = max(Self.chunkBytes, n)
                chunks.insert((.allocate(byteCount: capacity, alignment: 16), capacity), at: chunk)
            }
            used = 0
        }
        let destination = chunks[chunk].base + used
        if n > 0 { destination.copyMemory(from: bytes.baseAddress!, byteCount: n) }
        used += n
        return UnsafeRawPointer(destination)
    }

    /// Forgets every stored value; the chunks are kept for the next row.
    func removeAll() {
        chunk = 0
        used = 0
    }

    deinit { for c in chunks { c.base.deallocate() } }
}

/// Reads the current row of a GRDB-prepared statement through the SQLite C API: the fast path
/// for materialising many incidents (GRDB's `Row` converts every value through generic
/// `DatabaseValueConvertible` code).
struct SQLiteRowReader {
    let handle: OpaquePointer

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
    }

    /// Steps to the next row; false at the end. Throws SQLite's message on error.
    func step(_ connection: OpaquePointer) throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw StoreError.database(message: String(cString: sqlite3_errmsg(connection)))
        }
    }

    /// Rewinds the statement so the cache can hand it out again.
    func reset() {
        sqlite3_reset(handle)
    }

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }

    /// The column's text; nil for NULL (`sqlite3_column_text` returns a null pointer only for
    /// NULL, or when out of memory, and a non-null one for an empty string).
    func text(_ i: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i))), as: UTF8.self)
    }

    /// The column's text as bytes, valid until the next step or reset.
    func bytes(_ i: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let p = sqlite3_column_text(handle, i) else { return nil }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, i)))
    }

    func double(_ i: Int32) -> Double? { isNull(i) ? nil : sqlite3_column_double(handle, i) }

    func int(_ i: Int32) -> Int? { isNull(i) ? nil : Int(sqlite3_column_int64(handle, i)) }

    func bool(_ i: Int32) -> Bool? { int(i).map { $0 != 0 } }
}
