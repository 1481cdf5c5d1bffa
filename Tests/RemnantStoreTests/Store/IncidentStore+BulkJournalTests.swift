import Foundation
import GRDB
import Testing
@testable import RemnantStore

/// A bulk write (``IncidentStore/write(policy:dryRun:bulk:_:)`` with `bulk`) runs with a rollback
/// journal when no other connection has the store open, and with WAL when one has; either way the
/// store is back in WAL mode afterwards, readable by a new pool, and an error or a dry run still
/// rolls everything back.
@Suite struct IncidentStoreBulkJournalTests {
    static func journalMode(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "PRAGMA journal_mode")
    }

    static func walBytes(_ store: IncidentStore) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size]) as? Int) ?? 0
    }

    @Test func aBulkWriteAloneUsesARollbackJournalAndReturnsToWAL() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        #expect(try store.count() == 0)  // this process's pool now has an idle reader open
        var during: String?
        let summary = try store.write(bulk: true) { session in
            during = try Self.journalMode(session.db)
            try session.write(IncidentInsertRows(try IncidentStoreWriteChunkTests.incidents(100)))
        }
        #expect(during == "delete")
        #expect(summary.inserted == 100)
        #expect(try store.read(Self.journalMode) == "wal")
        // The writer connection is as GRDB and the store opened it: synchronous NORMAL, the memory map.
        let (synchronous, mmap) = try store.pool.writeWithoutTransaction { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try Int.fetchOne(db, sql: "PRAGMA mmap_size"))
        }
        #expect(synchronous == 1)
        #expect(mmap == IncidentStore.mmapSize)
        #expect(Self.walBytes(store) > 0, "GRDB's readers need a non-empty -wal file")
        #expect(try store.count() == 100)
        // Another pool opens it and reads what was written; the file passes SQLite's checks.
        let other = try IncidentStore(path: store.path)
        #expect(try other.count() == 100)
        #expect(try other.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
        #expect(try other.read { db in try String.fetchOne(db, sql: "SELECT rtreecheck('rtree_incidents_geom')") } == "ok")
    }

    @Test func aBulkWriteWithAnotherConnectionOpenStaysInWALAndReadersAnswer() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        let reader = try IncidentStore(path: store.path)  // say the server, in another process
        #expect(try reader.count() == 0)
        var during: String?, readDuring: Int?
        _ = try store.write(bulk: true) { session in
            during = try Self.journalMode(session.db)
            try session.write(IncidentInsertRows(try IncidentStoreWriteChunkTests.incidents(100)))
            readDuring = try reader.count()  // the last commit, without waiting for this write
        }
        #expect(during == "wal")
        #expect(readDuring == 0)
        #expect(try reader.count() == 100)
        #expect(try store.read(Self.journalMode) == "wal")
    }

    @Test func aFailedOrDryRunBulkWriteLeavesTheRowsAsTheyWere() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        _ = try store.write { session in try session.write(IncidentInsertRows(try IncidentStoreWriteChunkTests.incidents(40, prefix: "A-"))) }
        let before = try IncidentStoreWriteChunkTests.dump(store)
        struct Stop: Error {}
        var during: String?
        #expect(throws: Stop.self) {
            _ = try store.write(bulk: true) { session in
                during = try Self.journalMode(session.db)
                try session.write(IncidentInsertRows(try IncidentStoreWriteChunkTests.incidents(100, prefix: "B-")))
                throw Stop()
            }
        }
        #expect(during == "delete")
        #expect(try IncidentStoreWriteChunkTests.dump(store) == before)
        #expect(try store.read(Self.journalMode) == "wal")
        // A dry run is rolled back anyway: it keeps WAL, so readers are never made to wait.
        let summary = try store.write(dryRun: true, bulk: true) { session in
            during = try Self.journalMode(session.db)
            try session.write(IncidentInsertRows(try IncidentStoreWriteChunkTests.incidents(100, prefix: "B-")))
        }
        #expect(during == "wal")
        #expect(summary.inserted == 100)
        #expect(try IncidentStoreWriteChunkTests.dump(store) == before)
    }

    @Test func theImporterCallsInputsFrom16MiBOnABulkLoad() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, bytes: Int) throws -> URL {
            let url = dir.appendingPathComponent(name)
            #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(bytes))  // sparse: no need to write the bytes
            try handle.close()
            return url
        }
        let half = IncidentImporter.bulkInputBytes / 2
        let a = try file("a.csv", bytes: half), b = try file("b.csv", bytes: half - 1), c = try file("c.csv", bytes: 1)
        #expect(IncidentImporter.bulkInputBytes == 16 << 20)
        #expect(!IncidentImporter.isBulk([a]))
        #expect(!IncidentImporter.isBulk([a, b]))
        #expect(IncidentImporter.isBulk([a, b, c]))
        #expect(!IncidentImporter.isBulk([dir.appendingPathComponent("missing.csv")]))
    }
}
