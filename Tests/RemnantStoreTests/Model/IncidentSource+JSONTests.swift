import Foundation
import GRDB
import Testing
@testable import RemnantStore

/// `sources_json`: Remnant's encoder against SQLite's own `json_object`/`json_group_array`, the
/// parser against what other tools may write, and the triggers that keep the column current
/// when `incident_sources` is edited outside Remnant.
@Suite struct IncidentSourceJSONTests {
    /// Quotes, backslashes, solidus, every control character but NUL (GRDB binds strings as C
    /// strings, so the SQLite side could not hold one), DEL, Cyrillic, Georgian and an emoji.
    static let awkward: [IncidentSource] = [
        IncidentSource(organisation: "Human Rights Watch", title: "\"Quoted\" \\ back\\slash / slash", date: "2016-03", url: "https://www.hrw.org/report/2016?a=1&b=<2>"),
        IncidentSource(organisation: "Контроль \u{1F4A3} ქართული", title: nil, date: nil, url: nil),
        IncidentSource(organisation: "controls", title: (1..<32).map { String(UnicodeScalar(UInt8($0))) }.joined() + "\u{7F}", date: "", url: "tab\there"),
    ]

    /// What SQLite writes for the same sources with the expressions of the store's triggers.
    static func sqliteJSON(_ sources: [IncidentSource]) throws -> String {
        let db = try DatabaseQueue()
        return try db.write { db in
            try db.execute(sql: "CREATE TABLE s (position INTEGER, organisation TEXT, title TEXT, date TEXT, url TEXT)")
            for (n, s) in sources.enumerated() {
                try db.execute(sql: "INSERT INTO s VALUES (?, ?, ?, ?, ?)", arguments: [n, s.organisation, s.title, s.date, s.url])
            }
            return try String.fetchOne(db, sql: """
                SELECT json_group_array(json_object('organisation', organisation, 'title', title, 'date', date, 'url', url))
                FROM (SELECT * FROM s ORDER BY position)
                """) ?? ""
        }
    }

    static func parse(_ text: String, incident: String = "X-1") throws -> [IncidentSource] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { try IncidentSource.sources(jsonArray: $0, incident: incident) }
    }

    @Test func encoderWritesSQLitesBytes() throws {
        for sources in [[], [Self.awkward[0]], Self.awkward] {
            #expect(IncidentSource.jsonArray(sources) == (try Self.sqliteJSON(sources)))
        }
    }

    @Test func roundTripsEveryString() throws {
        #expect(try Self.parse(IncidentSource.jsonArray(Self.awkward)) == Self.awkward)
        #expect(try Self.parse(IncidentSource.jsonArray([])) == [])
    }

    @Test func readsWhatOtherToolsWrite() throws {
        // White space, escaped solidus, \u escapes with a surrogate pair, members in another
        // order, an extra member, upper-case hex: all valid JSON another editor may leave.
        let text = #" [ { "url" : "https:\/\/example.org" , "extra": null, "organisation":"A\u00e9\uD83D\uDCA3\u002F", "title": null } ] "#
        #expect(try Self.parse(text) == [IncidentSource(organisation: "Aé\u{1F4A3}/", title: nil, date: nil, url: "https://example.org")])
    }

    @Test(arguments: [
        "", "[", "[{]", "[{\"organisation\": 1}]", "[{\"title\": \"t\"}]", "[{\"organisation\": \"a\"}] x",
        "[{\"organisation\": \"a\\x\"}]", "[{\"organisation\": \"\\ud83d\"}]", "[{\"organisation\": \"a\u{1}\"}]", "{}",
    ])
    func rejectsMalformedValuesNamingTheIncident(_ text: String) {
        #expect {
            _ = try Self.parse(text, incident: "UA-0042")
        } throws: { error in
            guard case let StoreError.invalidValue(field, value, _) = error else { return false }
            return field == "sources_json" && value == "UA-0042"
        }
    }

    /// QGIS edits `incident_sources` directly: the triggers rebuild the incident's summary
    /// columns, and Remnant reads the edit back.
    @Test func triggersFollowEditsByOtherTools() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try IncidentStore(path: dir.appendingPathComponent("s.gpkg").path)
        try TestSupport.geoData.seedIfNeeded(store)
        let id = try #require(try store.read { db in try String.fetchOne(db, sql: "SELECT id FROM incidents ORDER BY id LIMIT 1") })
        let before = try #require(try store.incident(id: id))
        #expect(!before.sources.isEmpty)
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO incident_sources (incident_id, position, organisation, title, date, url) VALUES (?, 99, 'Added in QGIS', NULL, '2026-11', 'https://example.org/q')",
                           arguments: [id])
            try db.execute(sql: "UPDATE incident_sources SET title = 'Retitled' WHERE incident_id = ? AND position = 1", arguments: [id])
        }
        let edited = try #require(try store.incident(id: id))
        #expect(edited.sources.count == before.sources.count + 1)
        #expect(edited.sources.first?.title == "Retitled")
        #expect(edited.sources.last == IncidentSource(organisation: "Added in QGIS", title: nil, date: "2026-11", url: "https://example.org/q"))
        let counts = try store.read { db in try Row.fetchOne(db, sql: "SELECT source_count, first_source_url FROM incidents WHERE id = ?", arguments: [id]) }
        #expect(counts?[0] == edited.sources.count)
        #expect(counts?[1] == edited.sources.first?.url)

        try store.pool.write { db in try db.execute(sql: "DELETE FROM incident_sources WHERE incident_id = ?", arguments: [id]) }
        #expect(try store.incident(id: id)?.sources == [])
        // Every other row still agrees with its related rows, as SQLite itself computes them.
        let disagreeing = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents WHERE sources_json IS NOT (SELECT json_group_array(json_object('organisation', organisation, 'title', title, 'date', date, 'url', url)) FROM (SELECT * FROM incident_sources s WHERE s.incident_id = incidents.id ORDER BY position))")
        }
        #expect(disagreeing == 0)
    }
}
