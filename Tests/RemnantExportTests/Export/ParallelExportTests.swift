import Foundation
import Testing
import RemnantGeometry
import RemnantStore
@testable import RemnantExport

/// The exporter encodes features on worker threads in batches and writes them in order; these
/// tests check that its KML and GeoJSON are byte for byte what a plain one-feature-at-a-time
/// writer produces, on incidents whose text takes every escaping and formatting branch, over
/// several batches and country folders that start and end inside and across batches.
@Suite struct ParallelExportTests {
    /// `count` seeded incidents with XML specials, multi-byte UTF-8, control characters, `]]>`,
    /// missing optional fields, every date precision, 0–3 sources with and without http(s) URLs,
    /// ids that are and are not NCNames, and countries (one not in ISO 3166) in shuffled order.
    static func awkwardIncidents(_ count: Int) throws -> [Incident] {
        var rng = SplitMix64(seed: 20261201)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func maybe<T>(_ x: T) -> T? { rng.next() % 3 == 0 ? nil : x }
        let texts = ["Gori", "a < b & c > d", "quote \"this\" & 'that'", "Київ", "ქუთაისი", "Ḥalab حلب", "bomb 💣 site",
                     "ends with ]]>", "tab\there\nnewline\rcr", "ctrl \u{01}\u{1F} chars", "", " ", "&amp; already escaped",
                     String(repeating: "long text with spaces ", count: 12)]
        let countries = ["UA", "GE", "SY", "AZ", "XX"]
        let dates: [(String, DatePrecision)] = [("2008-08-12", .day), ("2015-01-26", .week), ("2015-01", .month), ("2014", .year),
                                                 ("2022-02-28", .day), ("2023-12", .month)]
        let urls = ["https://example.org/report?a=1&b=<2>", "http://example.com/\u{0444}", "ftp://old.example/x", "not a url"]
        return try (0..<count).map { n in
            let (date, precision) = pick(dates)
            var sources: [IncidentSource] = []
            for _ in 0..<Int(rng.next() % 4) {
                let organisation = pick(texts + ["HRW", "Amnesty"])
                let title: String? = maybe(pick(texts))
                let published: String? = maybe(pick(["2015-02-01", "2016-03"]))
                let url: String? = maybe(pick(urls))
                sources.append(IncidentSource(organisation: organisation, title: title, date: published, url: url))
            }
            let id = n % 7 == 3 ? "\(n) not an NCName & <id>" : "T-\(n).x_\(pick(["a", "b"]))"
            let lon = Double(Int(rng.next() % 360_000_000)) / 1e6 - 180 + 1e-9 * Double(n)
            let lat = Double(Int(rng.next() % 170_000_000)) / 1e6 - 85
            let geoPrecision: GeoPrecision = pick([.place, .nearPlace, .region])
            let uncertainty: Double? = maybe(pick([0, 250, 1_000.5, 12.25]))
            let siteType: SiteType = pick([.strike, .remnantFind, .stockpile])
            let munition: String? = maybe(pick(["RBK-500", "M26 & <x>", "9M55K"]))
            let carriers: Int? = maybe(Int(rng.next() % 40))
            let delivery: Delivery = pick([.airDropped, .rocket, .projectile, .missile, .unknown])
            let confidence: AttributionConfidence? = maybe(pick([.high, .medium, .low]))
            let evidence: Evidence = pick([.direct, .indirect])
            let unexploded: Bool? = maybe(rng.next() % 2 == 0)
            let killed: Int? = maybe(Int(rng.next() % 20))
            let injured: Int? = maybe(Int(rng.next() % 50) - 1)
            let civilian: Bool? = maybe(rng.next() % 2 == 0)
            let status: ReviewStatus = pick([.reported, .verified, .disputed])
            return Incident(
                id: id, date: try IncidentDate(parsing: date, precision: precision), country: pick(countries),
                admin1: maybe(pick(texts)), admin2: maybe(pick(texts)), place: maybe(pick(texts)),
                location: Coordinate(lon: lon, lat: lat), geoPrecision: geoPrecision, uncertaintyMeters: uncertainty,
                siteType: siteType, munition: munition, carriers: carriers, delivery: delivery,
                actorAlleged: maybe(pick(texts)), attributionConfidence: confidence, evidence: evidence,
                unexplodedObserved: unexploded, killed: killed, injured: injured, civilian: civilian,
                status: status, notes: maybe(pick(texts)), sources: sources)
        }
    }

    /// A store in a scratch directory holding `incidents`, in that (storage) order.
    func withStore(_ incidents: [Incident], _ body: (IncidentStore, URL) throws -> Void) throws {
        let dir = try ExportTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try IncidentStore(path: dir.appendingPathComponent("store.gpkg").path)
        _ = try store.write { session in
            for i in incidents { try session.write(i) }
        }
        try body(store, dir)
    }

    /// The features of the store's incidents as read back, in insertion order.
    func storedFeatures(_ store: IncidentStore, _ incidents: [Incident]) throws -> [Feature] {
        let byID = Dictionary(uniqueKeysWithValues: try store.incidents().map { ($0.incident.id, $0.incident) })
        return try incidents.map { try #require(byID[$0.id]).feature() }
    }

    /// The reference document: the pre-batching writer, one feature at a time.
    func referenceKML(_ layers: [(FeatureLayer, [Feature])], iconHref: String = KMLFeatureWriter.remoteIcon) throws -> String {
        try ExportTestSupport.render { sink in
            let writer = ReferenceKMLWriter(sink: sink, precision: 6, iconHref: iconHref)
            var extent: BoundingBox?
            for e in layers.compactMap(\.0.extent) {
                if var x = extent {
                    x.expand(toInclude: Coordinate(x: e.minX, y: e.minY))
                    x.expand(toInclude: Coordinate(x: e.maxX, y: e.maxY))
                    extent = x
                } else {
                    extent = e
                }
            }
            let options = ExportOptions()
            try writer.begin(name: options.title, description: options.summary, extent: extent, layers: layers.map(\.0))
            for (layer, features) in layers {
                try writer.beginLayer(layer)
                for f in features { try writer.write(f) }
                try writer.endLayer()
            }
            try writer.finish()
        }
    }

    @Test func kmlOfStoredIncidentsMatchesTheReferenceWriter() throws {
        let incidents = try Self.awkwardIncidents(700)  // three batches of 256 and a partial one
        try withStore(incidents) { store, dir in
            let layer = try FeatureLayer.incidents(from: store)
            let out = dir.appendingPathComponent("incidents.kml")
            try FeatureExporter.export([layer], format: .kml, to: out)
            let fast = try String(contentsOf: out, encoding: .utf8)
            // Folders by country code ascending, storage (insertion) order inside each.
            let stored = try storedFeatures(store, incidents)
            let countries: [String] = stored.map { $0["country"]?.text ?? "" }
            let order = stored.indices.sorted { a, b in countries[a] != countries[b] ? countries[a] < countries[b] : a < b }
            let features = order.map { stored[$0] }
            let reference = try referenceKML([(layer, features)])
            #expect(fast.utf8.count == reference.utf8.count)
            #expect(fast.utf8.elementsEqual(reference.utf8), "first difference at byte \(zip(fast.utf8, reference.utf8).prefix { $0 == $1 }.count)")
            let needles: [String] = ["&lt;", "&amp;", "&quot;", "Київ", "💣", "]]&gt;", "<TimeStamp><when>2014</when>",
                                     "<when>2015-01</when>", "<Folder>\n<name>XX</name>", "<Folder>\n<name>GE Georgia</name>",
                                     "<Placemark>\n<name>", "<a href=\"https://"]
            for needle in needles {
                #expect(fast.contains(needle), "\(needle)")
            }
        }
    }

    @Test func kmlOfInMemoryLayersMatchesTheReferenceWriter() throws {
        // Features without a country (the "Country unknown" folder), a second layer of polygons
        // with holes, and the writer's serial path (the server's) against the same reference.
        var features = try Self.awkwardIncidents(300).map { $0.feature() }
        for i in features.indices where i % 5 == 0 {
            features[i].properties = features[i].properties.map { (p: (String, PropertyValue)) -> (String, PropertyValue) in
                p.0 == "country" ? ("country", PropertyValue.null) : p
            }
        }
        let shell = [Coordinate(x: 40, y: 30), Coordinate(x: 40, y: 34), Coordinate(x: 44, y: 34), Coordinate(x: 44, y: 30), Coordinate(x: 40, y: 30)]
        let hole = [Coordinate(x: 41, y: 31), Coordinate(x: 42, y: 31), Coordinate(x: 42, y: 32), Coordinate(x: 41, y: 32), Coordinate(x: 41, y: 31)]
        var hotspots: [Feature] = []
        for n in 0..<300 {
            let polygons: [[[Coordinate]]] = n % 2 == 0 ? [[shell, hole]] : [[shell], [hole]]
            let name: PropertyValue = n % 3 == 0 ? .null : .string("band <\(n)>")
            let properties: [(String, PropertyValue)] = [("id", .string("HS-\(n)")), ("name", name), ("band", .int(n % 7)),
                                                         ("score", .double(Double(n) / 7))]
            hotspots.append(Feature(id: "HS-\(n)", geometry: .multiPolygon(polygons), properties: properties))
        }
        let incidents = FeatureLayer.inMemory(kind: .incidents, features: features, schema: Incident.featureSchema(sourceColumns: 3))
        let bands = FeatureLayer.inMemory(kind: .hotspots, features: hotspots)
        func grouped(_ layer: FeatureLayer) throws -> [Feature] {
            var out: [Feature] = []
            try layer.forEach(true) { out.append($0) }
            return out
        }
        let reference = try referenceKML([(incidents, try grouped(incidents)), (bands, try grouped(bands))], iconHref: "i.png")
        let fast = try ExportTestSupport.render {
            try FeatureExporter.write([incidents, bands], format: .kml, sink: $0, options: ExportOptions(), iconHref: "i.png")
        }
        #expect(fast.utf8.elementsEqual(reference.utf8), "first difference at byte \(zip(fast.utf8, reference.utf8).prefix { $0 == $1 }.count)")
        #expect(fast.contains("<Folder>\n<name>Country unknown</name>") && fast.contains("<innerBoundaryIs>"))
        let serial = try ExportTestSupport.render { sink in
            let writer = KMLFeatureWriter(sink: sink, iconHref: "i.png")
            try writer.begin(name: ExportOptions().title, description: ExportOptions().summary, extent: incidents.extent.map { e in
                var x = e
                x.expand(toInclude: Coordinate(x: bands.extent!.minX, y: bands.extent!.minY))
                x.expand(toInclude: Coordinate(x: bands.extent!.maxX, y: bands.extent!.maxY))
                return x
            }, layers: [incidents, bands])
            for layer in [incidents, bands] {
                try writer.beginLayer(layer)
                try layer.forEach(true) { try writer.write($0) }
                try writer.endLayer()
            }
            try writer.finish()
        }
        #expect(serial.utf8.elementsEqual(reference.utf8))
    }

    @Test(arguments: [ExportFormat.geojson, .geojsonseq])
    func geoJSONOfStoredIncidentsMatchesTheSerialWriter(format: ExportFormat) throws {
        let incidents = try Self.awkwardIncidents(600)
        try withStore(incidents) { store, dir in
            let out = dir.appendingPathComponent("incidents.\(format.rawValue)")
            try FeatureExporter.export([try FeatureLayer.incidents(from: store)], format: format, to: out)
            let fast = try String(contentsOf: out, encoding: .utf8)
            let features = try storedFeatures(store, incidents)
            let reference = try ExportTestSupport.render { sink in
                let writer = GeoJSONFeatureWriter(sink: sink, layout: format == .geojson ? .collection : .recordSeparator)
                try writer.begin()
                for f in features { try writer.write(f) }
                try writer.finish()
            }
            #expect(fast.utf8.elementsEqual(reference.utf8), "first difference at byte \(zip(fast.utf8, reference.utf8).prefix { $0 == $1 }.count)")
            if format == .geojson {
                // The collection bbox, merged from the batches' extents, is the features' own.
                let json = try #require(try JSONSerialization.jsonObject(with: Data(fast.utf8)) as? [String: Any])
                let bbox = try #require(json["bbox"] as? [Double])
                let lons = incidents.map(\.location.lon), lats = incidents.map(\.location.lat)
                #expect(abs(bbox[0] - lons.min()!) < 1e-6 && abs(bbox[2] - lons.max()!) < 1e-6)
                #expect(abs(bbox[1] - lats.min()!) < 1e-6 && abs(bbox[3] - lats.max()!) < 1e-6)
                #expect((json["features"] as? [Any])?.count == incidents.count)
            }
        }
    }

    @Test func aFailingWriteStopsTheExportWithItsError() throws {
        struct Full: Error {}
        let features = try Self.awkwardIncidents(2_000).map { $0.feature() }
        let layer = FeatureLayer.inMemory(kind: .incidents, features: features, schema: Incident.featureSchema(sourceColumns: 3))
        var written = 0
        let sink = OutputSink { chunk in
            written += chunk.count
            if written > 300_000 { throw Full() }
        }
        #expect(throws: Full.self) {
            try FeatureExporter.write([layer], format: .kml, sink: sink, options: ExportOptions(), iconHref: "i.png")
        }
        #expect(written < 2_000_000)
    }
}

/// A seeded 64-bit generator (SplitMix64, Steele et al. 2014), so fixtures are reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
