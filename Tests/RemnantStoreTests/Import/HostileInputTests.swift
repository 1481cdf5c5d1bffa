import Foundation
import GRDB
import Testing
@testable import RemnantStore

/// Hostile and malformed files through the whole importer (reader, parser, store): each is refused
/// with a ``StoreError`` naming the file and, where there is one, the line or feature, and the
/// store holds exactly what it held before. Byte-order marks and mixed line endings just work.
@Suite struct HostileInputTests {
    /// A scratch directory with a store seeded from the shipped `GeoData/` (28 incidents).
    struct Fixture {
        let dir: URL
        let store: IncidentStore

        init() throws {
            dir = try TestSupport.scratchDirectory()
            store = try IncidentStore(path: dir.appendingPathComponent("seeded.gpkg").path)
            _ = try TestSupport.geoData.seedIfNeeded(store)
        }

        func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
            try file(name, Data(bytes))
        }

        func file(_ name: String, _ data: Data) throws -> URL {
            let url = dir.appendingPathComponent(name)
            try data.write(to: url)
            return url
        }

        /// `head`, then `unit` repeated to `megabytes` MiB, then `tail`, written a MiB at a time.
        func file(_ name: String, head: String, repeating unit: String, megabytes: Int, tail: String = "\n") throws -> URL {
            let url = dir.appendingPathComponent(name)
            #expect(FileManager.default.createFile(atPath: url.path, contents: Data(head.utf8)))
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            let mebibyte = Data(String(repeating: unit, count: (1 << 20) / unit.utf8.count).utf8)
            for _ in 0..<megabytes { try handle.write(contentsOf: mebibyte) }
            try handle.write(contentsOf: Data(tail.utf8))
            return url
        }

        func importFiles(_ urls: [URL]) throws -> ImportReport {
            try IncidentImporter(store: store, gazetteer: TestSupport.geoData.places, boundaries: TestSupport.geoData.countries)
                .importFiles(urls)
        }

        /// Every stored row of the incident, source and R-tree tables, in order.
        func snapshot() throws -> [[Row]] {
            try store.read { db in
                try ["SELECT * FROM incidents ORDER BY fid", "SELECT * FROM incident_sources ORDER BY incident_id, position",
                     "SELECT * FROM rtree_incidents_geom ORDER BY id", "SELECT min_x, min_y, max_x, max_y, last_change FROM gpkg_contents"]
                    .map { try Row.fetchAll(db, sql: $0) }
            }
        }

        /// Imports `url`, expecting a refusal whose message starts with `prefix`; the store must not change.
        func expectRefusal(_ url: URL, startsWith prefix: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let before = try snapshot()
            #expect(before[0].count == 28, sourceLocation: sourceLocation)
            do {
                _ = try importFiles([url])
                Issue.record("\(url.lastPathComponent) was imported", sourceLocation: sourceLocation)
            } catch let error as StoreError {
                #expect("\(error)".hasPrefix(prefix), "\(error)", sourceLocation: sourceLocation)
            }
            #expect(try snapshot() == before, sourceLocation: sourceLocation)
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    static let csvHeader = "id,date,country,lon,lat,geo_precision,munition,source1_org"
    static func csvRow(_ id: String, lon: String = "37.8", lat: String = "48.0") -> String {
        "\(id),2015-01-01,UA,\(lon),\(lat),1,,synthetic test data"
    }
    /// X-2 has `notes` when given.
    static func geoJSON(lon: String, notes: String? = nil) -> String {
        #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"X-1","date":"2015-01-01","country":"UA","source1_org":"synthetic test data"},"geometry":{"type":"Point","coordinates":[37.8,48.0]}},"#
            + #"{"type":"Feature","properties":{"id":"X-2","date":"2015-01-01","country":"UA","source1_org":"synthetic test data""#
            + (notes.map { #","notes":""# + $0 + #"""# } ?? "") + #"},"geometry":{"type":"Point","coordinates":["# + lon + #",48.0]}}]}"#
    }
    static func kml(lon: String, newline: String = "\n", notes: String? = nil) -> String {
        ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>",
         placemark("X-1", lon: "37.8"), placemark("X-2", lon: lon, notes: notes), "</Document></kml>"].joined(separator: newline)
    }
    static func placemark(_ id: String, lon: String, notes: String? = nil) -> String {
        "<Placemark id=\"\(id)\">" + (notes.map { "<description>\($0)</description>" } ?? "")
            + "<ExtendedData><Data name=\"date\"><value>2015-01-01</value></Data><Data name=\"country\"><value>UA</value></Data>"
            + "<Data name=\"source1_org\"><value>synthetic test data</value></Data></ExtendedData><Point><coordinates>\(lon),48.0</coordinates></Point></Placemark>"
    }
    /// `text` split at the first `marker`, which is dropped, or with `keeping`, starts the tail.
    static func split(_ text: String, at marker: String, keeping: Bool = false) -> (head: String, tail: String) {
        let range = text.range(of: marker)!
        return (String(text[..<range.lowerBound]), String(text[(keeping ? range.lowerBound : range.upperBound)...]))
    }

    // MARK: - XML entities

    @Test func externalEntityIsRefusedBeforeParsing() throws {
        let f = try Fixture()
        defer { f.remove() }
        let xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&xxe;</name><Point><coordinates>37.8,48.0</coordinates></Point></Placemark></kml>
            """
        try f.expectRefusal(try f.file("xxe.kml", Array(xxe.utf8)), startsWith: "xxe.kml: \(KMLIncidentReader.dtdRefusal)")
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        let f = try Fixture()
        defer { f.remove() }
        // Ten levels of ten-fold expansion: 10^10 "lol"s (30 GB) if anything expanded it.
        var entities = "  <!ENTITY lol0 \"lol\">\n"
        for level in 1...10 { entities += "  <!ENTITY lol\(level) \"\(String(repeating: "&lol\(level - 1);", count: 10))\">\n" }
        let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE kml [\n\(entities)]>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Placemark><name>&lol10;</name></Placemark></kml>\n"
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try f.expectRefusal(try f.file("laughs.kml", Array(laughs.utf8)), startsWith: "laughs.kml: \(KMLIncidentReader.dtdRefusal)")
        }
        #expect(elapsed < .seconds(5))
    }

    // MARK: - Nesting, size

    @Test func geoJSONNested100000LevelsFailsAtTheLimit() throws {
        let f = try Fixture()
        defer { f.remove() }
        let depth = 100_000
        let bare = Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
        try f.expectRefusal(try f.file("deep.geojson", bare), startsWith: "deep.geojson: JSON error at line 1, column 65: nesting deeper than 64 levels")
        // The same depth inside a feature's properties names the feature.
        let prefix = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":"#
        let inFeature = Array(prefix.utf8) + bare + Array("}}]}".utf8)
        try f.expectRefusal(try f.file("deep-feature.geojson", inFeature), startsWith: "deep-feature.geojson:feature 1: JSON error at line 1, column ")
    }

    @Test func fiftyMegabyteSingleLineCSVFailsFastOnTheFieldOrRecordLimit() throws {
        let f = try Fixture()
        defer { f.remove() }
        let header = Self.csvHeader + "\n"
        // 26 million one-byte fields on one line: refused at field 1,025 rather than read to the end.
        let fields = try f.file("fields.csv", head: header, repeating: "a,", megabytes: 50)
        #expect(try fields.resourceValues(forKeys: [.fileSizeKey]).fileSize! > 50_000_000)
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try f.expectRefusal(fields, startsWith: "fields.csv:2: more than 1024 fields in one record")
        }
        #expect(elapsed < .seconds(5))
        // One 50 MB field: refused at the field limit (1 MiB).
        try f.expectRefusal(try f.file("field.csv", head: header, repeating: "a", megabytes: 50),
                            startsWith: "field.csv:2: field 1 is longer than 1048576 bytes")
        // The same line as the header.
        try f.expectRefusal(try f.file("header.csv", head: "", repeating: "a,", megabytes: 50), startsWith: "header.csv:1: more than 1024 fields in one record")
    }

    @Test func recordLimitCountsEveryField() throws {
        // 16 fields of 600 kB: each under the field limit, together over the record limit.
        let line = Array(repeating: String(repeating: "b", count: 600_000), count: 16).joined(separator: ",")
        let reader = CSVReader(data: Data("a\n\(line)\n".utf8), name: "wide.csv")
        _ = try reader.next()
        #expect { _ = try reader.next() } throws: { "\($0)".hasPrefix("wide.csv:2: the record is longer than 8388608 bytes") }
    }

    /// GeoJSON and KML stream, so a file over the 128 MiB they were once refused above is read:
    /// here two incidents around 129 MiB of whitespace, which no reader may hold.
    @Test(arguments: ["geojson", "kml"])
    func streamingReadersReadFilesOver128MiB(ext: String) throws {
        let f = try Fixture()
        defer { f.remove() }
        let (head, tail) = ext == "geojson" ? Self.split(Self.geoJSON(lon: "37.7"), at: #"{"type":"Feature","properties":{"id":"X-2""#, keeping: true)
            : Self.split(Self.kml(lon: "37.7"), at: #"<Placemark id="X-2""#, keeping: true)
        let url = try f.file("spaced.\(ext)", head: head, repeating: " ", megabytes: 129, tail: tail)
        #expect(try url.resourceValues(forKeys: [.fileSizeKey]).fileSize! > 129 << 20)
        let report = try f.importFiles([url])
        #expect(report.summary.inserted == 2)
        #expect(try f.store.incident(id: "X-2")?.location.lon == 37.7)
    }

    /// One feature or placemark may span at most 8 MiB, like a CSV record: a 9 MiB one (in `notes`)
    /// is refused while it is read, naming it, and nothing is written.
    @Test(arguments: ["geojson", "kml"])
    func featureOrPlacemarkOver8MiBFailsCleanly(ext: String) throws {
        let f = try Fixture()
        defer { f.remove() }
        if ext == "geojson" {
            let (head, tail) = Self.split(Self.geoJSON(lon: "37.7", notes: "|"), at: "|")
            let url = try f.file("big.geojson", head: head, repeating: "a", megabytes: 9, tail: tail)
            #expect(GeoJSONIncidentReader.maxFeatureBytes == 8 << 20)
            try f.expectRefusal(url, startsWith: "big.geojson:feature 2: the feature is longer than 8388608 bytes")
        } else {
            let (head, tail) = Self.split(Self.kml(lon: "37.7", notes: "|"), at: "|")
            let url = try f.file("big.kml", head: head, repeating: "a", megabytes: 9, tail: tail)
            #expect(KMLIncidentReader.maxPlacemarkBytes == 8 << 20)
            try f.expectRefusal(url, startsWith: "big.kml:placemark 2 (line 4): the placemark is longer than 8388608 bytes")
        }
    }

    /// A GeoJSON `type` after `features` is checked when the file ends, after every feature has
    /// been written in the import's transaction: a wrong one still leaves the store unchanged.
    @Test func geoJSONTypeAfterFeaturesIsCheckedAtTheEndAndRollsBack() throws {
        let f = try Fixture()
        defer { f.remove() }
        let (head, tail) = Self.split(Self.geoJSON(lon: "37.7"), at: #"{"type":"FeatureCollection","#)
        #expect(head.isEmpty)
        try f.expectRefusal(try f.file("point.geojson", Array(("{" + tail.dropLast() + #","type":"Point"}"#).utf8)),
                            startsWith: "point.geojson: the top-level type is \"Point\"; expected a GeoJSON FeatureCollection or Feature")
        try f.expectRefusal(try f.file("untyped.geojson", Array(("{" + tail).utf8)),
                            startsWith: "untyped.geojson: the top-level object has no \"type\"")
        let report = try f.importFiles([try f.file("late.geojson", Array(("{" + tail.dropLast() + #","type":"FeatureCollection"}"#).utf8))])
        #expect(report.summary.inserted == 2)
        #expect(try f.store.count() == 30)
    }

    // MARK: - NUL bytes, non-finite coordinates, empty files

    @Test func nulBytesNameFileAndPosition() throws {
        let f = try Fixture()
        defer { f.remove() }
        let csv = Array((Self.csvHeader + "\n" + Self.csvRow("X-1") + "\n").utf8) + Array("X-2,2015".utf8) + [0] + Array("-01-01,UA,37.8,48.0,1,,HRW\n".utf8)
        try f.expectRefusal(try f.file("nul.csv", csv), startsWith: "nul.csv:3: NUL byte in the data")
        let json = Array(Self.geoJSON(lon: "37.8").utf8)
        let at = json.firstIndex(of: UInt8(ascii: "X"))!
        try f.expectRefusal(try f.file("nul.geojson", Array(json[..<at]) + [0] + json[at...]),
                            startsWith: "nul.geojson:feature 1: JSON error at line 1, column \(at + 1): NUL byte in a string")
        let kml = Array(Self.kml(lon: "37.8").utf8)
        let inPlacemark = kml.indices.first { kml[$0] == UInt8(ascii: "P") }!
        try f.expectRefusal(try f.file("nul.kml", Array(kml[..<inPlacemark]) + [0] + kml[inPlacemark...]),
                            startsWith: "nul.kml:line 3, column 2: NUL byte")
    }

    @Test(arguments: ["NaN", "Infinity", "-Infinity", "1e400", "nan", "inf"])
    func nonFiniteCoordinatesAreRefusedInEveryFormat(value: String) throws {
        let f = try Fixture()
        defer { f.remove() }
        let csv = Self.csvHeader + "\n" + Self.csvRow("X-1") + "\n" + Self.csvRow("X-2", lon: value) + "\n"
        try f.expectRefusal(try f.file("c.csv", Array(csv.utf8)), startsWith: "c.csv:3: lon: '\(value)' is not a finite number")
        // GeoJSON: bare NaN/Infinity are not JSON; 1e400 parses but overflows a double.
        let expected = value == "1e400" ? "g.geojson:feature 2: coordinates: longitude 1e400 is not a finite number" : "g.geojson:feature 2: JSON error at line 1, column "
        try f.expectRefusal(try f.file("g.geojson", Array(Self.geoJSON(lon: value).utf8)), startsWith: expected)
        try f.expectRefusal(try f.file("k.kml", Array(Self.kml(lon: value).utf8)),
                            startsWith: "k.kml:placemark 2 (line 4): coordinates: longitude '\(value)' is not a finite decimal number")
    }

    @Test func emptyFilesAreRefusedInEveryFormat() throws {
        let f = try Fixture()
        defer { f.remove() }
        try f.expectRefusal(try f.file("empty.csv", []), startsWith: "empty.csv:1: empty file; expected a header row")
        try f.expectRefusal(try f.file("empty.geojson", []), startsWith: "empty.geojson: empty file")
        try f.expectRefusal(try f.file("empty.kml", []), startsWith: "empty.kml: empty file")
        try f.expectRefusal(try f.file("blank.csv", Array("\r\n\n\r".utf8)), startsWith: "blank.csv:1: empty file")
    }

    // MARK: - What should simply work

    @Test func byteOrderMarkAndMixedLineEndingsImportInEveryFormat() throws {
        let f = try Fixture()
        defer { f.remove() }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let csv = bom + Array((Self.csvHeader + "\r\n" + Self.csvRow("C-1") + "\n" + Self.csvRow("C-2", lon: "37.9") + "\r"
                               + Self.csvRow("C-3", lat: "48.1") + "\r\n").utf8)
        let json = bom + Array(Self.geoJSON(lon: "37.7").replacingOccurrences(of: "X-", with: "G-").replacingOccurrences(of: "},{", with: "},\r\n{")
            .replacingOccurrences(of: "[{", with: "[\r{").utf8)
        let kml = bom + Array(Self.kml(lon: "37.6", newline: "\r\n").replacingOccurrences(of: "X-", with: "K-")
            .replacingOccurrences(of: "<Document>", with: "<Document>\r").replacingOccurrences(of: "</Document>", with: "\n</Document>").utf8)
        let report = try f.importFiles([try f.file("bom.csv", csv), try f.file("bom.geojson", json), try f.file("bom.kml", kml)])
        #expect(report.summary.inserted == 7)
        #expect(report.files.map(\.records) == [3, 2, 2])
        #expect(try f.store.count() == 35)
        for (id, lon, lat) in [("C-1", 37.8, 48.0), ("C-2", 37.9, 48.0), ("C-3", 37.8, 48.1), ("G-1", 37.8, 48.0), ("G-2", 37.7, 48.0),
                               ("K-1", 37.8, 48.0), ("K-2", 37.6, 48.0)] {
            let incident = try #require(try f.store.incident(id: id), "\(id)")
            #expect(incident.location.lon == lon && incident.location.lat == lat, "\(id)")
            #expect(incident.sources.first?.organisation == "synthetic test data", "\(id)")
        }
    }
}
