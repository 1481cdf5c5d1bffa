import Foundation
import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API for bulk writes: values are bound in
/// place (`sqlite3_bind_*`, copied by SQLite) and the statement is stepped and reset per row.
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

    /// SQLite copies the bytes before the bind call returns (SQLITE_TRANSIENT).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ text: String?) {
        index += 1
        guard let text else { sqlite3_bind_null(handle, index); return }
        var copy = text
        copy.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self),
                                  Int32(bytes.count), Self.transient)
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
        index += 1
        data.withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    /// Runs the statement once with the bound values, then resets it for the next row.
    mutating func execute() throws {
        defer {
            sqlite3_reset(handle)
            index = 0
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            throw StoreError.database(message: String(cString: sqlite3_errmsg(connection)))
        }
    }

    /// Rows changed by the last statement on this connection.
    var changes: Int { Int(sqlite3_changes(connection)) }

    /// The rowid of the last insert on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }
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
