import Foundation
import Testing
@testable import RemnantStore

@Suite struct GeoJSONIncidentReaderTests {
    private func read(_ text: String, file: String = "in.geojson") throws(StoreError) -> [RawRecord] {
        try GeoJSONIncidentReader.read(data: Data(text.utf8), file: file)
    }

    /// The error `read` throws, or nil when it succeeds.
    private func error(_ text: String) -> StoreError? {
        error(Data(text.utf8))
    }

    private func error(_ data: Data) -> StoreError? {
        do {
            _ = try GeoJSONIncidentReader.read(data: data, file: "in.geojson")
            return nil
        } catch {
            return error
        }
    }

    /// A FeatureCollection whose features are the given JSON texts.
    private func collection(_ features: String...) -> String {
        #"{"type": "FeatureCollection", "features": ["# + features.joined(separator: ",\n") + "]}"
    }

    private func feature(_ lon: String = "36.8708", _ lat: String = "36.0644", properties: String = #"{"id": "x"}"#) -> String {
        #"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [\#(lon), \#(lat)]}, "properties": \#(properties)}"#
    }

    // MARK: - Reading

    @Test func readsRealisticCollectionWithSources() throws {
        let text = """
        {
          "type": "FeatureCollection",
          "features": [
            {
              "type": "Feature",
              "id": "SY-2015-kafr-halab",
              "geometry": {"type": "Point", "coordinates": [36.8708, 36.0644]},
              "properties": {
                "date": "2015-10-04", "date_precision": "day", "country": "SY", "admin1": "Aleppo",
                "admin2": null, "place": "Kafr Halab", "geo_precision": 2, "uncertainty_m": 3000,
                "site_type": "strike", "munition": "rbk-500-spbe", "delivery": "air-dropped",
                "actor_alleged": "Russia or Syria", "attribution_confidence": "medium", "evidence": "direct",
                "status": "disputed", "notes": "HRW: \\"near\\" Kafr Halab\\nline two \\u00e9\\ud83d\\udca3",
                "sources": [
                  {"organisation": "Human Rights Watch", "title": "Syria: New Russian-Made Cluster Munition Reported",
                   "date": "2015-10-12", "url": "http://warincontext.org/2015/10/12/"},
                  {"org": "Al Arabiya", "title": "Russia accused", "date": null, "url": "https://english.alarabiya.net/x"}
                ]
              }
            },
            {
              "type": "Feature",
              "geometry": {"type": "Point", "coordinates": [36.80500, 35.70833, 312.5]},
              "properties": {"id": "SY-2015-masaran", "unexploded_observed": true, "civilian": false,
                             "killed": 0, "injured": 3.0, "carriers": 1e1, "uncertainty_m": 1500.5,
                             "extra": {"nested": 1}, "tags": ["a", "b"]}
            },
            {
              "type": "Feature",
              "id": 17,
              "geometry": {"type": "Point", "coordinates": [-0.000001, -89.99999999999999]},
              "properties": null
            }
          ]
        }
        """
        let records = try read(text, file: "incidents.geojson")
        #expect(records.count == 3)

        let first = records[0]
        #expect(first.file == "incidents.geojson")
        #expect(first.location == "feature 1")
        #expect(first.fields == [
            "id": "SY-2015-kafr-halab", "date": "2015-10-04", "date_precision": "day", "country": "SY",
            "admin1": "Aleppo", "place": "Kafr Halab", "lon": "36.8708", "lat": "36.0644", "geo_precision": "2",
            "uncertainty_m": "3000", "site_type": "strike", "munition": "rbk-500-spbe", "delivery": "air-dropped",
            "actor_alleged": "Russia or Syria", "attribution_confidence": "medium", "evidence": "direct",
            "status": "disputed", "notes": "HRW: \"near\" Kafr Halab\nline two é💣",
            "source1_org": "Human Rights Watch", "source1_title": "Syria: New Russian-Made Cluster Munition Reported",
            "source1_date": "2015-10-12", "source1_url": "http://warincontext.org/2015/10/12/",
            "source2_org": "Al Arabiya", "source2_title": "Russia accused", "source2_url": "https://english.alarabiya.net/x",
        ])

        #expect(records[1].location == "feature 2")
        #expect(records[1].fields == [
            "id": "SY-2015-masaran", "lon": "36.80500", "lat": "35.70833", "unexploded_observed": "true",
            "civilian": "false", "killed": "0", "injured": "3", "carriers": "10", "uncertainty_m": "1500.5",
        ])

        #expect(records[2].location == "feature 3")
        #expect(records[2].fields == ["id": "17", "lon": "-0.000001", "lat": "-89.99999999999999"])
    }

    @Test func mapsCamelCasePropertiesOfTheExport() throws {
        let records = try read(collection(feature(properties: """
            {"id": "GE-2008-ruisi", "datePrecision": "month", "geoPrecision": 3, "uncertaintyMeters": 5000,
             "siteType": "remnant", "actorAlleged": "Russia", "attributionConfidence": "high",
             "unexplodedObserved": true, "admin1": "Shida Kartli", "admin2": "Kareli"}
            """)))
        #expect(records.first?.fields == [
            "id": "GE-2008-ruisi", "date_precision": "month", "geo_precision": "3", "uncertainty_m": "5000",
            "site_type": "remnant", "actor_alleged": "Russia", "attribution_confidence": "high",
            "unexploded_observed": "true", "admin1": "Shida Kartli", "admin2": "Kareli",
            "lon": "36.8708", "lat": "36.0644",
        ])
    }

    @Test func conflictingCamelCaseAndColumnNamesAreAnError() throws {
        let e = try #require(error(collection(feature(properties: #"{"siteType": "strike", "site_type": "remnant"}"#))))
        #expect(e == .input(file: "in.geojson", location: "feature 1", field: "site_type",
                            message: "\"siteType\" is 'strike' but \"site_type\" is 'remnant'"))
    }

    @Test func propertyIdWinsOverFeatureIdAndGeometryWinsOverLonLatProperties() throws {
        let text = #"{"type": "Feature", "id": "outer", "geometry": {"type": "Point", "coordinates": [1.5, 2.5]}, "properties": {"id": "inner", "lon": 9, "lat": 9}}"#
        let records = try read(text)
        #expect(records == [RawRecord(file: "in.geojson", location: "feature 1", fields: ["id": "inner", "lon": "1.5", "lat": "2.5"])])
    }

    @Test func acceptsSingleFeatureAndEmptyCollection() throws {
        #expect(try read(feature()).map(\.location) == ["feature 1"])
        #expect(try read(#"{"type": "FeatureCollection", "features": []}"#).isEmpty)
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(collection(feature()).utf8)
        let records = try GeoJSONIncidentReader.read(data: data, file: "bom.geojson")
        #expect(records.first?.fields["lon"] == "36.8708")
    }

    @Test func readsFromURL() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-geojson-\(UUID().uuidString).geojson")
        try Data(collection(feature(), feature("1", "2")).utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let records = try GeoJSONIncidentReader.read(url: url, name: "two.geojson")
        #expect(records.map(\.file) == ["two.geojson", "two.geojson"])
        #expect(records[1].fields["lat"] == "2")
    }

    // MARK: - Errors

    @Test func missingGeometryNamesTheFeature() throws {
        let noGeometry = #"{"type": "Feature", "properties": {"id": "c"}}"#
        let nullGeometry = #"{"type": "Feature", "geometry": null, "properties": {"id": "c"}}"#
        for third in [noGeometry, nullGeometry] {
            let e = try #require(error(collection(feature(), feature(), third)))
            #expect(e == .input(file: "in.geojson", location: "feature 3", field: "geometry",
                                message: "missing; every incident needs a Point"))
            #expect(e.description == "in.geojson:feature 3: geometry: missing; every incident needs a Point")
        }
    }

    @Test func nonPointGeometrySaysWhichTypeWasFound() throws {
        let polygon = #"{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}, "properties": {}}"#
        let e = try #require(error(collection(feature(), polygon)))
        #expect(e == .input(file: "in.geojson", location: "feature 2", field: "geometry",
                            message: "found a Polygon; every incident needs a Point"))
    }

    @Test(arguments: [
        ("[36.8]", "expected [lon, lat] or [lon, lat, altitude], found 1 elements"),
        ("[1, 2, 3, 4]", "expected [lon, lat] or [lon, lat, altitude], found 4 elements"),
        (#"["36.8", 36.0]"#, "longitude is a string; expected a finite number"),
        ("[36.8, null]", "latitude is null; expected a finite number"),
        ("[1e400, 36.0]", "longitude 1e400 is not a finite number"),
        ("[36.8, -1e400]", "latitude -1e400 is not a finite number"),
        (#"{"lon": 1}"#, "expected [lon, lat], found an object"),
    ])
    func badCoordinatesNameTheFeature(coordinates: String, message: String) throws {
        let bad = #"{"type": "Feature", "geometry": {"type": "Point", "coordinates": \#(coordinates)}, "properties": {}}"#
        let e = try #require(error(collection(feature(), bad)))
        #expect(e == .input(file: "in.geojson", location: "feature 2", field: "coordinates", message: message))
    }

    @Test(arguments: ["NaN", "Infinity", "-Infinity"])
    func nanAndInfinityLiteralsNameTheFeature(literal: String) throws {
        let e = try #require(error(collection(feature(), feature(literal, "1"))))
        guard case let .input(file, location, _, message) = e else { Issue.record("unexpected \(e)"); return }
        #expect(file == "in.geojson")
        #expect(location == "feature 2")
        #expect(message.hasPrefix("JSON error at line 2, column "))
        #expect(message.hasSuffix("NaN and Infinity are not JSON numbers (RFC 8259 §6); numbers must be finite"))
    }

    @Test func overflowingPropertyNumberNamesFeatureAndField() throws {
        let e = try #require(error(collection(feature(), feature(), feature(properties: #"{"killed": 1e400}"#))))
        #expect(e == .input(file: "in.geojson", location: "feature 3", field: "killed", message: "number 1e400 is not a finite double"))
    }

    @Test func syntaxErrorInsideAFeatureNamesFeatureLineAndColumn() throws {
        let text = collection(feature(), #"{"type": "Feature", "geometry": {"type": "Point" "coordinates": [1, 2]}}"#)
        let e = try #require(error(text))
        #expect(e == .input(file: "in.geojson", location: "feature 2", field: nil,
                            message: "JSON error at line 2, column 50: unexpected '\"'; expected ',' or '}' after an object member"))
    }

    @Test func notJSONIncludesTheParserMessage() throws {
        let e = try #require(error("<kml></kml>"))
        #expect(e == .unsupportedFormat(file: "in.geojson", reason: "JSON error at line 1, column 1: unexpected '<'; expected a value"))
        let truncated = try #require(error(#"{"type": "FeatureCollection", "features": "#))
        #expect(truncated == .unsupportedFormat(file: "in.geojson",
                                                reason: "JSON error at line 1, column 43: unexpected end of file; expected a value"))
    }

    @Test func wrongTopLevelIsUnsupported() throws {
        #expect(error("[1, 2]") == .unsupportedFormat(
            file: "in.geojson", reason: "the top level is an array; expected a GeoJSON FeatureCollection or Feature (RFC 7946)"))
        #expect(error(#"{"type": "Point", "coordinates": [1, 2]}"#) == .unsupportedFormat(
            file: "in.geojson", reason: "the top-level type is \"Point\"; expected a GeoJSON FeatureCollection or Feature (RFC 7946)"))
        #expect(error(#"{"features": []}"#) == .unsupportedFormat(
            file: "in.geojson", reason: "the top-level object has no \"type\"; expected a GeoJSON FeatureCollection or Feature (RFC 7946)"))
    }

    @Test func missingOrNonArrayFeatures() throws {
        #expect(error(#"{"type": "FeatureCollection"}"#) == .unsupportedFormat(
            file: "in.geojson", reason: "the FeatureCollection has no \"features\" member"))
        #expect(error(#"{"type": "FeatureCollection", "features": {}}"#) == .unsupportedFormat(
            file: "in.geojson", reason: "\"features\" is an object; expected an array of Features"))
    }

    @Test func featureThatIsNotAFeature() throws {
        #expect(error(collection(feature(), "42")) == .input(
            file: "in.geojson", location: "feature 2", field: nil, message: "expected a Feature object, found a number"))
        #expect(error(collection(#"{"type": "Point", "coordinates": [1, 2]}"#)) == .input(
            file: "in.geojson", location: "feature 1", field: "type", message: "expected \"Feature\", found \"Point\""))
    }

    @Test func emptyAndWhitespaceOnlyFiles() throws {
        #expect(error("") == .unsupportedFormat(file: "in.geojson", reason: "empty file"))
        #expect(error(Data([0xEF, 0xBB, 0xBF, 0x0A, 0x20])) == .unsupportedFormat(file: "in.geojson", reason: "empty file"))
    }

    @Test func nulBytesAreACleanError() throws {
        var data = Data(collection(feature()).utf8)
        data.insert(0, at: 8)
        let e = try #require(error(data))
        #expect(e == .unsupportedFormat(file: "in.geojson", reason: "JSON error at line 1, column 9: NUL byte; is this a binary file?"))

        let inString = Data(#"{"type": "Feature", "properties": {"place": "a"#.utf8) + Data([0]) + Data(#"b"}}"#.utf8)
        #expect(error(inString) == .unsupportedFormat(
            file: "in.geojson", reason: "JSON error at line 1, column 47: NUL byte in a string; is this a binary file?"))

        let escaped = collection(feature(), feature(properties: #"{"place": "a\u0000b"}"#))
        #expect(error(escaped) == .input(file: "in.geojson", location: "feature 2", field: nil,
                                         message: "JSON error at line 2, column 113: \\u0000 (NUL) is not allowed in text"))
    }

    @Test func utf16IsRejected() throws {
        let data = Data([0xFF, 0xFE]) + (try #require(collection(feature()).data(using: .utf16LittleEndian)))
        #expect(error(data) == .unsupportedFormat(file: "in.geojson", reason: "UTF-16 text; GeoJSON must be UTF-8 (RFC 8259 §8.1)"))
    }

    @Test func invalidUTF8AndDuplicateKeysAreRejected() throws {
        let invalid = Data(#"{"type": "Feature", "properties": {"place": ""#.utf8) + Data([0xC3, 0x28]) + Data(#""}}"#.utf8)
        #expect(error(invalid) == .unsupportedFormat(file: "in.geojson", reason: "JSON error at line 1, column 45: invalid UTF-8 in a string"))
        #expect(error(#"{"type": "Feature", "properties": {"place": "a\#tb"}}"#) == .unsupportedFormat(
            file: "in.geojson", reason: "JSON error at line 1, column 47: unescaped control character U+0009 in a string"))
        let duplicate = collection(feature(properties: #"{"killed": 1, "killed": 2}"#))
        guard case let .input(_, location, _, message)? = error(duplicate) else { Issue.record("expected an input error"); return }
        #expect(location == "feature 1")
        #expect(message.hasSuffix("duplicate member name \"killed\""))
    }

    @Test func objectAndArrayPropertiesOtherThanSourcesAreSkipped() throws {
        let records = try read(collection(feature(properties: #"{"id": "a", "style": {"color": "red"}, "tags": [1], "note": null}"#)))
        #expect(records.first?.fields == ["id": "a", "lon": "36.8708", "lat": "36.0644"])
    }

    @Test func malformedSourcesAreAnError() throws {
        #expect(error(collection(feature(properties: #"{"sources": "HRW"}"#))) == .input(
            file: "in.geojson", location: "feature 1", field: "sources", message: "expected an array of source objects, found a string"))
        #expect(error(collection(feature(properties: #"{"sources": [{"org": "HRW"}, "AI"]}"#))) == .input(
            file: "in.geojson", location: "feature 1", field: "sources",
            message: "entry 2 is a string; expected an object with organisation, title, date and url"))
    }

    // MARK: - Hostile input

    @Test func deepNestingFailsCleanly() throws {
        let depth = 100_000
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(error(arrays) == .unsupportedFormat(file: "in.geojson", reason: "JSON error at line 1, column 65: nesting deeper than 64 levels"))

        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        guard case let .unsupportedFormat(_, reason)? = error(objects) else { Issue.record("expected unsupportedFormat"); return }
        #expect(reason.hasSuffix("nesting deeper than 64 levels"))

        // Inside a feature, the error names the feature.
        let deepProperty = feature(properties: #"{"x": "# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}")
        guard case let .input(_, location, _, message)? = error(collection(feature(), deepProperty)) else {
            Issue.record("expected an input error")
            return
        }
        #expect(location == "feature 2")
        #expect(message.hasSuffix("nesting deeper than 64 levels"))
    }

    @Test func numberTextKeepsTheLiteral() {
        #expect(GeoJSONIncidentReader.numberText("36.80500") == "36.80500")
        #expect(GeoJSONIncidentReader.numberText("-0.5") == "-0.5")
        #expect(GeoJSONIncidentReader.numberText("3.0") == "3")
        #expect(GeoJSONIncidentReader.numberText("2.5e-3") == "0.0025")
        #expect(GeoJSONIncidentReader.numberText("12345678901234567890") == "12345678901234567890")
        #expect(GeoJSONIncidentReader.numberText("1e400") == nil)
    }
}
