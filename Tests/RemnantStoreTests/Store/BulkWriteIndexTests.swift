import Foundation
import GRDB
import Testing
import RemnantGeometry
@testable import RemnantStore

/// A bulk write drops the secondary indexes and rebuilds them before its commit: afterwards the
/// indexes are back, the planner uses them, and the file passes SQLite's integrity check.
@Suite struct BulkWriteIndexTests {
    static func indexNames(_ store: IncidentStore) throws -> Set<String> {
        try store.read { db in
            try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")
        }
    }

    @Test func bulkWriteRebuildsTheIndexesItDeferred() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        let before = try Self.indexNames(store)
        #expect(before.isSuperset(of: StoreWriteSession.secondaryIndexNames))
        var random = TestSupport.SeededRandom(seed: 7)
        let count = StoreWriteSession.bulkRows + 2_500
        var droppedDuringWrite = false
        let summary = try store.write { session in
            for n in 0..<count {
                let c = Coordinate(lon: 36 + random.unit(), lat: 49 + random.unit())
                try session.write(try TestSupport.syntheticIncident(id: "K-\(n)", at: c, country: n % 2 == 0 ? "UA" : "GE",
                                                                    date: "\(2014 + n % 3)"))
                if n == count - 1 {
                    droppedDuringWrite = try Int.fetchOne(session.db, sql: "SELECT count(*) FROM sqlite_master WHERE name = 'incidents_date_span'") == 0
                }
            }
        }
        #expect(summary.inserted == count)
        #expect(droppedDuringWrite, "a bulk write should defer the secondary indexes")
        #expect(try Self.indexNames(store) == before)
        #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        let plan = try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT fid FROM incidents WHERE country = 'GE' AND date_start >= '2015-01-01'")
                .map { ($0["detail"] as String?) ?? "" }.joined(separator: " ")
        }
        #expect(plan.contains("incidents_country_date"), "\(plan)")
        var f = IncidentFilter()
        f.countries = ["GE"]
        f.since = "2016-01-01"
        let expected = (0..<count).filter { $0 % 2 == 1 && 2014 + $0 % 3 >= 2016 }.count
        #expect(try store.incidents(matching: f).count == expected)
    }

    /// An update met during a deferred bulk write brings the indexes back at once (replacing an
    /// incident's sources looks them up by incident id), and the write still succeeds.
    @Test func updateDuringBulkWriteRestoresTheIndexes() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        let before = try Self.indexNames(store)
        let count = StoreWriteSession.bulkRows + 10
        let summary = try store.write { session in
            for n in 0..<count {
                try session.write(try TestSupport.syntheticIncident(id: "U-\(n)", at: Coordinate(lon: 44, lat: 42 + Double(n) * 1e-5), country: "GE"))
            }
            var again = try TestSupport.syntheticIncident(id: "U-3", at: Coordinate(lon: 44.5, lat: 42.5), country: "GE")
            again.sources = [IncidentSource(organisation: "synthetic test data, second source"), IncidentSource(organisation: "third")]
            try session.write(again)
        }
        #expect(summary.inserted == count && summary.updated == 1)
        #expect(try Self.indexNames(store) == before)
        #expect(try store.incident(id: "U-3")?.sources.count == 2)
        #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }
}
