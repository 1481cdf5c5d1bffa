import Foundation
import GRDB
import Testing
import RemnantGeometry
@testable import RemnantStore

/// Batches written in multi-row chunks (``StoreWriteSession/chunkRows``) store exactly what
/// writing the same incidents one at a time stores: same fids, rows, sources and R-tree entries,
/// and the same upsert and skip outcomes when some ids are already stored.
@Suite struct IncidentStoreWriteChunkTests {
    /// `count` synthetic incidents with one to three sources each (so source chunks end part-way).
    static func incidents(_ count: Int, prefix: String = "C-", lonOffset: Double = 0) throws -> [Incident] {
        var random = TestSupport.SeededRandom(seed: 11)
        return try (0..<count).map { n in
            var i = try TestSupport.syntheticIncident(id: "\(prefix)\(n)", at: Coordinate(lon: 36 + lonOffset + random.unit(), lat: 48 + random.unit()),
                                                      date: "\(2014 + n % 3)")
            i.sources = (1...(1 + n % 3)).map { IncidentSource(organisation: "synthetic test data \(n).\($0)", url: "https://example.org/\(n)/\($0)") }
            return i
        }
    }

    /// Every row of the incident tables and the R-tree, in fid order, as text.
    static func dump(_ store: IncidentStore) throws -> [String] {
        try store.read { db in
            let tables = [
                "SELECT * FROM incidents ORDER BY fid",
                "SELECT incident_id, position, organisation, title, date, url FROM incident_sources ORDER BY incident_id, position",
                "SELECT * FROM rtree_incidents_geom ORDER BY id",
            ]
            return try tables.flatMap { sql in
                try Row.fetchAll(db, sql: sql).map { $0.description }
            }
        }
    }

    /// Writes `batches` through the chunked batch path, or row by row when `oneByOne`.
    static func write(_ batches: [[Incident]], to store: IncidentStore, policy: ExistingPolicy, oneByOne: Bool) throws -> WriteSummary {
        try store.write(policy: policy) { session in
            for batch in batches {
                if oneByOne {
                    for i in batch { try session.write(i) }
                } else {
                    try session.write(IncidentInsertRows(batch))
                }
            }
        }
    }

    @Test func chunkedBatchesStoreWhatRowByRowWritesStore() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 3 full chunks and 4 rows left over, then a batch smaller than one chunk.
        let all = try Self.incidents(3 * StoreWriteSession.chunkRows + 4 + 20)
        let batches = [Array(all[..<(3 * StoreWriteSession.chunkRows + 4)]), Array(all[(3 * StoreWriteSession.chunkRows + 4)...])]
        var dumps: [[String]] = []
        for oneByOne in [false, true] {
            let sub = dir.appendingPathComponent(oneByOne ? "rows" : "chunks")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            let store = try TestSupport.emptyStore(in: sub)
            let summary = try Self.write(batches, to: store, policy: .update, oneByOne: oneByOne)
            #expect(summary == WriteSummary(inserted: all.count, updated: 0, skipped: 0))
            #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
            dumps.append(try Self.dump(store))
        }
        #expect(dumps[0] == dumps[1])
        #expect(dumps[0].count == all.count + all.reduce(0) { $0 + $1.sources.count } + all.count)
    }

    @Test func aChunkMeetingStoredIdsFallsBackToThePolicy() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 3 * StoreWriteSession.chunkRows
        let first = try Self.incidents(n)
        // Ids 5, 40 and 70 are stored before, at other places: every chunk but the last meets one.
        let stored = try [5, 40, 70].map { k in
            try TestSupport.syntheticIncident(id: "C-\(k)", at: Coordinate(lon: 30, lat: 45), date: "2010")
        }
        for policy in [ExistingPolicy.update, .skip] {
            var dumps: [[String]] = []
            for oneByOne in [false, true] {
                let sub = dir.appendingPathComponent("\(policy)-\(oneByOne)")
                try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
                let store = try TestSupport.emptyStore(in: sub)
                _ = try Self.write([stored], to: store, policy: .update, oneByOne: true)
                let summary = try Self.write([first], to: store, policy: policy, oneByOne: oneByOne)
                switch policy {
                case .update: #expect(summary == WriteSummary(inserted: n - 3, updated: 3, skipped: 0))
                case .skip: #expect(summary == WriteSummary(inserted: n - 3, updated: 0, skipped: 3))
                }
                let c40 = try #require(try store.incident(id: "C-40"))
                #expect(c40.location.lon == (policy == .update ? first[40].location.lon : 30))
                #expect(c40.sources.count == (policy == .update ? first[40].sources.count : 1))
                #expect(try store.incident(id: "C-41")?.location == first[41].location)
                #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
                dumps.append(try Self.dump(store))
            }
            #expect(dumps[0] == dumps[1], "policy \(policy)")
        }
    }

    /// A value that breaks a CHECK constraint fails its chunk; the row-by-row retry reports it and
    /// the whole write rolls back.
    @Test func aFailedConstraintInAChunkFailsTheWrite() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        var batch = try Self.incidents(StoreWriteSession.chunkRows * 2)
        batch[37].location = Coordinate(lon: 200, lat: 48)  // outside the `lon` CHECK
        #expect(throws: StoreError.self) {
            _ = try Self.write([batch], to: store, policy: .update, oneByOne: false)
        }
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents") } == 0)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM incident_sources") } == 0)
    }
}
