import Foundation
import GRDB
import Testing
import RemnantGeometry
@testable import RemnantStore

@Suite struct RTreeBulkLoaderTests {
    /// Writes `count` synthetic incidents (spread over ±1° around Kharkiv) through a store write.
    func fill(_ store: IncidentStore, count: Int, prefix: String = "B") throws -> [String: Coordinate] {
        var random = TestSupport.SeededRandom(seed: 99)
        var points: [String: Coordinate] = [:]
        _ = try store.write { session in
            for n in 0..<count {
                let c = Coordinate(lon: 36.23 + (random.unit() - 0.5) * 2, lat: 49.99 + (random.unit() - 0.5) * 2)
                points["\(prefix)-\(n)"] = c
                try session.write(try TestSupport.syntheticIncident(id: "\(prefix)-\(n)", at: c, date: "2022"))
            }
        }
        return points
    }

    @Test(arguments: [0, 1, 51, 52, 12_345])
    func packedTreePassesRtreecheckAndAnswersLikeBruteForce(count: Int) throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        let points = try fill(store, count: count)
        let entries = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT fid, lon, lat FROM incidents").map { r in
                RTreeBulkLoader.Entry(id: r[0], minX: r[1], maxX: r[1], minY: r[2], maxY: r[2])
            }
        }
        // Force the bulk path even for small counts, then let SQLite's own checker judge it.
        _ = try store.pool.write { db in try RTreeBulkLoader.rebuild(db, table: "rtree_incidents_geom", entries: entries) }
        #expect(try store.read { db in try String.fetchOne(db, sql: "SELECT rtreecheck('rtree_incidents_geom')") } == "ok")
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM rtree_incidents_geom") } == count)
        var f = IncidentFilter()
        f.bbox = BoundingBox(minX: 36.0, minY: 49.8, maxX: 36.5, maxY: 50.3)
        let found = Set(try store.incidents(matching: f).map(\.incident.id))
        let brute = Set(points.filter { f.bbox!.contains($0.value) }.map(\.key))
        #expect(found == brute)
        // The tree stays writable by SQLite afterwards: one more insert, still consistent.
        _ = try fill(store, count: 3, prefix: "after")
        #expect(try store.read { db in try String.fetchOne(db, sql: "SELECT rtreecheck('rtree_incidents_geom')") } == "ok")
    }

    @Test func largeWritesTakeTheBulkPath() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        let points = try fill(store, count: 20_000)
        #expect(try store.read { db in try String.fetchOne(db, sql: "SELECT rtreecheck('rtree_incidents_geom')") } == "ok")
        // A bulk-built tree is packed: about 20,000 / 51 leaves, far fewer nodes than insertion makes.
        let nodes = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM rtree_incidents_geom_node") } ?? 0
        #expect(nodes <= 20_000 / 51 + 20)
        let center = Coordinate(lon: 36.23, lat: 49.99)
        var f = IncidentFilter()
        f.near = (center, 7_500)
        let found = Set(try store.incidents(matching: f).map(\.incident.id))
        #expect(found == Set(points.filter { Geodesic.wgs84.distanceMeters(center, $0.value) <= 7_500 }.map(\.key)))
    }

    @Test func floatBoundsContainTheDoubles() {
        for d in [36.230001, -0.1, 49.987654321, 0, 1e-40] {
            #expect(Double(RTreeBulkLoader.down(d)) <= d)
            #expect(Double(RTreeBulkLoader.up(d)) >= d)
        }
    }
}
