import Foundation
import Testing
import RemnantGeometry
import RemnantStore
@testable import RemnantExport

/// KML 2.2 documents checked against the OGC schema (xmllint, `make kml-schema`) and for the
/// parts Google Earth shows: styles, time stamps, folders, inner boundaries.
@Suite struct KMLFeatureWriterTests {
    /// The shipped incidents and their hazard areas in one document, as `make demo` writes it.
    func demoDocument() throws -> String {
        let dir = try ExportTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try ExportTestSupport.seededStore(in: dir)
        let layers = [try FeatureLayer.incidents(from: store), FeatureLayer.zones(try ExportTestSupport.hazardAreas(store))]
        return try ExportTestSupport.render { sink in
            try FeatureExporter.write(layers, format: .kml, sink: sink, options: ExportOptions(), iconHref: KMLIcon.path)
        }
    }

    func xmllint(_ kml: String) throws -> (status: Int32, output: String) {
        let schema = ExportTestSupport.kmlSchema
        #expect(FileManager.default.fileExists(atPath: schema.path), "missing \(schema.path): run `make kml-schema` (make test does)")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-\(UUID().uuidString).kml")
        try Data(kml.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try ExportTestSupport.run("xmllint", ["--noout", "--nonet", "--schema", schema.path, url.path])
    }

    @Test func documentValidatesAgainstOGCSchema() throws {
        let kml = try demoDocument()
        let r = try xmllint(kml)
        #expect(r.status == 0, "\(r.output.prefix(2000))")
        #expect(r.output.contains("validates"))
    }

    @Test func misorderedDocumentFailsTheSchemaCheck() throws {
        // styleUrl before description breaks AbstractFeatureType's sequence: the check must say so.
        let kml = try demoDocument()
        let start = try #require(kml.range(of: "<description><![CDATA[<table"))
        let end = try #require(kml.range(of: "]]></description>\n", range: start.upperBound..<kml.endIndex))
        let description = String(kml[start.lowerBound..<end.upperBound])
        let style = try #require(kml.range(of: "<styleUrl>#style-incident-", range: end.upperBound..<kml.endIndex))
        let styleEnd = try #require(kml.range(of: "</styleUrl>\n", range: style.upperBound..<kml.endIndex))
        let styleURL = String(kml[style.lowerBound..<styleEnd.upperBound])
        var broken = kml
        broken.replaceSubrange(style.lowerBound..<styleEnd.upperBound, with: "")
        broken.replaceSubrange(start.lowerBound..<end.upperBound, with: styleURL + description)
        let r = try xmllint(broken)
        #expect(r.status != 0)
        #expect(r.output.contains("description") && r.output.contains("fails to validate"), "\(r.output.prefix(1000))")
    }

    @Test func documentHasNamespaceNameDescriptionLookAtAndFolders() throws {
        let kml = try demoDocument()
        #expect(kml.contains("<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n<name>"))
        #expect(kml.contains("<description>") && kml.contains("<LookAt><longitude>"))
        // One Folder per layer, then per country.
        #expect(kml.contains("<Folder>\n<name>Incidents</name>") && kml.contains("<Folder>\n<name>Hazard areas</name>"))
        #expect(kml.contains("<Folder>\n<name>GE Georgia</name>") && kml.contains("<Folder>\n<name>UA Ukraine</name>"))
        #expect(kml.components(separatedBy: "<Folder>").count == kml.components(separatedBy: "</Folder>").count)
    }

    @Test func everyStyleURLNamesASharedStyleMap() throws {
        let kml = try demoDocument()
        let maps = Set(kml.components(separatedBy: "<StyleMap id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
        let used = kml.components(separatedBy: "<styleUrl>#").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(!used.isEmpty)
        for u in used { #expect(maps.contains(u) || u.hasSuffix("-normal") || u.hasSuffix("-highlight"), "\(u)") }
        // Hazard areas: PolyStyle with alpha below ff and an outline; incidents: colours differ by delivery.
        #expect(kml.contains("<Style id=\"style-zone-CHA-p1-normal\"><LineStyle><color>ff2020e0</color>"))
        #expect(kml.contains("<PolyStyle><color>b02020e0</color><fill>1</fill><outline>1</outline></PolyStyle>"))
        let rocket = KMLStyles.styles(for: .incidents).first { $0.id.hasSuffix("rocket") }?.iconColor
        let air = KMLStyles.styles(for: .incidents).first { $0.id.hasSuffix("air-dropped") }?.iconColor
        #expect(rocket != nil && rocket != air)
        #expect(kml.contains("<Icon><href>files/incident.png</href></Icon>"))
    }

    @Test func timeStampsFollowDatePrecision() throws {
        func placemark(_ date: String, _ precision: DatePrecision) throws -> String {
            let incident = Incident(id: "T-1", date: try IncidentDate(parsing: date, precision: precision), country: "GE",
                                    location: Coordinate(lon: 44, lat: 42), geoPrecision: .place, sources: [IncidentSource(organisation: "HRW")])
            let layer = FeatureLayer.inMemory(kind: .incidents, features: [incident.feature()], schema: Incident.featureSchema(sourceColumns: 1))
            return try ExportTestSupport.render { try FeatureExporter.write([layer], format: .kml, sink: $0, options: ExportOptions(), iconHref: "i.png") }
        }
        #expect(try placemark("2015-01", .month).contains("<TimeStamp><when>2015-01</when></TimeStamp>"))  // gYearMonth
        #expect(try placemark("2015", .year).contains("<TimeStamp><when>2015</when></TimeStamp>"))  // gYear
        #expect(try placemark("2008-08-12", .day).contains("<TimeStamp><when>2008-08-12</when></TimeStamp>"))
        let week = try placemark("2015-01-26", .week)
        #expect(week.contains("<when>2015-01-26</when>"))
        #expect(try xmllint(week).status == 0)
    }

    @Test func polygonsHaveInnerBoundariesAndLonLatTuples() throws {
        let shell = [Coordinate(x: 40, y: 30), Coordinate(x: 40, y: 34), Coordinate(x: 44, y: 34), Coordinate(x: 44, y: 30), Coordinate(x: 40, y: 30)]
        let hole = [Coordinate(x: 41, y: 31), Coordinate(x: 42, y: 31), Coordinate(x: 42, y: 32), Coordinate(x: 41, y: 32), Coordinate(x: 41, y: 31)]
        let f = Feature(id: "HS-1", geometry: .multiPolygon([[shell, hole]]), properties: [("id", .string("HS-1")), ("score", .double(2.5))])
        let kml = try ExportTestSupport.render {
            try FeatureExporter.write([.inMemory(kind: .hotspots, features: [f])], format: .kml, sink: $0, options: ExportOptions(), iconHref: "i.png")
        }
        #expect(kml.contains("<outerBoundaryIs><LinearRing><coordinates>40,30 44,30 44,34 40,34 40,30</coordinates>"))  // CCW
        #expect(kml.contains("<innerBoundaryIs><LinearRing><coordinates>41,31 41,32 42,32 42,31 41,31</coordinates>"))  // CW
        #expect(kml.contains("<styleUrl>#style-hotspot-1</styleUrl>") && kml.contains("<SimpleField type=\"double\" name=\"score\"/>"))
        #expect(try xmllint(kml).status == 0)
    }

    @Test func textIsEscapedAndIdsAreNCNames() throws {
        let f = Feature(id: "1 bad id", geometry: .point(Coordinate(lon: 1, lat: 2)),
                        properties: [("id", .string("1 bad id")), ("notes", .string("a < b & \"c\" ]]> \u{01}")), ("civilian", .bool(true))])
        let kml = try ExportTestSupport.render {
            try FeatureExporter.write([.inMemory(kind: .incidents, features: [f])], format: .kml, sink: $0, options: ExportOptions(), iconHref: "i.png")
        }
        #expect(kml.contains("<Placemark>\n") && !kml.contains("id=\"1 bad id\""))
        #expect(kml.contains("<SimpleData name=\"notes\">a &lt; b &amp; \"c\" ]]&gt;  </SimpleData>"))
        #expect(kml.contains("<SimpleData name=\"civilian\">1</SimpleData>"))
        #expect(try xmllint(kml).status == 0)
    }
}
