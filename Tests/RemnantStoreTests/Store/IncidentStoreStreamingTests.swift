import Foundation
import Testing
import RemnantGeometry
@testable import RemnantStore

/// The streaming read path: the same records as the array API, in batches, at any size.
@Suite struct IncidentStoreStreamingTests {
    /// 1,234 synthetic incidents (more than two batches) with two sources each, in three countries.
    func syntheticStore(_ dir: URL) throws -> IncidentStore {
        let store = try TestSupport.emptyStore(in: dir)
        _ = try store.write { session in
            for n in 0..<1_234 {
                var i = try TestSupport.syntheticIncident(id: "S-\(String(format: "%04d", n))", at: Coordinate(lon: 36 + Double(n % 37) / 10, lat: 35 + Double(n % 23) / 10),
                                                          country: ["UA", "SY", "GE"][n % 3], date: "20\(10 + n % 9)")
                i.sources.append(IncidentSource(organisation: "second \(n)", url: "https://example.org/\(n)"))
                try session.write(i)
            }
        }
        return store
    }

    @Test func streamMatchesTheArrayAPIForEveryFilter() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try syntheticStore(dir)
        var filters: [IncidentFilter] = [IncidentFilter()]
        var f = IncidentFilter(); f.countries = ["SY"]; filters.append(f)
        f = IncidentFilter(); f.near = (Coordinate(lon: 37, lat: 36), 60_000); filters.append(f)
        f = IncidentFilter(); f.bbox = BoundingBox(minX: 36.5, minY: 35.5, maxX: 38, maxY: 36.5); filters.append(f)
        let context = GEOSContext()
        f = IncidentFilter(); f.within = try Geometry(wkt: "POLYGON ((36 35, 38 35, 36 37, 36 35))", context: context).wkb(); filters.append(f)
        for filter in filters {
            let array = try store.incidents(matching: filter)
            var streamed: [IncidentMatch] = []
            try store.forEachIncident(matching: filter) { streamed.append($0) }
            #expect(!array.isEmpty)
            #expect(streamed.map(\.incident) == array.map(\.incident))
            #expect(streamed.map(\.distanceMeters) == array.map(\.distanceMeters))
        }
        var all: [Incident] = []
        try store.forEachIncident { all.append($0.incident) }
        #expect(all.count == 1_234 && all.allSatisfy { $0.sources.count == 2 && $0.sources[1].organisation == "second \(Int($0.id.dropFirst(2))!)" })
    }

    @Test func countryOrderLimitAndBodyErrors() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try syntheticStore(dir)
        // Ids are in storage order (S-0000, S-0001, …).
        var keys: [String] = []
        try store.forEachIncident(order: .countryThenStorage) { keys.append($0.incident.country + $0.incident.id) }
        #expect(keys.count == 1_234 && keys == keys.sorted())
        var ids: [String] = []
        try store.forEachIncident(order: .storage) { ids.append($0.incident.id) }
        #expect(ids.count == 1_234 && ids == ids.sorted())
        var filtered = IncidentFilter()
        filtered.countries = ["GE", "SY"]
        var grouped: [String] = []
        try store.forEachIncident(matching: filtered, order: .countryThenStorage) { grouped.append($0.incident.country) }
        #expect(grouped == Array(repeating: "GE", count: 411) + Array(repeating: "SY", count: 411))
        var n = 0
        try store.forEachIncident(limit: 777) { _ in n += 1 }
        #expect(n == 777)
        struct Stop: Error, Equatable {}
        n = 0
        #expect(throws: Stop.self) { try store.forEachIncident { _ in n += 1; if n == 600 { throw Stop() } } }
        #expect(n == 600)
    }

    @Test func candidateSummaryGivesCountExtentAndSources() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try syntheticStore(dir)
        let all = try store.candidateSummary()
        #expect(all.count == 1_234 && all.maxSources == 2)
        #expect(all.extent == BoundingBox(minX: 36, minY: 35, maxX: 39.6, maxY: 37.2))
        var f = IncidentFilter(); f.countries = ["ZZ"]
        let none = try store.candidateSummary(matching: f)
        #expect(none.count == 0 && none.extent == nil)
    }
}
