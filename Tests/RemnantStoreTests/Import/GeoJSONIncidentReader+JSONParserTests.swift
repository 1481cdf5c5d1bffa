import Foundation
import Testing
@testable import RemnantStore

/// The streaming GeoJSON parser: the same records and the same errors (line, column, feature)
/// whatever the chunk size, the top-level `type` in any place, the per-feature size limit, and
/// `body` stopping or failing the walk.
/// A feature that reads cleanly, to precede the one in error.
private let valid = #"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"id": "v"}}"#

@Suite struct GeoJSONStreamingTests {
    /// Chunk sizes that put every token of the documents below across a boundary somewhere.
    static let chunkSizes = Array(1...13) + [64, 4096]

    private func input(_ data: Data, chunkSize: Int) -> InputFile {
        InputFile(data: data, name: "in.geojson", chunkSize: chunkSize)
    }

    private func outcome(_ data: Data, chunkSize: Int, maxFeatureBytes: Int = GeoJSONIncidentReader.maxFeatureBytes) -> Result<[RawRecord], StoreError> {
        do throws(StoreError) {
            return .success(try GeoJSONIncidentReader.read(input(data, chunkSize: chunkSize), maxFeatureBytes: maxFeatureBytes))
        } catch {
            return .failure(error)
        }
    }

    private func outcome(_ text: String, chunkSize: Int, maxFeatureBytes: Int = GeoJSONIncidentReader.maxFeatureBytes) -> Result<[RawRecord], StoreError> {
        outcome(Data(text.utf8), chunkSize: chunkSize, maxFeatureBytes: maxFeatureBytes)
    }

    /// The 1-based line and column of the first `marker` in `text`, counted independently of the
    /// reader: characters (Unicode scalars) since the last line feed.
    private func position(of marker: String, in text: String) -> String {
        let prefix = text[..<text.range(of: marker)!.lowerBound]
        let lines = prefix.split(separator: "\n", omittingEmptySubsequences: false)
        return "line \(lines.count), column \(lines.last!.unicodeScalars.count + 1)"
    }

    private func feature(_ id: String, lon: String = "36.8708", properties: String = "") -> String {
        #"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [\#(lon), 36.0644]}, "properties": {"id": "\#(id)"\#(properties)}}"#
    }

    /// Escapes, surrogate pairs, multi-byte UTF-8, every literal, exponents, CRLF and a byte-order mark.
    static let rich = "\u{FEFF}" + """
        {\r
          "type": "FeatureCollection", "name": "Kafr \\u00e9 Halab \\ud83d\\udca3",\r
          "features": [\r
            {"type": "Feature", "id": "SY-1", "geometry": {"type": "Point", "coordinates": [36.8708, 36.0644, 312.5]},
             "properties": {"date": "2015-10-04", "notes": "HRW: \\"near\\" Kafr Halab\\nline two \\u00e9\\ud83d\\udca3 — 💣 ü\\/\\\\",
               "killed": 0, "injured": 3.0, "carriers": 1e1, "uncertainty_m": -2.5E-3, "civilian": false, "unexploded_observed": true,
               "admin2": null, "tags": [[], {}, [1, [2, {"a": null}]]],
               "sources": [{"organisation": "Human Rights Watch", "title": "Ä “quoted”", "date": "2015-10-12", "url": "http://example.org/a?b=c&d"},
                           {"org": "AI", "date": null}]}},
            {"type": "Feature", "id": 17, "geometry": {"type": "Point", "coordinates": [-0.000001, -89.99999999999999]}, "properties": null}   ,
            {"type":"Feature","geometry":{"type":"Point","coordinates":[1e-7,0]},"properties":{"id":"Ω-3","place":"日本語テキスト"}}
          ]
        }\r

        """

    @Test func recordsAreTheSameWhateverTheChunkSize() throws {
        let data = Data(Self.rich.utf8)
        let whole = try outcome(data, chunkSize: data.count).get()
        #expect(whole.map(\.location) == ["feature 1", "feature 2", "feature 3"])
        #expect(whole[0].fields["notes"] == "HRW: \"near\" Kafr Halab\nline two é💣 — 💣 ü/\\")
        #expect(whole[0].fields["uncertainty_m"] == "-0.0025")
        #expect(whole[0].fields["carriers"] == "10")
        #expect(whole[0].fields["source2_org"] == "AI")
        #expect(whole[0].fields["source1_title"] == "Ä “quoted”")
        #expect(whole[1].fields == ["id": "17", "lon": "-0.000001", "lat": "-89.99999999999999"])
        #expect(whole[2].fields["place"] == "日本語テキスト")
        for size in Self.chunkSizes {
            #expect(try outcome(data, chunkSize: size).get() == whole, "chunk size \(size)")
        }
    }

    /// Each document fails at the place marked `⚠` (or, for `⚠end`, at the end); the message is the
    /// same for every chunk size, names the line and column, and the feature when inside one.
    @Test(arguments: [
        ("missing comma", "\n\n" + #"{"type": "FeatureCollection", "features": [\#n\#(valid),\#n{"type": "Feature", "geometry": {"type": "Point" ⚠"coordinates": [1, 2]}}]}"#,
         "in.geojson:feature 2: JSON error at ", ": unexpected '\"'; expected ',' or '}' after an object member"),
        ("NUL in a string", #"{"type": "FeatureCollection", "features": [\#(valid),\#n  {"type": "Feature", "properties": {"place": "é💣⚠\#u{0}"}}]}"#,
         "in.geojson:feature 2: JSON error at ", ": NUL byte in a string; is this a binary file?"),
        ("\\u0000", #"{"type": "FeatureCollection",\#n"features": [{"type": "Feature", "properties": {"place": "a⚠\u0000b"}}]}"#,
         "in.geojson:feature 1: JSON error at ", ": \\u0000 (NUL) is not allowed in text"),
        ("unpaired surrogate", #"{"type": "FeatureCollection",\#n"features": [\#(valid), {"a": "💣💣⚠\ud83d"}]}"#,
         "in.geojson:feature 2: JSON error at ", ": unpaired UTF-16 surrogate in a \\u escape"),
        ("NaN", #"{"type": "FeatureCollection", "features": [\#(valid), \#(valid), {"a":⚠NaN}]}"#,
         "in.geojson:feature 3: JSON error at ", ": NaN and Infinity are not JSON numbers (RFC 8259 §6); numbers must be finite"),
        ("trailing garbage", "{\"type\": \"FeatureCollection\", \"features\": []}\n\n  ⚠x",
         "in.geojson: JSON error at ", ": unexpected 'x'; expected the end of the file after the JSON value"),
        ("duplicate top-level member", #"{"type": "FeatureCollection", "features": [],\#n ⚠"type": "FeatureCollection"}"#,
         "in.geojson: JSON error at ", ": duplicate member name \"type\""),
        ("duplicate features", #"{"type": "FeatureCollection", "features": [], ⚠"features": []}"#,
         "in.geojson: JSON error at ", ": duplicate member name \"features\""),
        ("duplicate property", #"{"type": "FeatureCollection", "features": [\#(valid), {"properties": {"k": 1,⚠"k": 2}}]}"#,
         "in.geojson:feature 2: JSON error at ", ": duplicate member name \"k\""),
        ("deep nesting", #"{"type": "FeatureCollection", "features": [{"x": "# + String(repeating: "[", count: 61) + "⚠" + String(repeating: "[", count: 100) + "]}",
         "in.geojson:feature 1: JSON error at ", ": nesting deeper than 64 levels"),
        ("element not followed by a comma", #"{"type": "FeatureCollection", "features": [\#(valid), \#(valid) ⚠{}]}"#,
         "in.geojson:feature 2: JSON error at ", ": unexpected '{'; expected ',' or ']' after an array element"),
        ("truncated after a comma", #"{"type": "FeatureCollection", "features": [\#(valid),⚠end"#,
         "in.geojson:feature 2: JSON error at ", ": unexpected end of file; expected a value"),
        ("unterminated string", #"{"type": "FeatureCollection", "features": [⚠"abc"#,
         "in.geojson:feature 1: JSON error at ", ": unterminated string"),
        ("truncated literal", #"{"type": "FeatureCollection", "features": [⚠tru"#,
         "in.geojson:feature 1: JSON error at ", ": unexpected 't'; expected a value"),
    ])
    func errorsNameTheSamePlaceWhateverTheChunkSize(name: String, marked: String, prefix: String, suffix: String) throws {
        let atEnd = marked.hasSuffix("⚠end")
        let text = atEnd ? String(marked.dropLast(4)) : marked.replacingOccurrences(of: "⚠", with: "")
        let expected = prefix + position(of: "⚠", in: marked) + suffix
        for size in Self.chunkSizes + [text.utf8.count] {
            guard case let .failure(error) = outcome(text, chunkSize: size) else {
                Issue.record("\(name): read at chunk size \(size)")
                continue
            }
            #expect(error.description == expected, "\(name), chunk size \(size)")
        }
    }

    // MARK: - The top-level type in any place

    @Test func typeAfterFeaturesIsRead() throws {
        let after = #"{"features": [\#(feature("a")), \#(feature("b"))], "bbox": [0, 0, 1, 1], "type": "FeatureCollection"}"#
        let before = #"{"type": "FeatureCollection", "features": [\#(feature("a")), \#(feature("b"))], "bbox": [0, 0, 1, 1]}"#
        for size in [1, 5, 4096] {
            let records = try outcome(after, chunkSize: size).get()
            #expect(records.map { $0.fields["id"] } == ["a", "b"])
            #expect(records == (try outcome(before, chunkSize: size).get()))
        }
    }

    @Test func wrongOrMissingTypeAfterFeaturesFailsAtTheEnd() throws {
        let expected = "expected a GeoJSON FeatureCollection or Feature (RFC 7946)"
        let point = outcome(#"{"features": [\#(feature("a"))], "type": "Point"}"#, chunkSize: 3)
        #expect(point == .failure(.unsupportedFormat(file: "in.geojson", reason: "the top-level type is \"Point\"; \(expected)")))
        let missing = outcome(#"{"features": [\#(feature("a"))]}"#, chunkSize: 3)
        #expect(missing == .failure(.unsupportedFormat(file: "in.geojson", reason: "the top-level object has no \"type\"; \(expected)")))
        let number = outcome(#"{"features": [\#(feature("a"))], "type": 7}"#, chunkSize: 3)
        #expect(number == .failure(.unsupportedFormat(file: "in.geojson", reason: "the top-level \"type\" is a number; \(expected)")))
        // Seen first, a wrong type fails at the first feature, before any record is handed on.
        var handed = 0
        #expect(throws: StoreError.unsupportedFormat(file: "in.geojson", reason: "the top-level type is \"Point\"; \(expected)")) {
            try GeoJSONIncidentReader.forEachRecord(in: input(Data(#"{"type": "Point", "features": [\#(feature("a"))]}"#.utf8), chunkSize: 2)) { _ in
                handed += 1
                return true
            }
        }
        #expect(handed == 0)
    }

    @Test func loneFeatureWithTypeLastAndFeatureWithFeaturesMember() throws {
        let last = #"{"properties": {"id": "x"}, "geometry": {"type": "Point", "coordinates": [1.5, 2.5]}, "type": "Feature"}"#
        #expect(try outcome(last, chunkSize: 2).get() == [RawRecord(file: "in.geojson", location: "feature 1", fields: ["id": "x", "lon": "1.5", "lat": "2.5"])])
        // `features` is a Feature's foreign member when `type` comes first, as before streaming.
        let foreign = #"{"type": "Feature", "features": [1, 2], "properties": {"id": "x"}, "geometry": {"type": "Point", "coordinates": [1.5, 2.5]}}"#
        #expect(try outcome(foreign, chunkSize: 2).get().map(\.location) == ["feature 1"])
        // After a walked `features` array, "Feature" cannot be honoured.
        let late = #"{"features": [\#(feature("a"))], "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}, "type": "Feature"}"#
        guard case let .failure(.unsupportedFormat(_, reason)) = outcome(late, chunkSize: 2) else { Issue.record("expected a refusal"); return }
        #expect(reason.hasPrefix("the top-level type is \"Feature\", but 1 features came before it in a \"features\" array"))
    }

    // MARK: - Size limits

    @Test func featureLongerThanTheLimitIsRefusedNamingIt() throws {
        let second = feature("b", properties: #", "notes": "\#(String(repeating: "é", count: 300))""#)
        let text = #"{"type": "FeatureCollection", "features": [\#(feature("a")),   \#n\#(second)  ,\#(feature("c"))]}"#
        let limit = second.utf8.count
        for size in [1, 7, 64, 4096] {
            #expect(try outcome(text, chunkSize: size, maxFeatureBytes: limit).get().count == 3, "chunk size \(size)")
            #expect(outcome(text, chunkSize: size, maxFeatureBytes: limit - 1) == .failure(
                .input(file: "in.geojson", location: "feature 2", field: nil, message: "the feature is longer than \(limit - 1) bytes")), "chunk size \(size)")
        }
    }

    /// The buffer holds one feature at a time: 10,000 features, 1.1 MB, read with room for two.
    @Test func manyFeaturesFitALimitOfTwo() throws {
        let one = feature("x")
        let text = #"{"type": "FeatureCollection", "features": ["# + Array(repeating: one, count: 10_000).joined(separator: ",\n") + "]}"
        #expect(text.utf8.count > 1_000_000)
        for size in [61, 4096] {
            #expect(try outcome(text, chunkSize: size, maxFeatureBytes: 2 * one.utf8.count).get().count == 10_000)
        }
        // Whitespace between features is not held either.
        let spaced = #"{"type": "FeatureCollection", "features": ["# + one + "," + String(repeating: " \n", count: 10_000) + one + "]}"
        #expect(try outcome(spaced, chunkSize: 64, maxFeatureBytes: one.utf8.count).get().count == 2)
    }

    @Test func topLevelMembersShareOneLimit() throws {
        let members = #"{"type": "FeatureCollection", "name": "\#(String(repeating: "n", count: 100))", "features": [\#(feature("a"))]}"#
        let refusal = StoreError.unsupportedFormat(file: "in.geojson", reason: "the top-level members other than \"features\" are longer than 120 bytes")
        #expect(outcome(members, chunkSize: 4, maxFeatureBytes: 120) == .failure(refusal))
        #expect(try outcome(members, chunkSize: 4, maxFeatureBytes: 150).get().count == 1)
        let root = "[" + String(repeating: "1, ", count: 100) + "1]"
        #expect(outcome(root, chunkSize: 4, maxFeatureBytes: 120) == .failure(
            .unsupportedFormat(file: "in.geojson", reason: "the top-level value is longer than 120 bytes")))
    }

    // MARK: - The body controls the walk

    @Test func bodyReturningFalseStopsBeforeTheRestIsParsed() throws {
        // The rest of the file is not even JSON: it is never read.
        let text = #"{"type": "FeatureCollection", "features": [\#(feature("a")), \#(feature("b")), ]]] not json"#
        var ids: [String?] = []
        try GeoJSONIncidentReader.forEachRecord(in: input(Data(text.utf8), chunkSize: 16)) { record in
            ids.append(record.fields["id"])
            return ids.count < 2
        }
        #expect(ids == ["a", "b"])
    }

    @Test func bodyErrorEndsTheWalk() throws {
        let text = #"{"type": "FeatureCollection", "features": [\#(feature("a")), \#(feature("b")), \#(feature("c"))]}"#
        var ids: [String?] = []
        let stop = StoreError.input(file: "in.geojson", location: "feature 2", field: "id", message: "rejected")
        #expect(throws: stop) {
            try GeoJSONIncidentReader.forEachRecord(in: input(Data(text.utf8), chunkSize: 16)) { record throws(StoreError) in
                ids.append(record.fields["id"])
                if record.fields["id"] == "b" { throw stop }
                return true
            }
        }
        #expect(ids == ["a", "b"])
    }

    @Test func readsAFileInChunks() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = try TestSupport.write(Self.rich, to: dir, name: "rich.geojson")
        let fromFile = try GeoJSONIncidentReader.read(InputFile(url: url, name: "in.geojson", chunkSize: 3))
        #expect(fromFile == (try outcome(Self.rich, chunkSize: 4096).get()))
        #expect(throws: StoreError.self) { try GeoJSONIncidentReader.read(url: dir.appendingPathComponent("missing.geojson")) }
    }
}
