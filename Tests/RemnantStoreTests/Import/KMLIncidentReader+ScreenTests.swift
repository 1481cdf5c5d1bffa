import Foundation
import Testing
@testable import RemnantStore

/// The streaming KML reader: the screen finds DTDs, empty processing instructions, NUL bytes and
/// declared encodings wherever chunk boundaries fall, before any parsing; the parse gives the same
/// records whatever the chunk size; the per-placemark limit; `body` stopping or failing the parse.
@Suite struct KMLStreamingTests {
    /// Chunk sizes that put every token of the documents below across a boundary somewhere.
    static let chunkSizes = Array(1...13) + [64, 4096]

    private func input(_ text: String, chunkSize: Int) -> InputFile {
        InputFile(data: Data(text.utf8), name: "in.kml", chunkSize: chunkSize)
    }

    private func outcome(_ text: String, chunkSize: Int, maxPlacemarkBytes: Int = KMLIncidentReader.maxPlacemarkBytes) -> Result<[RawRecord], StoreError> {
        do throws(StoreError) {
            return .success(try KMLIncidentReader.read(input(text, chunkSize: chunkSize), maxPlacemarkBytes: maxPlacemarkBytes))
        } catch {
            return .failure(error)
        }
    }

    private func placemark(_ id: String, _ extra: String = "") -> String {
        "<Placemark id=\"\(id)\">\(extra)<Point><coordinates>1.5,2.5</coordinates></Point></Placemark>"
    }

    /// Comments and CDATA quoting `<!DOCTYPE` and `<?x?>`, entities, multi-byte UTF-8, CRLF, a
    /// processing instruction with data, both ExtendedData styles, folders and a byte-order mark.
    static let rich = "\u{FEFF}" + """
        <?xml version="1.0" encoding="UTF-8"?>\r
        <!-- <!DOCTYPE kml [<!ENTITY x "y">]> and <?x?> are only text in a comment -->\r
        <?app some data?>
        <kml xmlns="http://www.opengis.net/kml/2.2" xmlns:gx="http://www.google.com/kml/ext/2.2"><Document><name>Ünïcode — 日本</name>
        <Folder><Folder>
          <Placemark id="GE-1"><name>Ruisi &amp; Gori “quoted”</name>
            <description><![CDATA[<!DOCTYPE html><p>report <?x?> 💣</p>]]> and after &lt;CDATA&gt;</description>
            <TimeStamp><when>2008-08-12T10:00:00+04:00</when></TimeStamp>
            <ExtendedData><Data name="country"><value>GE</value></Data><Data name="killed"><value> 3 </value></Data>
              <SchemaData schemaUrl="#s"><SimpleData name="munition">rbk-250</SimpleData></SchemaData></ExtendedData>
            <gx:balloonVisibility>1</gx:balloonVisibility>
            <MultiGeometry><Point><coordinates> 43.956937 , 42.037872 , 0 </coordinates></Point></MultiGeometry>
          </Placemark>
        </Folder></Folder>
        <Placemark><name>é</name><TimeStamp><when>2008-08</when></TimeStamp><Point><coordinates>-1.5,-2.25</coordinates></Point></Placemark>
        </Document></kml>

        """

    @Test func recordsAreTheSameWhateverTheChunkSize() throws {
        let whole = try outcome(Self.rich, chunkSize: Self.rich.utf8.count).get()
        #expect(whole.map(\.location) == ["placemark 1 (line 6)", "placemark 2 (line 15)"])
        #expect(whole[0].fields == [
            "id": "GE-1", "place": "Ruisi & Gori “quoted”", "notes": "<!DOCTYPE html><p>report <?x?> 💣</p> and after <CDATA>",
            "date": "2008-08-12", "date_precision": "day", "country": "GE", "killed": " 3 ", "munition": "rbk-250",
            "lon": "43.956937", "lat": "42.037872",
        ])
        #expect(whole[1].fields == ["place": "é", "date": "2008-08", "date_precision": "month", "lon": "-1.5", "lat": "-2.25"])
        for size in Self.chunkSizes {
            #expect(try outcome(Self.rich, chunkSize: size).get() == whole, "chunk size \(size)")
        }
    }

    // MARK: - The screen across chunk boundaries

    /// The screen reads the first 64 KiB at once for the XML declaration; constructs after it
    /// meet chunk boundaries, and `padding` more spaces move them across every offset.
    static let screenChunkSizes = [1, 4, 7, 9, 4096]

    @Test(arguments: 0..<9)
    func declarationsAreRefusedWhereverBoundariesFall(padding: Int) throws {
        let pad = String(repeating: " \n", count: 35_000) + String(repeating: " ", count: padding)
        let body = "<kml>" + placemark("a") + "</kml>"
        let refusals: [(String, StoreError)] = [
            ("<?xml version=\"1.0\"?>\n\(pad)<!DOCTYPE kml>\n" + body, .unsupportedFormat(file: "in.kml", reason: KMLIncidentReader.dtdRefusal)),
            ("\(pad)<!doctype kml [ ]>" + body, .unsupportedFormat(file: "in.kml", reason: KMLIncidentReader.dtdRefusal)),
            ("\(pad)<!-- - -- --->\(pad)<!ENTITY x \"y\">" + body, .unsupportedFormat(file: "in.kml", reason: KMLIncidentReader.dtdRefusal)),
            ("<kml>\(pad)<![CDATA[ ]] ]>]]>\(pad)<?pi?></kml>",
             .unsupportedFormat(file: "in.kml", reason: "a processing instruction without data (<?pi?>) cannot be read; remove it")),
            // The declaration itself is read whole: only leading whitespace is long here.
            ("\(pad)<?xml version='1.0'\(String(repeating: " ", count: padding)) encoding='UTF-7'?>" + body,
             .unsupportedFormat(file: "in.kml", reason: "the XML declaration names encoding 'UTF-7'; Remnant reads KML as UTF-8 only: save the file as UTF-8")),
        ]
        for (text, expected) in refusals {
            for size in Self.screenChunkSizes {
                #expect(outcome(text, chunkSize: size) == .failure(expected), "\(text.debugDescription), chunk size \(size)")
            }
        }
        // Inside comments and CDATA the same text is allowed.
        let quoted = "<kml>\(pad)<!--<!DOCTYPE x><?pi?>--><Placemark><description><![CDATA[\(pad)<!ENTITY x><?pi?>]]></description>"
            + "<Point><coordinates>1,2</coordinates></Point></Placemark></kml>"
        for size in Self.screenChunkSizes {
            #expect(try outcome(quoted, chunkSize: size).get().first?.fields["notes"] == "\(pad)<!ENTITY x><?pi?>", "chunk size \(size)")
        }
    }

    @Test func nulByteIsLocatedWhereverBoundariesFall() throws {
        // Past the first 64 KiB (read at once), 30,000 lines of multi-byte text, a BOM on line 1:
        // line 30,003, and column 7 counts é, 💣 and ü as one each.
        let text = "\u{FEFF}<?xml version=\"1.0\"?>\n<kml>\r\n" + String(repeating: "<a>日本</a>\n", count: 30_000) + "<a>é💣ü\u{0}</a></kml>"
        #expect(text.utf8.count > 2 * KMLIncidentReader.maxDeclarationBytes)
        for size in Self.screenChunkSizes {
            #expect(outcome(text, chunkSize: size) == .failure(
                .input(file: "in.kml", location: "line 30003, column 7", field: nil, message: "NUL byte; is this a binary file?")), "chunk size \(size)")
        }
    }

    @Test func declarationLongerThan64KiBIsRefused() throws {
        let text = "<?xml version=\"1.0\"" + String(repeating: " ", count: KMLIncidentReader.maxDeclarationBytes) + "encoding=\"UTF-7\"?><kml/>"
        #expect(outcome(text, chunkSize: 4096) == .failure(
            .unsupportedFormat(file: "in.kml", reason: "the XML declaration is longer than 65536 bytes")))
    }

    /// The screen reads the whole file before the parser sees a byte: a DOCTYPE after the
    /// placemarks (where libxml2 would refuse it only on reaching it) stops every record.
    @Test func screenRunsBeforeAnyRecordIsHandedOn() throws {
        let text = "<kml><Document>" + placemark("a") + placemark("b") + "</Document></kml>\n<!DOCTYPE kml>"
        var handed = 0
        #expect(throws: StoreError.unsupportedFormat(file: "in.kml", reason: KMLIncidentReader.dtdRefusal)) {
            try KMLIncidentReader.forEachRecord(in: input(text, chunkSize: 8)) { _ in
                handed += 1
                return true
            }
        }
        #expect(handed == 0)
    }

    // MARK: - Size limit

    @Test func placemarkLongerThanTheLimitIsRefusedNamingIt() throws {
        let long = placemark("b", "<description>" + String(repeating: "d", count: 5000) + "</description>")
        let text = "<kml><Document>\n" + placemark("a") + "\n" + long + "\n" + placemark("c") + "</Document></kml>"
        #expect(try outcome(text, chunkSize: 16, maxPlacemarkBytes: 6000).get().count == 3)
        #expect(outcome(text, chunkSize: 16, maxPlacemarkBytes: 2000) == .failure(
            .input(file: "in.kml", location: "placemark 2 (line 3)", field: nil, message: "the placemark is longer than 2000 bytes")))
    }

    /// The limit is per placemark: 4,000 placemarks, 300 kB, each well under 500 bytes.
    @Test func manyPlacemarksFitASmallLimit() throws {
        let text = "<kml><Document>" + (1...4000).map { placemark("p\($0)") }.joined(separator: "\n") + "</Document></kml>"
        #expect(text.utf8.count > 300_000)
        let records = try outcome(text, chunkSize: 256, maxPlacemarkBytes: 500).get()
        #expect(records.count == 4000)
        #expect(records.last?.fields["id"] == "p4000")
    }

    // MARK: - The body controls the parse

    @Test func bodyReturningFalseStopsTheParseWithoutError() throws {
        // Malformed after the second placemark: the parse stops before reaching it.
        let text = "<kml><Document>" + placemark("a") + placemark("b") + String(repeating: " ", count: 1000) + "<Placemark></Folder>"
        var ids: [String?] = []
        try KMLIncidentReader.forEachRecord(in: input(text, chunkSize: 32)) { record in
            ids.append(record.fields["id"])
            return ids.count < 2
        }
        #expect(ids == ["a", "b"])
    }

    @Test func bodyErrorAbortsTheParse() throws {
        let text = "<kml><Document>" + placemark("a") + placemark("b") + placemark("c") + "</Document></kml>"
        let stop = StoreError.input(file: "in.kml", location: "placemark 2", field: "id", message: "rejected")
        var ids: [String?] = []
        #expect(throws: stop) {
            try KMLIncidentReader.forEachRecord(in: input(text, chunkSize: 32)) { record throws(StoreError) in
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
        let url = try TestSupport.write(Self.rich, to: dir, name: "rich.kml")
        let fromFile = try KMLIncidentReader.read(InputFile(url: url, name: "in.kml", chunkSize: 5))
        #expect(fromFile == (try outcome(Self.rich, chunkSize: 4096).get()))
        #expect(throws: StoreError.self) { try KMLIncidentReader.read(url: dir.appendingPathComponent("missing.kml")) }
    }
}
