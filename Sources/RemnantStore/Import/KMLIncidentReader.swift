import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads cluster-munition incidents from OGC KML 2.2 (OGC 07-147r2) with the event-driven
/// `XMLParser`. Every `Placemark` becomes one record, at any depth in `Document` and `Folder`.
/// Values are extracted but not validated; a later step does that using the record's location.
///
/// Documents in the KML 2.2 namespace (`http://www.opengis.net/kml/2.2`) are accepted. So are
/// documents in KML 2.3 and Google's older `http://earth.google.com/kml/2.x` namespaces, and
/// documents with no namespace. Elements in other namespaces, such as Google's `gx:` extensions and
/// `atom:`, are skipped.
///
/// Each placemark is located at `placemark N (line L)`. N counts placemarks from 1 in document
/// order, and L is the line on which its start tag ends. Its fields use the project's CSV column
/// names:
/// - `lon`, `lat` come from `Point/coordinates` (`lon,lat[,alt]`, whitespace around commas
///   tolerated). The Point may be the placemark's geometry or the only Point of a `MultiGeometry`.
///   A placemark with no Point is an error, because an incident is a point.
/// - Every `ExtendedData` entry is copied under its name. Both `<Data name="x"><value>v</value></Data>`
///   and `<SchemaData><SimpleData name="x">v</SimpleData></SchemaData>` are read. ExtendedData
///   takes precedence over the standard elements below.
/// - `<name>` fills `place`, and `<description>` fills `notes`.
/// - `<TimeStamp><when>` fills `date` and `date_precision` (`year`, `month` or `day` for
///   `YYYY`, `YYYY-MM`, `YYYY-MM-DD`). An `xsd:dateTime` keeps its date part as written, in its own
///   time zone. `TimeSpan` is not read.
/// - The placemark's `id` attribute fills `id`.
///
/// Streams: the file is read twice in chunks, once to screen it and once to parse it, and each
/// placemark's record is handed on when the placemark ends, so memory does not grow with the
/// file. One placemark may span at most ``maxPlacemarkBytes``.
///
/// Security: any DOCTYPE or ENTITY declaration is refused before parsing, by a first pass over the
/// whole file (``screen(_:)``). KML 2.2 is defined by an XML Schema and never needs a DTD, so this
/// refusal blocks external-entity (XXE) and entity-expansion ("billion laughs") attacks. External
/// entities are also never resolved. NUL bytes, UTF-16/UTF-32 text and KMZ archives are refused
/// with a message that says so.
public enum KMLIncidentReader {
    /// The message for a document that declares a DTD or entities.
    public static let dtdRefusal = "DTD/entity declarations are not allowed in KML (XXE/entity-expansion protection)"

    /// Namespaces whose `kml`, `Placemark`, `Point`, … elements are read; "" is no namespace.
    static let kmlNamespaces: Set<String> = [
        "",
        "http://www.opengis.net/kml/2.2",
        "http://www.opengis.net/kml/2.3",
        "http://earth.google.com/kml/2.0",
        "http://earth.google.com/kml/2.1",
        "http://earth.google.com/kml/2.2",
    ]

    /// The most bytes of the file one placemark may span (8 MiB, like a CSV record). Measured in
    /// bytes handed to the XML parser, so to within one of its reads (128 KiB).
    public static let maxPlacemarkBytes = 8 << 20

    /// Reads the KML file at `url`, handing each placemark's record to `body` as soon as the
    /// placemark ends, until `body` returns false. `name` is used in messages (defaults to the file
    /// name).
    public static func forEachRecord(
        url: URL, name: String? = nil, _ body: (RawRecord) throws(StoreError) -> Bool
    ) throws(StoreError) {
        try forEachRecord(in: InputFile(url: url, name: name ?? url.lastPathComponent), body)
    }

    /// Every record of the KML file at `url`; `name` is used in messages (defaults to the file name).
    public static func read(url: URL, name: String? = nil) throws(StoreError) -> [RawRecord] {
        try read(InputFile(url: url, name: name ?? url.lastPathComponent))
    }

    /// Reads KML from memory; `file` names the input in messages. `chunkSize` is how many
    /// bytes the streaming reader takes at a time (as from a file: 1 MiB); the fuzz targets and
    /// tests make it small to put chunk boundaries everywhere.
    public static func read(data: Data, file: String, chunkSize: Int = 1 << 20) throws(StoreError) -> [RawRecord] {
        try read(InputFile(data: data, name: file, chunkSize: max(1, chunkSize)))
    }

    static func read(_ input: InputFile, maxPlacemarkBytes: Int = maxPlacemarkBytes) throws(StoreError) -> [RawRecord] {
        var records: [RawRecord] = []
        try forEachRecord(in: input, maxPlacemarkBytes: maxPlacemarkBytes) { record in
            records.append(record)
            return true
        }
        return records
    }

    /// The streaming core under every entry point: screens the whole of `input` (``screen(_:)``),
    /// then parses it from the start with `XMLParser(stream:)`, which pulls it a chunk at a time,
    /// handing each placemark's record to `body` until it returns false. An error from `body`
    /// aborts the parse and is rethrown.
    static func forEachRecord(
        in input: InputFile, maxPlacemarkBytes: Int = maxPlacemarkBytes, _ body: (RawRecord) throws(StoreError) -> Bool
    ) throws(StoreError) {
        try screen(input)
        let stream = InputFileStream(try input.open())
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let file = input.name
        try withoutActuallyEscaping(body) { (body) throws(StoreError) in
            let collector = KMLPlacemarkCollector(file: file, stream: stream, maxPlacemarkBytes: maxPlacemarkBytes, body: body)
            parser.delegate = collector
            let finished = parser.parse()
            parser.delegate = nil
            if let error = collector.error { throw error }
            if collector.stopped { return }
            if let error = stream.failure { throw error }
            if !finished || parser.parserError != nil {
                let code = (parser.parserError as NSError?)?.code ?? -1
                throw .input(file: file, location: "line \(parser.lineNumber), column \(parser.columnNumber)", field: nil,
                             message: "malformed XML: \(KMLPlacemarkCollector.describeXMLError(code: code))")
            }
            guard collector.sawRoot else {
                throw .unsupportedFormat(file: file, reason: "no root element; expected <kml> (OGC KML 2.2)")
            }
        }
    }

    /// The `encoding` of an XML declaration (`<?xml version="1.0" encoding="…"?>`, XML 1.0
    /// §4.3.3) that starts at `start`, or nil when there is none or it is malformed (the parser
    /// then reports it).
    static func declaredEncoding(_ bytes: [UInt8], from start: Int) -> String? {
        let open = Array("<?xml".utf8), name = Array("encoding".utf8)
        guard start + open.count <= bytes.count, Array(bytes[start..<(start + open.count)]) == open else { return nil }
        var end = start + open.count
        while end + 1 < bytes.count, !(bytes[end] == UInt8(ascii: "?") && bytes[end + 1] == UInt8(ascii: ">")) { end += 1 }
        let declaration = Array(bytes[start..<min(end, bytes.count)])
        guard let at = (0...max(0, declaration.count - name.count)).first(where: { i in
            i + name.count <= declaration.count && Array(declaration[i..<(i + name.count)]) == name
        }) else { return nil }
        var i = at + name.count
        func skipSpace() { while i < declaration.count, isXMLWhitespace(declaration[i]) { i += 1 } }
        skipSpace()
        guard i < declaration.count, declaration[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        skipSpace()
        guard i < declaration.count, declaration[i] == UInt8(ascii: "\"") || declaration[i] == UInt8(ascii: "'") else { return nil }
        let quote = declaration[i]
        i += 1
        guard let close = declaration[i...].firstIndex(of: quote) else { return nil }
        return String(decoding: declaration[i..<close], as: UTF8.self)
    }

    static func isXMLWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `date` and `date_precision` for a KML `<when>` (OGC 07-147r2 §16.9): `YYYY`, `YYYY-MM`,
    /// `YYYY-MM-DD`, or an `xsd:dateTime` whose date part is kept. Nil for anything else.
    static func dateAndPrecision(of when: String) -> (date: String, precision: String)? {
        let text = Array(when.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= text.count && text[range].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        func dash(_ i: Int) -> Bool { i < text.count && text[i] == UInt8(ascii: "-") }
        guard digits(0..<4) else { return nil }
        if text.count == 4 { return (String(decoding: text, as: UTF8.self), "year") }
        guard dash(4), digits(5..<7) else { return nil }
        if text.count == 7 { return (String(decoding: text, as: UTF8.self), "month") }
        guard dash(7), digits(8..<10) else { return nil }
        let date = String(decoding: text[0..<10], as: UTF8.self)
        if text.count == 10 { return (date, "day") }
        // xsd:dateTime: the date, 'T', then hh:mm:ss with optional fraction and zone.
        guard text[10] == UInt8(ascii: "T"), digits(11..<13), text.count >= 19, text[13] == UInt8(ascii: ":"),
              digits(14..<16), text[16] == UInt8(ascii: ":"), digits(17..<19) else { return nil }
        return (date, "day")
    }
}

/// The `XMLParserDelegate` that turns KML events into records, handing each to `body` when its
/// placemark ends. After the first error (its own, or thrown by `body`), or once `body` returns
/// false, it aborts the parse and ignores any further events.
private final class KMLPlacemarkCollector: NSObject, XMLParserDelegate {
    let file: String
    private(set) var error: StoreError?
    /// Whether `body` returned false.
    private(set) var stopped = false
    private(set) var sawRoot = false
    private let body: (RawRecord) throws(StoreError) -> Bool
    /// The stream being parsed, whose offset bounds a placemark's size.
    private let stream: InputFileStream
    private let maxPlacemarkBytes: Int

    /// Local names of the open elements; an element outside the KML namespaces is stored as
    /// `{namespace}name`, so that it never matches a KML name.
    private var stack: [String] = []
    private var placemarkCount = 0
    private var placemark: Placemark?
    private var capture: Capture?
    /// `stack.count` when the captured element started.
    private var captureDepth = 0
    private var text = ""

    /// What the placemark being read has collected so far.
    private struct Placemark {
        var number: Int
        var line: Int
        /// `stream.offset` when the placemark started.
        var startOffset: Int
        /// Index in `stack` of the `Placemark` element.
        var depth: Int
        var id: String?
        var name: String?
        var description: String?
        var when: String?
        var extendedData: [String: String] = [:]
        /// Coordinates text of each Point found (nil until its `coordinates` ends).
        var points: [String?] = []
        var otherGeometries: [String] = []
        /// `name` attribute of the `ExtendedData/Data` being read.
        var dataName: String?

        var position: RecordPosition { .placemark(number: number, line: line) }
        var location: String { position.description }
    }

    /// The element whose text is being collected.
    private enum Capture {
        case name, description, when, coordinates
        case extendedData(String)
    }

    private static let geometryElements: Set<String> = [
        "LineString", "LinearRing", "Polygon", "Model", "{http://www.google.com/kml/ext/2.2}Track",
        "{http://www.google.com/kml/ext/2.2}MultiTrack",
    ]

    init(file: String, stream: InputFileStream, maxPlacemarkBytes: Int, body: @escaping (RawRecord) throws(StoreError) -> Bool) {
        self.file = file
        self.stream = stream
        self.maxPlacemarkBytes = maxPlacemarkBytes
        self.body = body
    }

    /// Whether the parse has been aborted: events after it are ignored.
    private var halted: Bool { error != nil || stopped }

    private func fail(_ parser: XMLParser, _ error: StoreError) {
        guard !halted else { return }
        self.error = error
        parser.abortParsing()
    }

    /// False, after failing the parse, when the open placemark spans more than `maxPlacemarkBytes`
    /// of the file: everything it collects is held until it ends.
    private func withinLimit(_ parser: XMLParser) -> Bool {
        guard let current = placemark, stream.offset - current.startOffset > maxPlacemarkBytes else { return true }
        placemarkError(parser, current, field: nil, "the placemark is longer than \(maxPlacemarkBytes) bytes")
        return false
    }

    private func placemarkError(_ parser: XMLParser, _ placemark: Placemark, field: String?, _ message: String) {
        fail(parser, .input(file: file, location: placemark.location, field: field, message: message))
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard !halted, withinLimit(parser) else { return }
        let namespace = namespaceURI ?? ""
        let name = KMLIncidentReader.kmlNamespaces.contains(namespace) ? elementName : "{\(namespace)}\(elementName)"
        if stack.isEmpty {
            guard name == "kml" else {
                let shown = namespace.isEmpty ? "<\(elementName)>" : "<\(elementName)> in namespace \(namespace)"
                fail(parser, .unsupportedFormat(file: file, reason: "the root element is \(shown); expected <kml> (OGC KML 2.2)"))
                return
            }
            sawRoot = true
        }
        stack.append(name)

        if name == "Placemark" {
            placemarkCount += 1
            let started = Placemark(number: placemarkCount, line: parser.lineNumber, startOffset: stream.offset, depth: stack.count - 1,
                                    id: attributes["id"])
            if let outer = placemark {
                placemarkError(parser, outer, field: nil, "contains another Placemark (placemark \(started.number), line \(started.line))")
                return
            }
            placemark = started
            return
        }
        guard var current = placemark else { return }
        defer { placemark = current }
        let path = stack[(current.depth + 1)...]
        let parents = path.dropLast()
        let inGeometry = parents.allSatisfy { $0 == "MultiGeometry" }
        switch name {
        case "name" where path.count == 1:
            begin(.name)
        case "description" where path.count == 1:
            begin(.description)
        case "when" where parents.elementsEqual(["TimeStamp"]):
            begin(.when)
        case "Point" where inGeometry:
            current.points.append(nil)
        case "coordinates" where parents.last == "Point" && parents.dropLast().allSatisfy { $0 == "MultiGeometry" }:
            begin(.coordinates)
        case _ where inGeometry && Self.geometryElements.contains(name):
            current.otherGeometries.append(name.hasPrefix("{") ? "gx:" + (name.split(separator: "}").last ?? "") : name)
        case "Data" where parents.elementsEqual(["ExtendedData"]):
            guard let dataName = attributes["name"] else {
                placemarkError(parser, current, field: nil, "ExtendedData: <Data> without a name attribute (line \(parser.lineNumber))")
                return
            }
            current.dataName = dataName
        case "value" where parents.elementsEqual(["ExtendedData", "Data"]):
            if let dataName = current.dataName { begin(.extendedData(dataName)) }
        case "SimpleData" where parents.elementsEqual(["ExtendedData", "SchemaData"]):
            guard let dataName = attributes["name"] else {
                placemarkError(parser, current, field: nil, "ExtendedData: <SimpleData> without a name attribute (line \(parser.lineNumber))")
                return
            }
            begin(.extendedData(dataName))
        default:
            break
        }
    }

    private func begin(_ target: Capture) {
        capture = target
        captureDepth = stack.count
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard capture != nil, !halted, withinLimit(parser) else { return }
        text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard capture != nil, !halted, withinLimit(parser) else { return }
        guard let string = String(data: CDATABlock, encoding: .utf8) else {
            fail(parser, .input(file: file, location: "line \(parser.lineNumber)", field: nil, message: "CDATA section is not valid UTF-8"))
            return
        }
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        guard !halted, !stack.isEmpty, withinLimit(parser) else { return }
        defer { stack.removeLast() }
        guard var current = placemark else { return }
        if let target = capture, stack.count == captureDepth {
            capture = nil
            switch target {
            case .name: current.name = text
            case .description: current.description = text
            case .when: current.when = text
            case .coordinates:
                if !current.points.isEmpty { current.points[current.points.count - 1] = text }
            case let .extendedData(key):
                if let existing = current.extendedData[key], existing != text {
                    placemarkError(parser, current, field: key, "ExtendedData gives '\(existing)' and '\(text)'")
                    return
                }
                current.extendedData[key] = text
            }
        }
        if stack.count - 1 == current.depth {
            placemark = nil
            finish(current, parser: parser)
        } else {
            placemark = current
        }
    }

    /// Builds the record for a finished placemark, or records why it cannot be one.
    private func finish(_ placemark: Placemark, parser: XMLParser) {
        let label = placemark.name.map { "'\($0.trimmingCharacters(in: .whitespacesAndNewlines))': " } ?? ""
        guard placemark.points.count == 1 else {
            if placemark.points.isEmpty {
                let found = placemark.otherGeometries.isEmpty ? "" : " (found \(placemark.otherGeometries.joined(separator: ", ")))"
                placemarkError(parser, placemark, field: nil, "\(label)no Point geometry\(found); every incident needs a Point")
            } else {
                placemarkError(parser, placemark, field: nil, "\(label)\(placemark.points.count) Points; an incident is exactly one Point")
            }
            return
        }
        guard let coordinates = placemark.points[0] else {
            placemarkError(parser, placemark, field: "coordinates", "missing; the Point has no <coordinates>")
            return
        }
        let position: (lon: String, lat: String)
        switch Self.lonLat(coordinates) {
        case let .success(value): position = value
        case let .failure(problem):
            placemarkError(parser, placemark, field: "coordinates", problem.message)
            return
        }

        var fields = placemark.extendedData
        fields["lon"] = position.lon
        fields["lat"] = position.lat
        if fields["id"] == nil, let id = placemark.id { fields["id"] = id }
        if fields["place"] == nil, let name = placemark.name { fields["place"] = name }
        if fields["notes"] == nil, let description = placemark.description { fields["notes"] = description }
        if fields["date"] == nil, let when = placemark.when {
            guard let (date, precision) = KMLIncidentReader.dateAndPrecision(of: when) else {
                placemarkError(parser, placemark, field: "date",
                               "TimeStamp <when> '\(when)' is not YYYY, YYYY-MM, YYYY-MM-DD or an xsd:dateTime")
                return
            }
            fields["date"] = date
            if fields["date_precision"] == nil { fields["date_precision"] = precision }
        }
        do throws(StoreError) {
            if try !body(RawRecord(file: file, position: placemark.position, fields: fields)) {
                stopped = true
                parser.abortParsing()
            }
        } catch {
            fail(parser, error)
        }
    }

    private struct CoordinateProblem: Error {
        var message: String
    }

    /// `lon` and `lat` text from a KML `coordinates` value holding one `lon,lat[,alt]` tuple
    /// (OGC 07-147r2 §16.9.1), with whitespace around the commas tolerated.
    private static func lonLat(_ coordinates: String) -> Result<(lon: String, lat: String), CoordinateProblem> {
        let tuples = coordinates
            .replacingOccurrences(of: #"\s*,\s*"#, with: ",", options: .regularExpression)
            .split(whereSeparator: { $0.isWhitespace })
        guard !tuples.isEmpty else { return .failure(.init(message: "empty; expected lon,lat[,alt]")) }
        guard tuples.count == 1 else {
            return .failure(.init(message: "\(tuples.count) positions in a Point; expected one lon,lat[,alt]"))
        }
        let parts = tuples[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3 else {
            return .failure(.init(message: "'\(tuples[0])' is not lon,lat[,alt]"))
        }
        for (part, axis) in zip(parts.prefix(2), ["longitude", "latitude"]) {
            guard isDecimal(part), let value = Double(part), value.isFinite else {
                return .failure(.init(message: "\(axis) '\(part)' is not a finite decimal number"))
            }
        }
        return .success((parts[0], parts[1]))
    }

    /// Whether `text` is an `xsd:double` in plain decimal notation: `[+-]? digits [. digits] [e [+-] digits]`.
    /// Rejects `nan`, `inf` and hexadecimal floats, which Swift's `Double(_:)` would accept.
    private static func isDecimal(_ text: String) -> Bool {
        text.wholeMatch(of: /[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/) != nil
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        let code = (parseError as NSError).code
        fail(parser, .input(file: file, location: "line \(parser.lineNumber), column \(parser.columnNumber)", field: nil,
                            message: "malformed XML: \(Self.describeXMLError(code: code))"))
    }

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        nil
    }

    /// Defence in depth: ``KMLIncidentReader/screen(_:)`` refuses DTDs before parsing, so these should never be called.
    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, .unsupportedFormat(file: file, reason: KMLIncidentReader.dtdRefusal))
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(parser, .unsupportedFormat(file: file, reason: KMLIncidentReader.dtdRefusal))
    }

    /// A readable text for an `XMLParser.ErrorCode` (libxml2's `xmlParserErrors` numbering).
    static func describeXMLError(code: Int) -> String {
        let text = switch code {
        case 4: "the document is empty"
        case 5: "the document ends early; an element is not closed"
        case 9: "invalid character"
        case 22, 23, 68: "a name is required here (an unescaped '&' or '<'?)"
        case 26: "undeclared entity (only &amp; &lt; &gt; &quot; &apos; and character references are allowed)"
        case 38: "'<' inside an attribute value"
        case 39, 40, 41: "malformed attribute"
        case 42, 203: "an attribute appears twice"
        case 45: "unterminated comment"
        case 56, 57, 64: "malformed or misplaced XML declaration"
        case 63: "unterminated CDATA section"
        case 73: "'>' expected"
        case 76: "end tag does not match the start tag"
        case 77: "unfinished tag"
        case 81: "invalid UTF-8 (or bytes that do not match the declared encoding)"
        case 85, 86: "content after the root element"
        case 89: "entity expansion loop or amplification"
        case 201, 202: "undeclared namespace prefix"
        default: "XML error"
        }
        return "\(text) (XMLParser error \(code))"
    }
}
