import Foundation
import Testing
import RemnantGeometry
@testable import RemnantStore

@Suite struct IncidentRecordParserTests {
    static let catalog = try! MunitionCatalog(url: TestSupport.geoData.munitions)
    // Boundaries hold a GEOS context, which is not Sendable: one per test.
    let boundaries = try! CountryBoundaries(url: TestSupport.geoData.countries)
    let gazetteer = try! Gazetteer(url: TestSupport.geoData.places)

    func parser() -> IncidentRecordParser {
        IncidentRecordParser(catalog: Self.catalog, gazetteer: gazetteer, boundaries: boundaries)
    }

    func record(_ row: String, line: Int = 2) throws -> RawRecord {
        let reader = CSVReader(data: Data((TestSupport.header + "\n" + row + "\n").utf8), name: "in.csv")
        let header = try reader.next()!.fields
        let fields = try reader.next()!.fields
        return RawRecord(file: "in.csv", location: "\(line)", fields: Dictionary(uniqueKeysWithValues: zip(header, fields)))
    }

    @Test func validRowBecomesAnIncident() throws {
        var p = parser()
        let i = try p.parse(try record(TestSupport.row()))
        #expect(i.id == "T-1" && i.country == "GE" && i.date.iso == "2008-08-12")
        #expect(i.location == Coordinate(lon: 43.956937, lat: 42.037872))
        #expect(i.munition == "rbk-250-ptab-2.5m" && i.delivery == .airDropped && i.evidence == .direct)
        #expect(i.killed == 3 && i.injured == 5 && i.civilian == true && i.unexplodedObserved == true)
        #expect(i.sources.count == 1 && i.sources[0].organisation == "HRW")
        #expect(i.effectiveUncertaintyMeters == 1_000)
        #expect(p.warnings.isEmpty)
    }

    @Test(arguments: [
        (TestSupport.row(killed: "three"), "in.csv:2: killed: 'three' is not a whole number ≥ 0"),
        (TestSupport.row(lon: "43.9x"), "in.csv:2: lon: '43.9x' is not a finite number"),
        (TestSupport.row(lat: "142.0"), "in.csv:2: lat: (43.956937, 142.0) is out of range"),
        (TestSupport.row(lon: "42.037872", lat: "143.956937"), "lat and lon look swapped"),
        (TestSupport.row(lon: "NaN"), "in.csv:2: lon: 'NaN' is not a finite number"),
        (TestSupport.row(lon: "1e400"), "in.csv:2: lon: '1e400' is not a finite number"),
        (TestSupport.row(id: ""), "in.csv:2: id: missing"),
        (TestSupport.row(munition: "rbk-500-ao-2.5r"), "in.csv:2: munition: unknown munition 'rbk-500-ao-2.5r'; nearest catalog keys: rbk-500-ao-2.5rt"),
        (TestSupport.row(date: "2008-08-32"), "in.csv:2: date: '2008-08-32': no such calendar date"),
        (TestSupport.row(date: "12/08/2008"), "in.csv:2: date: '12/08/2008': expected an ISO 8601 date"),
        (TestSupport.row(country: "XX"), "in.csv:2: country: 'XX' is not an ISO 3166-1 country code"),
        (TestSupport.row(url: "javascript:alert(1)"), "in.csv:2: source1_url: 'javascript:alert(1)' is not an http(s) URL"),
    ])
    func badValuesNameFileLineAndField(row: String, message: String) throws {
        var p = parser()
        let raw = try record(row)
        #expect {
            _ = try p.parse(raw)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test func missingSourceAndDuplicateIdsFail() throws {
        var p = parser()
        var raw = try record(TestSupport.row())
        raw.fields["source1_org"] = ""
        raw.fields["source1_url"] = ""
        raw.fields["source1_title"] = ""
        raw.fields["source1_date"] = ""
        #expect { _ = try p.parse(raw) } throws: { "\($0)".contains("every incident must cite at least one source") }
        var q = parser()
        _ = try q.parse(try record(TestSupport.row(), line: 2))
        #expect { _ = try q.parse(try record(TestSupport.row(), line: 3)) } throws: {
            "\($0)" == "in.csv:3: id: duplicate id 'T-1' (first at 2)"
        }
    }

    @Test func duplicatePlacemarkNamesWherePositionsWereKeptAsNumbers() throws {
        // KML and GeoJSON positions are held as numbers (no text per incident), and still read
        // as before in every message.
        var p = parser()
        let fields = try record(TestSupport.row()).fields
        _ = try p.parse(RawRecord(file: "in.kml", position: .placemark(number: 1, line: 40), fields: fields))
        #expect { _ = try p.parse(RawRecord(file: "in.kml", position: .placemark(number: 2, line: 90), fields: fields)) } throws: {
            "\($0)" == "in.kml:placemark 2 (line 90): id: duplicate id 'T-1' (first at placemark 1 (line 40))"
        }
        var q = parser()
        _ = try q.parse(RawRecord(file: "in.geojson", position: .feature(number: 12_345_678), fields: fields))
        #expect { _ = try q.parse(RawRecord(file: "in.geojson", position: .feature(number: 12_345_679), fields: fields)) } throws: {
            "\($0)" == "in.geojson:feature 12345679: id: duplicate id 'T-1' (first at feature 12345678)"
        }
        #expect(RecordPosition.placemark(number: 3, line: 0).description == "placemark 3")
        #expect(RawRecord(file: "a", position: .feature(number: 1), fields: [:]) == RawRecord(file: "a", location: "feature 1", fields: [:]))
    }

    @Test func pointOutsideCountryWarnsAndSwappedIsDiagnosed() throws {
        var p = parser()
        // Gori's coordinates declared as Syria: accepted, with a warning naming the real country.
        _ = try p.parse(try record(TestSupport.row(country: "SY")))
        #expect(p.warnings.count == 1)
        #expect(p.warnings[0].message.contains("outside its declared country SY; it lies in GE"))
        // Lat/lon swapped for Donetsk (37.80 E, 48.02 N): both in range, inside Ukraine only when swapped.
        var q = parser()
        _ = try q.parse(try record(TestSupport.row(country: "UA", lon: "48.0230", lat: "37.8022")))
        #expect(q.warnings.first?.message.contains("would be inside if lat and lon were swapped") == true)
    }

    @Test func geocodesPlaceWithoutCoordinates() throws {
        var p = parser()
        let i = try p.parse(try record(TestSupport.row(place: "Tskhinvali", lon: "", lat: "")))
        #expect(abs(i.location.lat - 42.22764) < 1e-5 && abs(i.location.lon - 43.96861) < 1e-5)
        #expect(i.geoPrecision == .place)
        #expect {
            _ = try p.parse(try record(TestSupport.row(id: "T-2", place: "Nowhere-on-earth", lon: "", lat: "")))
        } throws: { "\($0)".contains("'Nowhere-on-earth' is not in the gazetteer for GE") }
    }

    @Test func ambiguousPlaceListsCandidatesWithAdmin1() throws {
        var p = parser()
        var raw = try record(TestSupport.row(country: "UA", place: "Krasnohorivka", lon: "", lat: ""))
        raw.fields["admin1"] = ""
        #expect {
            _ = try p.parse(raw)
        } throws: { error in
            let s = "\(error)"
            return s.contains("is ambiguous in UA") && s.contains("(Donetsk)") && s.contains("(Poltava)")
        }
    }

    /// The rule as first written, on Characters: the byte check of ASCII URLs must agree with it.
    static func isWebURLByCharacter(_ text: String) -> Bool {
        let lower = text.prefix(8).lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = text.dropFirst(8) } else if lower.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        guard let first = rest.first, first != "/", first != "?", first != "#" else { return false }
        return !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
    }

    @Test(arguments: ["https://www.hrw.org/news/2008/08/15/x", "http://a", "HTTPS://A.ORG", "HtTp://x.y/z?q#f", "https://", "http://",
                      "https:///path", "http://?q", "https://#f", "https:/x.org", "https//x.org", "ftp://x.org", "httpss://x.org",
                      "http:x", "https://a b", "https://a\tb", "https://a\u{7F}", " https://a", "https://a ", "", "h", "http",
                      "https://ex.org/\u{0441}", "https://\u{0301}x", "https:///\u{0301}", "\u{0130}ttps://x"])
    func webURLsOnBytesAgreeWithTheCharacterRule(url: String) {
        #expect(IncidentRecordParser.isWebURL(url) == Self.isWebURLByCharacter(url), "\(url)")
    }
}
