import Foundation
import HummingbirdTesting
import NIOCore
import RemnantExport
import RemnantGeometry
@testable import RemnantServer
import RemnantStore
import Testing

/// The items feed's fast path (incidents rendered straight to GeoJSON fragments, kept across
/// requests, pages cut from a kept row-id list) against the export layer's GeoJSON writer over
/// `Incident.feature()` and the store's `OFFSET` pages: byte for byte, on awkward data, cold
/// and warm, with a fragment cache small enough to rotate, and after a write.
@Suite(.serialized) struct IncidentFragmentPageTests {
    /// Incidents that exercise every escape and number form the writer has: quotes, back-slashes,
    /// control characters, U+2028/U+2029, non-ASCII and astral text, empty strings, every
    /// optional absent, coordinates that round up to a whole degree or down to -0, fractional
    /// uncertainty, week/month/year dates on the same first day (ties broken by id), sources
    /// with and without their optional members, and none.
    static func awkwardIncidents() throws -> [Incident] {
        var list: [Incident] = []
        list.append(Incident(
            id: "Q-\"quoted\"\\back", date: try IncidentDate(year: 2012, month: 3, day: 5, precision: .day), country: "SY",
            admin1: "Ḥalab \u{2028} line", admin2: "tab\there\r\n", place: "\u{1}\u{1F}\u{7F} ctl",
            location: Coordinate(lon: 36.9999999, lat: -0.0000004), geoPrecision: .place, uncertaintyMeters: 12.5,
            siteType: .remnantFind, munition: "ao-2.5rt", carriers: 0, delivery: .airDropped, actorAlleged: "a/b <c> & 'd'",
            attributionConfidence: .medium, evidence: .direct, unexplodedObserved: true, killed: 3, injured: 0, civilian: false,
            status: .verified, notes: "emoji 🧨 and \u{2029} and \u{0}nul",
            sources: [IncidentSource(organisation: "HRW \"org\"", title: "Title\\with\nnewline", date: "2012-03", url: "https://x.org/?a=1&b=\"2\""),
                      IncidentSource(organisation: "")]))
        list.append(Incident(
            id: "E-empty", date: try IncidentDate(year: 2012, month: 3, day: 1, precision: .month), country: "UA",
            admin1: "", location: Coordinate(lon: -179.9999996, lat: 89.99999951), geoPrecision: .region))
        list.append(Incident(
            id: "E-week", date: try IncidentDate(year: 2012, month: 3, day: 1, precision: .week), country: "UA",
            location: Coordinate(lon: 0.1234565, lat: -45.0000005), geoPrecision: .nearPlace, uncertaintyMeters: 1e-7,
            siteType: .stockpile, carriers: -1, delivery: .missile, evidence: .indirect, killed: Int(Int32.max) * 4,
            status: .disputed, sources: [IncidentSource(organisation: "only org", date: "2012")]))
        list.append(Incident(
            id: "Y-year", date: try IncidentDate(year: 2012, month: 1, day: 1, precision: .year), country: "GE",
            location: Coordinate(lon: 44.0, lat: 42.0), geoPrecision: .place, uncertaintyMeters: 25_000.75,
            unexplodedObserved: false, civilian: true))
        for n in 0..<16 {
            list.append(Incident(
                id: String(format: "N-%02d-é", n), date: try IncidentDate(year: 2000 + n % 5, month: 1 + n % 12, day: 1 + n, precision: .day),
                country: ["SY", "UA", "IQ"][n % 3], place: n % 2 == 0 ? "place \(n)" : nil,
                location: Coordinate(lon: 30 + Double(n) * 0.1111115, lat: 33 - Double(n) * 0.0000005), geoPrecision: .place,
                uncertaintyMeters: n % 4 == 0 ? nil : Double(n) / 3, killed: n, notes: String(repeating: "\\\"", count: n),
                sources: (0..<(n % 3)).map { IncidentSource(organisation: "org \($0)", title: $0 == 0 ? nil : "t\($0)", url: "https://e.org/\(n)/\($0)") }))
        }
        return list
    }

    static func awkwardStore() throws -> (IncidentStore, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-fragments-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try IncidentStore(path: dir.appendingPathComponent("remnant.gpkg").path)
        _ = try store.write { session in
            for i in try awkwardIncidents() { try session.write(i) }
        }
        return (store, dir)
    }

    /// The page as the export layer writes it: the store's `OFFSET` page, `Incident.feature()`,
    /// ``GeoJSONFeatureWriter``, and the paging members, up to the links (which both paths
    /// build with the same function).
    static func expectedPrefix(_ store: IncidentStore, offset: Int, limit: Int, filter: IncidentFilter = IncidentFilter()) throws -> [UInt8] {
        let (matched, incidents) = try store.page(matching: filter, offset: offset, limit: limit)
        let page = FeaturePage(matched: matched, features: incidents.map { $0.feature() }, schema: Incident.featureSchema(sourceColumns: 1))
        return prefix(try page.geoJSON(links: .array([])))
    }

    /// The body up to and including `"links":`.
    static func prefix(_ body: [UInt8]) -> [UInt8] {
        let marker = Array("\"links\":".utf8)
        guard let end = (0...(body.count - marker.count)).last(where: { Array(body[$0..<($0 + marker.count)]) == marker }) else { return body }
        return Array(body[..<(end + marker.count)])
    }

    @Test func directRenderingMatchesTheFeatureWriter() throws {
        let renderer = GeoJSONFeatureWriter.fragmentRenderer()
        for incident in try Self.awkwardIncidents() {
            let fast = renderer.fragment(incident)
            let reference = renderer.fragment(incident.feature())
            #expect(fast.bytes == reference.bytes, "\(incident.id): \(String(decoding: fast.bytes, as: UTF8.self))")
            #expect(fast.envelope == reference.envelope)
            // A kept fragment holds its own bytes, not the renderer's 72 KiB buffer.
            #expect(fast.bytes.capacity < 2 * fast.bytes.count + 64)
            // And the same bytes as a newline-delimited export of the feature.
            var exported: [UInt8] = []
            let writer = GeoJSONFeatureWriter(sink: OutputSink { exported += $0 }, layout: .newlineDelimited)
            try writer.write(incident.feature())
            try writer.finish()
            #expect(fast.bytes + [10] == exported)
        }
    }

    @Test(arguments: [0, 1 << 20, 4 << 10])
    func pagesMatchTheExportWriterColdAndWarm(fragmentCacheBytes: Int) async throws {
        let (store, dir) = try Self.awkwardStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        var config = ServerConfiguration(host: "127.0.0.1", port: 0)
        config.responseCacheBytes = 0  // every request goes through the page path
        config.featureCacheBytes = fragmentCacheBytes
        let server = try FeatureServer(store: store, configuration: config)
        let app = server.makeApplication(logger: ServerTestSupport.logger)
        let count = try Self.awkwardIncidents().count
        try await app.test(.live) { client in
            // Cold, then warm (the fragments and row ids kept), then overlapping pages in a
            // different order; with 4 KiB the cache rotates generations all the time.
            let pages = [(0, 5), (3, 5), (0, 5), (3, 5), (18, 5), (count, 5), (0, 1000), (7, 1), (2, 9), (0, 1000)]
            for (offset, limit) in pages {
                let response = try await client.get("/collections/incidents/items?limit=\(limit)&offset=\(offset)")
                #expect(response.status == .ok)
                let body = Array(response.body.readableBytesView)
                #expect(Self.prefix(body) == (try Self.expectedPrefix(store, offset: offset, limit: limit)),
                        "offset \(offset) limit \(limit): \(String(decoding: body.prefix(400), as: UTF8.self))")
            }
            // A filtered feed pages through its own list.
            var filter = IncidentFilter()
            filter.countries = ["UA"]
            for offset in [0, 2, 0] {
                let body = Array(try await client.get("/collections/incidents/items?country=UA&limit=2&offset=\(offset)").body.readableBytesView)
                #expect(Self.prefix(body) == (try Self.expectedPrefix(store, offset: offset, limit: 2, filter: filter)))
            }
            // A write makes a new data version: nothing kept from the old one is served.
            var changed = try #require(try store.incident(id: "E-empty"))
            changed.notes = "changed \u{2028} after the first pages"
            changed.date = try IncidentDate(year: 1999, month: 1, day: 1, precision: .day)  // moves to the front
            _ = try store.write { session in try session.write(changed) }
            let body = Array(try await client.get("/collections/incidents/items?limit=5").body.readableBytesView)
            #expect(String(decoding: body, as: UTF8.self).contains("changed \\u2028 after"))
            #expect(Self.prefix(body) == (try Self.expectedPrefix(store, offset: 0, limit: 5)))
        }
        #expect(server.service.fragments.heldBytes <= fragmentCacheBytes)
        if fragmentCacheBytes == 1 << 20 { #expect(server.service.fragments.heldBytes > 0) }
    }
}
