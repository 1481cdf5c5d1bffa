import Foundation
import GRDB
import Testing
import RemnantGeometry
@testable import RemnantStore

/// Rows encoded on the parsing thread (`IncidentInsertRows`) store every field as the incident
/// has it: NULL stays NULL, empty text stays empty text, and an update rewrites every column and
/// the sources through the same encoded values.
@Suite struct IncidentInsertRowsTests {
    static func full(id: String, notes: String?, sources: [IncidentSource]) throws -> Incident {
        Incident(id: id, date: try IncidentDate(parsing: "2016-03"), country: "SY", admin1: "Aleppo", admin2: "",
                 place: "Ḥaritan", location: Coordinate(lon: 37.1167, lat: 36.2667), geoPrecision: .nearPlace,
                 uncertaintyMeters: 2_500, siteType: .strike, munition: nil, carriers: 3, delivery: .airDropped,
                 actorAlleged: "alleged", attributionConfidence: .medium, evidence: .direct, unexplodedObserved: true,
                 killed: 0, injured: 4, civilian: false, status: .verified, notes: notes, sources: sources)
    }

    @Test func encodedValuesPointAtTheirBytes() throws {
        let a = try Self.full(id: "E-1", notes: "", sources: [IncidentSource(organisation: "HRW", title: "t", date: "2016-04", url: "https://example.org/a"),
                                                              IncidentSource(organisation: "AI")])
        let rows = IncidentInsertRows([a, try TestSupport.syntheticIncident(id: "E-2", at: Coordinate(lon: 30, lat: 50))])
        let (first, second, source1) = rows.withPointers { p in (Array(p.row(0)), Array(p.row(1)), Array(p.source(1))) }
        #expect(first.count == IncidentInsertRows.columns.count)
        #expect(second.count == IncidentInsertRows.columns.count)
        func text(_ v: IncidentInsertRows.Value) -> String? {
            guard case let .text(offset, count) = v else { return nil }
            return String(decoding: rows.bytes[offset..<(offset + Int(count))], as: UTF8.self)
        }
        #expect(text(first[IncidentInsertRows.idColumn]) == "E-1")
        #expect(text(second[IncidentInsertRows.idColumn]) == "E-2")
        #expect(text(first[IncidentInsertRows.columns.firstIndex(of: "notes")!]) == "")
        #expect(first[IncidentInsertRows.columns.firstIndex(of: "munition")!] == .null)
        #expect(first[IncidentInsertRows.columns.firstIndex(of: "carriers")!] == .int(3))
        #expect(first[IncidentInsertRows.columns.firstIndex(of: "lat")!] == .double(36.2667))
        #expect(rows.sources(of: 0) == 0..<2)
        #expect(rows.sources(of: 1) == 2..<3)
        #expect(text(source1.first!) == "AI")
        #expect(source1.last! == .null)
        if case let .blob(offset, count) = first[0] {
            #expect(Data(rows.bytes[offset..<(offset + Int(count))]) == GeoPackageBinary.point(a.location))
        } else {
            Issue.record("geom is not a blob")
        }
    }

    @Test func everyColumnRoundTripsAndUpdatesRewriteIt() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        let original = try Self.full(id: "R-1", notes: "", sources: [IncidentSource(organisation: "HRW", title: "report", date: "2016-04", url: "https://example.org/a")])
        _ = try store.write { session in try session.write(original) }
        #expect(try store.incident(id: "R-1") == original)
        let nulls = try store.read { db in
            try Row.fetchOne(db, sql: "SELECT munition IS NULL, notes = '', admin2 = '', typeof(notes), sources_json FROM incidents WHERE id = 'R-1'")
        }!
        #expect(nulls[0] as Bool == true)
        #expect(nulls[1] as Bool == true)
        #expect(nulls[2] as Bool == true)
        #expect(nulls[3] as String == "text")
        #expect(nulls[4] as String == IncidentSource.jsonArray(original.sources))

        var changed = try Self.full(id: "R-1", notes: nil, sources: [IncidentSource(organisation: "AI"), IncidentSource(organisation: "UN", url: "https://example.org/b")])
        changed.location = Coordinate(lon: 37.2, lat: 36.3)
        changed.killed = nil
        let summary = try store.write { session in try session.write(changed) }
        #expect(summary.updated == 1)
        #expect(try store.incident(id: "R-1") == changed)
        let sources = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT position, organisation, url FROM incident_sources WHERE incident_id = 'R-1' ORDER BY position")
        }
        #expect(sources.map { $0[1] as String } == ["AI", "UN"])
        #expect(sources.map { $0[0] as Int } == [1, 2])
        #expect(sources.map { $0[2] as String? } == [nil, "https://example.org/b"])
    }
}
