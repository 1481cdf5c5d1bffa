import Foundation
import GRDB
import Testing
@testable import RemnantStore

/// Values bound `SQLITE_STATIC` from the statement's arena: they must reach the table exactly,
/// across chunk boundaries, for values larger than a chunk, and row after row as the arena is reused.
@Suite struct SQLiteBulkStatementTests {
    @Test func arenaValuesStayPutAcrossChunks() {
        let arena = BindArena()
        var stored: [(UnsafeRawPointer, [UInt8])] = []
        // 40 values of 5,000 bytes (three chunks of 64 KiB), one of 200,000 (its own chunk) and an empty one.
        var values = (0..<40).map { n in [UInt8](repeating: UInt8(n), count: 5_000) }
        values.insert([UInt8](repeating: 0xEE, count: 200_000), at: 17)
        values.append([])
        for v in values { stored.append((v.withUnsafeBytes { arena.store($0) }, v)) }
        for (pointer, v) in stored {
            #expect(Array(UnsafeRawBufferPointer(start: pointer, count: v.count)) == v)
        }
        // Reused from the start for the next row.
        arena.removeAll()
        let again = [UInt8](repeating: 7, count: 10)
        let p = again.withUnsafeBytes { arena.store($0) }
        #expect(p == stored[0].0)
        #expect(Array(UnsafeRawBufferPointer(start: p, count: 10)) == again)
    }

    @Test func rowsReachTheTableExactly() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a TEXT, b BLOB, c TEXT, d INTEGER)")
            var insert = try SQLiteBulkStatement(db, sql: "INSERT INTO t VALUES (?, ?, ?, ?)")
            for n in 0..<300 {
                insert.bind(n % 7 == 0 ? nil : String(repeating: "é\(n)", count: n * 50))  // up to 15,000 UTF-8 bytes a value
                insert.bind(Data((0..<(n * 11)).map { UInt8(truncatingIfNeeded: $0 &+ n) }))
                insert.bind(n % 5 == 0 ? "" : "short \(n)")
                insert.bind(n)
                try insert.execute()
            }
            for row in try Row.fetchAll(db, sql: "SELECT a, b, c, d FROM t ORDER BY d") {
                let n: Int = row[3]
                #expect(row[0] as String? == (n % 7 == 0 ? nil : String(repeating: "é\(n)", count: n * 50)))
                #expect(row[1] as Data? == Data((0..<(n * 11)).map { UInt8(truncatingIfNeeded: $0 &+ n) }))
                // Empty text stays empty text, not NULL.
                #expect(row[2] as String? == (n % 5 == 0 ? "" : "short \(n)"))
            }
        }
    }
}
