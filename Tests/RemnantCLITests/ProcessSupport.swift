import Foundation
import Testing

/// Helpers for the tests that run several `remnant` processes against one store, kill them, and
/// inspect the store with the `sqlite3` shell (an independent reader of the file).
extension CLITests {
    /// Starts `remnant` in the background, its output going to `log` (a pipe could fill and stall it).
    static func spawn(_ arguments: [String], environment: [String: String], log: URL) throws -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// Runs SQL through the `sqlite3` shell, blobs quoted as hex (`.mode quote`); returns its output.
    static func sqlite(_ store: URL, _ sql: String) throws -> String {
        let r = try tool("sqlite3", ["-cmd", ".mode quote", store.path, sql])
        return r.output
    }

    /// Every row of the incident, source and R-tree tables and the layer's extent, in a fixed order.
    static func storeContents(_ store: URL) throws -> String {
        try sqlite(store, """
            SELECT * FROM incidents ORDER BY fid; SELECT * FROM incident_sources ORDER BY incident_id, position;
            SELECT * FROM rtree_incidents_geom ORDER BY id; SELECT min_x, min_y, max_x, max_y, last_change FROM gpkg_contents;
            """)
    }

    /// SQLite's own page-level check and the R-tree's consistency check (each prints 'ok').
    static func integrity(_ store: URL) throws -> String {
        try sqlite(store, "PRAGMA integrity_check; SELECT rtreecheck('rtree_incidents_geom');")
            .replacingOccurrences(of: "'", with: "")
    }

    static func count(_ store: URL) throws -> Int? {
        Int(try sqlite(store, "SELECT count(*) FROM incidents").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether some process holds the store's write lock: `BEGIN IMMEDIATE` with no busy timeout fails.
    static func isWriteLocked(_ store: URL) throws -> Bool {
        let r = try tool("sqlite3", [store.path, "BEGIN IMMEDIATE; ROLLBACK;"])
        return r.status != 0 && r.output.contains("locked")
    }

    /// Polls `condition` every 20 ms for up to `seconds`; whether it became true.
    static func wait(upTo seconds: Double, until condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return try condition()
    }

    /// A valid Remnant CSV of `rows` synthetic incidents in eastern Ukraine, ids `PREFIX-N`; each
    /// row's notes are padded by `padding` bytes (to reach the importer's bulk size in few rows).
    static func syntheticCSV(rows: Int, prefix: String, padding: Int = 0) -> Data {
        var text = "id,date,country,lon,lat,geo_precision,munition,source1_org,notes\n"
        text.reserveCapacity(rows * (80 + padding))
        let pad = padding > 0 ? " " + String(repeating: "x", count: padding - 1) : ""
        for i in 0..<rows {
            let lon = 31.0 + Double(i % 4000) / 1000, lat = 48.0 + Double(i / 4000 % 2000) / 1000
            text += "\(prefix)-\(i),2015-01-01,UA,\(lon),\(lat),1,,synthetic test data,row \(i)\(pad)\n"
        }
        return Data(text.utf8)
    }

    /// The seeded store (28 incidents) copied `copies` times with new ids, by SQL in the `sqlite3`
    /// shell: the R-tree triggers (which call GeoPackage functions only Remnant registers) are
    /// lifted, the copies and their R-tree entries written, and the triggers put back.
    static func multiplyStore(_ store: URL, copies: Int) throws {
        let triggers = try tool("sqlite3", [store.path, "SELECT name || char(31) || sql || ';' || char(30) FROM sqlite_master WHERE type = 'trigger'"])
            .output.split(separator: "\u{1E}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            .map { $0.split(separator: "\u{1F}", maxSplits: 1).map(String.init) }
        let columns = try tool("sqlite3", [store.path, "SELECT name FROM pragma_table_info('incidents') WHERE name NOT IN ('fid', 'id')"])
            .output.split(whereSeparator: \.isNewline).joined(separator: ", ")
        let script = """
            BEGIN;
            \(triggers.map { "DROP TRIGGER \($0[0]);" }.joined(separator: "\n"))
            WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < \(copies))
            INSERT INTO incidents (id, \(columns)) SELECT id || '~' || k, \(columns) FROM incidents, n;
            WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < \(copies))
            INSERT INTO incident_sources (incident_id, position, organisation, title, date, url)
              SELECT incident_id || '~' || k, position, organisation, title, date, url FROM incident_sources, n WHERE incident_id NOT LIKE '%~%';
            INSERT INTO rtree_incidents_geom SELECT fid, lon, lon, lat, lat FROM incidents WHERE id LIKE '%~%';
            \(triggers.map { $0[1] }.joined(separator: "\n"))
            COMMIT;
            """
        let r = try tool("sqlite3", [store.path, script])
        #expect(r.status == 0, "\(r.output)")
    }
}
