import Foundation
import GRDB
import Testing
import RemnantGeometry
@testable import RemnantStore

/// Near queries with many candidates build their records on two threads from copied rows
/// (`IncidentDecodePipeline`); these check that path against the one-row-at-a-time decoder
/// (`incident(id:)`), against what was written, and against brute-force geodesic distances.
@Suite struct IncidentDecodePipelineTests {
    /// 600 incidents within 3 km of a centre, every optional field varied (NULLs, several
    /// sources, multi-byte and XML-special text, every date precision and enum value).
    func awkwardStore(_ dir: URL) throws -> (IncidentStore, [String: Incident], Coordinate) {
        let store = try TestSupport.emptyStore(in: dir)
        let center = Coordinate(lon: 36.2, lat: 49.99)
        var random = TestSupport.SeededRandom(seed: 777)
        var written: [String: Incident] = [:]
        let dates = ["2014", "2014-07", "2014-07-21", "2015-02-10"]
        _ = try store.write { session in
            for n in 0..<600 {
                let location = Coordinate(lon: center.lon + (random.unit() - 0.5) * 0.05, lat: center.lat + (random.unit() - 0.5) * 0.04)
                var sources: [IncidentSource] = []
                for s in 0..<(n % 4) {
                    sources.append(IncidentSource(organisation: "Org \(s) «Харків» & <co>", title: s == 1 ? nil : "Title \"\(n)\"\\ \u{1F4A3}",
                                                  date: s == 2 ? nil : "2014-08-0\(s + 1)", url: s == 0 ? "https://example.org/\(n)?a=1&b=2" : nil))
                }
                if sources.isEmpty { sources = [IncidentSource(organisation: "synthetic test data")] }
                let incident = Incident(
                    id: "PIPE-\(n)", date: try IncidentDate(parsing: dates[n % dates.count]), country: "UA",
                    admin1: n % 3 == 0 ? nil : "Kharkivska", admin2: n % 5 == 0 ? "Харківський район" : nil,
                    place: n % 2 == 0 ? "Kharkiv" : nil, location: location,
                    geoPrecision: GeoPrecision.allCases[n % GeoPrecision.allCases.count],
                    uncertaintyMeters: n % 7 == 0 ? nil : Double(n) * 1.5,
                    siteType: SiteType.allCases[n % SiteType.allCases.count], munition: n % 2 == 0 ? "rbk-250-ptab-2.5m" : nil,
                    carriers: n % 3 == 1 ? n : nil, delivery: Delivery.allCases[n % Delivery.allCases.count],
                    actorAlleged: n % 4 == 0 ? nil : "Actor <\(n)>",
                    attributionConfidence: n % 5 == 0 ? nil : AttributionConfidence.allCases[n % AttributionConfidence.allCases.count],
                    evidence: n % 2 == 0 ? .direct : .indirect, unexplodedObserved: n % 3 == 0 ? nil : n % 3 == 1,
                    killed: n % 6 == 0 ? nil : n % 11, injured: n % 4 == 0 ? nil : n % 13, civilian: n % 5 == 0 ? nil : n % 2 == 0,
                    status: ReviewStatus.allCases[n % ReviewStatus.allCases.count],
                    notes: n % 3 == 0 ? nil : "line one\nline two, \"quoted\" — \(n)", sources: sources)
                written[incident.id] = incident
                try session.write(incident)
            }
        }
        return (store, written, center)
    }

    @Test func manyCandidatesDecodeAsTheSingleRowPathDoes() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, written, center) = try awkwardStore(dir)
        var f = IncidentFilter()
        f.near = (center, 5_000)
        let found = try store.incidents(matching: f)
        #expect(found.count == 600)
        #expect(found.count >= IncidentStore.pipelineMinimumCandidates * 6)
        for match in found {
            let single = try #require(try store.incident(id: match.incident.id))
            #expect(match.incident == single)
            #expect(match.incident == written[match.incident.id])
            let brute = Geodesic.wgs84.distanceMeters(center, written[match.incident.id]!.location)
            #expect(abs(match.distanceMeters! - brute) < 1e-9)
        }
        #expect(found.map(\.distanceMeters!) == found.map(\.distanceMeters!).sorted())
        // The same query twice gives the same answer (the helper thread's batches land in order).
        #expect(try store.incidents(matching: f).map(\.incident) == found.map(\.incident))
        // A radius that cuts the cluster: exactly the brute-force set.
        f.near = (center, 1_200)
        let cut = try store.incidents(matching: f)
        let bruteCut = written.values.filter { Geodesic.wgs84.distanceMeters(center, $0.location) <= 1_200 }
        #expect(cut.count > IncidentStore.pipelineMinimumCandidates)
        #expect(Set(cut.map(\.incident.id)) == Set(bruteCut.map(\.id)))
    }

    @Test func attributeFiltersCombineWithManyCandidates() throws {
        // Attribute arguments are bound first and the candidate row ids over the NULL slots after
        // them: a mix-up would drop or add rows, or fail to bind.
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, written, center) = try awkwardStore(dir)
        var f = IncidentFilter()
        f.near = (center, 5_000)
        f.munitions = ["rbk-250-ptab-2.5m"]
        f.countries = ["UA"]
        let found = try store.incidents(matching: f)
        let brute = written.values.filter {
            $0.munition == "rbk-250-ptab-2.5m" && Geodesic.wgs84.distanceMeters(center, $0.location) <= 5_000
        }
        #expect(found.count == 300)
        #expect(found.count > IncidentStore.pipelineMinimumCandidates)
        #expect(Set(found.map(\.incident.id)) == Set(brute.map(\.id)))
        #expect(found.allSatisfy { $0.incident == written[$0.incident.id] })
        // A filter no row meets: nothing, with every candidate still read through the slots.
        f.countries = ["GE"]
        #expect(try store.incidents(matching: f).isEmpty)
    }

    @Test func aDecodingErrorInThePipelineIsThrown() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, _, center) = try awkwardStore(dir)
        // Another tool wrote broken JSON into one row's sources.
        try store.pool.write { db in try db.execute(sql: "UPDATE incidents SET sources_json = '[{\"organisation\":' WHERE id = 'PIPE-417'") }
        var f = IncidentFilter()
        f.near = (center, 5_000)
        #expect { _ = try store.incidents(matching: f) } throws: { "\($0)".contains("sources_json") && "\($0)".contains("PIPE-417") }
        // The store still answers afterwards.
        f.near = (center, 100)
        _ = try store.incidents(matching: f)
    }
}
