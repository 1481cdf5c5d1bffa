import Foundation
import GRDB
import Testing
import RemnantGeometry
@testable import RemnantStore

/// Migration v4 replaces the two date indexes of older stores with one
/// `(date_start, id, date_end)` index, which the planner uses for date filters (covering) and for
/// the paged feed's order.
@Suite struct GeoPackageSchemaTests {
    static func indexes(_ path: String) throws -> [String: String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'incidents' AND sql IS NOT NULL")
                .map { ($0[0] as String, $0[1] as String) })
        }
    }

    @Test func v4ReplacesTheTwoDateIndexesOfAnOlderStore() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("old.gpkg").path
        do {
            let store = try TestSupport.emptyStore(in: dir)
            _ = try store.write { session in
                for n in 0..<50 {
                    try session.write(try TestSupport.syntheticIncident(id: "M-\(n)", at: Coordinate(lon: 36 + Double(n) * 0.01, lat: 49),
                                                                        date: "\(2014 + n % 3)-0\(1 + n % 9)"))
                }
            }
            try store.close()
            try FileManager.default.moveItem(atPath: dir.appendingPathComponent("test.gpkg").path, toPath: path)
        }
        // Turn it back into a v3 store: the two old indexes, and v4 not yet applied.
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: """
                    DROP INDEX incidents_date_span;
                    CREATE INDEX incidents_date ON incidents (date_start, date_end);
                    CREATE INDEX incidents_date_id ON incidents (date_start, id);
                    DELETE FROM grdb_migrations WHERE identifier LIKE 'v4:%';
                    """)
            }
            try queue.close()
        }
        #expect(Set(try Self.indexes(path).keys) == ["incidents_country_date", "incidents_date", "incidents_date_id"])

        let store = try IncidentStore(path: path)
        let after = try Self.indexes(path)
        #expect(Set(after.keys) == ["incidents_country_date", "incidents_date_span"])
        #expect(after["incidents_date_span"]?.contains("(date_start, id, date_end)") == true)
        // Same answers as the rows say (these reads also load the migrated schema into the
        // pool's reader, which `EXPLAIN` alone does not).
        let counted = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents WHERE date_end >= '2015-01-01' AND date_start <= '2015-06-30'")
        }
        let brute = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT date_start, date_end FROM incidents NOT INDEXED").filter { ($0[1] as String) >= "2015-01-01" && ($0[0] as String) <= "2015-06-30" }.count
        }
        #expect(counted == brute && brute > 0)
        let pagePlan = try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM incidents ORDER BY date_start, id LIMIT 10 OFFSET 20").map { $0["detail"] as String }.joined()
        }
        let filterPlan = try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT fid FROM incidents WHERE date_end >= '2015-01-01' AND date_start <= '2015-06-30'").map { $0["detail"] as String }.joined()
        }
        #expect(filterPlan.contains("COVERING INDEX incidents_date_span"))
        #expect(pagePlan.contains("incidents_date_span") && !pagePlan.contains("TEMP B-TREE"))
    }
}
