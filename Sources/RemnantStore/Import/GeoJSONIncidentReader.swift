import Foundation

/// Reads cluster-munition incidents from GeoJSON (RFC 7946): a `FeatureCollection`, or a single
/// `Feature`, with one incident per feature. Values are extracted but not validated; a later step
/// does that using the record's location.
///
/// Each feature becomes a ``RawRecord`` located at `feature N` (N is the 1-based index in
/// `features`). Its fields use the project's CSV column names:
/// - `lon`, `lat` come from the `Point` geometry's `[lon, lat]` (RFC 7946 §3.1.2). A third position
///   element (altitude) is ignored. The geometry is authoritative, so `lon`/`lat` properties are
///   ignored.
/// - Every scalar property is copied under its own name. Strings are copied unchanged and booleans
///   become `true`/`false`. A number keeps the text written in the file; an integral value written
///   with a fraction or exponent (`3.0`, `1e2`) becomes integer text (`3`, `100`). Null properties are
///   skipped, and so are object and array properties other than `sources`, because no column can
///   hold them.
/// - camelCase names from the GeoJSON export map to their columns (`datePrecision` →
///   `date_precision`, `uncertaintyMeters` → `uncertainty_m`, …). If a camelCase name and its column
///   name are both present they must agree.
/// - `sources`, an array of objects with `organisation` (or `organization`, `org`), `title`, `date`
///   and `url`, becomes `source1_org`, `source1_title`, … in array order.
/// - A feature's top-level `id` (RFC 7946 §3.2) becomes `id` when there is no `id` property.
///
/// The JSON is parsed by a strict RFC 8259 parser in this file rather than `JSONSerialization`,
/// for four reasons. It keeps each number's text as written. It never confuses `true` with `1`.
/// It can name the feature in which a syntax error occurs. And it limits nesting to
/// ``maxNestingDepth``, so hostile input fails cleanly instead of recursing without bound. A UTF-8
/// byte-order mark is accepted. NUL bytes, `NaN`, `Infinity`, numbers that overflow a double
/// (`1e400`), `\u0000`, invalid UTF-8 and duplicate member names are rejected, each with its line
/// and column.
public enum GeoJSONIncidentReader {
    /// The deepest nesting of arrays and objects accepted. A FeatureCollection needs 6 levels
    /// (collection, features, feature, properties, sources, source).
    public static let maxNestingDepth = 64

    /// Reads the GeoJSON file at `url`; `name` is used in messages (defaults to the file name).
    public static func read(url: URL, name: String? = nil) throws(StoreError) -> [RawRecord] {
        let file = name ?? url.lastPathComponent
        return try read(data: try InputFile.contents(of: url, file: file), file: file)
    }

    /// Reads GeoJSON from memory; `file` names the input in messages.
    public static func read(data: Data, file: String) throws(StoreError) -> [RawRecord] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        } else if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
            throw .unsupportedFormat(file: file, reason: "UTF-16 text; GeoJSON must be UTF-8 (RFC 8259 §8.1)")
        }
        if bytes.allSatisfy(JSONParser.isWhitespace) {
            throw .unsupportedFormat(file: file, reason: "empty file")
        }
        var parser = JSONParser(bytes: bytes, maxDepth: maxNestingDepth)
        let root: JSONValue
        do {
            root = try parser.parseDocument()
        } catch {
            let (line, column) = InputFile.position(of: error.offset, in: bytes)
            let detail = "JSON error at line \(line), column \(column): \(error.message)"
            if let feature = error.feature {
                throw .input(file: file, location: "feature \(feature)", field: nil, message: detail)
            }
            throw .unsupportedFormat(file: file, reason: detail)
        }
        return try records(from: root, file: file)
    }

    // MARK: - GeoJSON structure (RFC 7946)

    private static func records(from root: JSONValue, file: String) throws(StoreError) -> [RawRecord] {
        let expected = "expected a GeoJSON FeatureCollection or Feature (RFC 7946)"
        guard case let .object(members) = root else {
            throw .unsupportedFormat(file: file, reason: "the top level is \(root.kind); \(expected)")
        }
        switch members["type"] {
        case .string("FeatureCollection")?:
            guard let features = members["features"] else {
                throw .unsupportedFormat(file: file, reason: "the FeatureCollection has no \"features\" member")
            }
            guard case let .array(list) = features else {
                throw .unsupportedFormat(file: file, reason: "\"features\" is \(features.kind); expected an array of Features")
            }
            var records: [RawRecord] = []
            records.reserveCapacity(list.count)
            for (offset, feature) in list.enumerated() {
                records.append(try record(from: feature, number: offset + 1, file: file))
            }
            return records
        case .string("Feature")?:
            return [try record(from: root, number: 1, file: file)]
        case let .string(other)?:
            throw .unsupportedFormat(file: file, reason: "the top-level type is \"\(other)\"; \(expected)")
        case nil:
            throw .unsupportedFormat(file: file, reason: "the top-level object has no \"type\"; \(expected)")
        case let other?:
            throw .unsupportedFormat(file: file, reason: "the top-level \"type\" is \(other.kind); \(expected)")
        }
    }

    private static func record(from value: JSONValue, number: Int, file: String) throws(StoreError) -> RawRecord {
        let location = "feature \(number)"
        let fail = { (field: String?, message: String) in
            StoreError.input(file: file, location: location, field: field, message: message)
        }
        guard case let .object(feature) = value else {
            throw fail(nil, "expected a Feature object, found \(value.kind)")
        }
        guard case .string("Feature")? = feature["type"] else {
            throw fail("type", "expected \"Feature\", found \(describe(feature["type"]))")
        }
        var fields: [String: String]
        switch feature["properties"] {
        case nil, .null?:
            fields = [:]
        case let .object(properties)?:
            fields = try propertyFields(properties, fail: fail)
        case let other?:
            throw fail("properties", "expected an object or null, found \(other.kind)")
        }
        if fields["id"] == nil, let id = feature["id"] {
            switch id {
            case let .string(text):
                fields["id"] = text
            case let .number(literal):
                guard let text = numberText(literal) else { throw fail("id", "number \(literal) is not a finite double") }
                fields["id"] = text
            case .null:
                break
            default:
                throw fail("id", "expected a string or number (RFC 7946 §3.2), found \(id.kind)")
            }
        }
        let (lon, lat) = try pointCoordinates(feature["geometry"], fail: fail)
        fields["lon"] = lon
        fields["lat"] = lat
        return RawRecord(file: file, location: location, fields: fields)
    }

    /// The `[lon, lat]` text of a Point geometry (RFC 7946 §3.1.2), each a finite number.
    private static func pointCoordinates(
        _ geometry: JSONValue?, fail: (String?, String) -> StoreError
    ) throws(StoreError) -> (lon: String, lat: String) {
        guard let geometry, geometry != .null else {
            throw fail("geometry", "missing; every incident needs a Point")
        }
        guard case let .object(members) = geometry else {
            throw fail("geometry", "expected a Point object, found \(geometry.kind)")
        }
        guard case let .string(type)? = members["type"] else {
            throw fail("geometry", "has no \"type\"; every incident needs a Point")
        }
        guard type == "Point" else {
            throw fail("geometry", "found a \(type); every incident needs a Point")
        }
        guard case let .array(position)? = members["coordinates"] else {
            throw fail("coordinates", "expected [lon, lat], found \(describe(members["coordinates"]))")
        }
        guard position.count == 2 || position.count == 3 else {
            throw fail("coordinates", "expected [lon, lat] or [lon, lat, altitude], found \(position.count) elements")
        }
        func coordinate(_ index: Int, _ name: String) throws(StoreError) -> String {
            guard case let .number(literal) = position[index] else {
                throw fail("coordinates", "\(name) is \(position[index].kind); expected a finite number")
            }
            guard let text = numberText(literal) else {
                throw fail("coordinates", "\(name) \(literal) is not a finite number")
            }
            return text
        }
        return (try coordinate(0, "longitude"), try coordinate(1, "latitude"))
    }

    /// Properties in the GeoJSON export's camelCase, with the CSV column each one fills.
    private static let camelCaseColumns: [String: String] = [
        "datePrecision": "date_precision",
        "geoPrecision": "geo_precision",
        "uncertaintyMeters": "uncertainty_m",
        "siteType": "site_type",
        "actorAlleged": "actor_alleged",
        "attributionConfidence": "attribution_confidence",
        "unexplodedObserved": "unexploded_observed",
    ]

    /// Keys of a `sources` entry, with the `sourceN_` column suffix each one fills.
    private static let sourceKeys: [(key: String, suffix: String)] = [
        ("organisation", "org"), ("organization", "org"), ("org", "org"),
        ("title", "title"), ("date", "date"), ("url", "url"),
    ]

    private static func propertyFields(
        _ properties: [String: JSONValue], fail: (String?, String) -> StoreError
    ) throws(StoreError) -> [String: String] {
        var fields: [String: String] = [:]
        var origins: [String: String] = [:]
        func set(_ field: String, _ value: String, from origin: String) throws(StoreError) {
            if let existing = fields[field], existing != value {
                let first = origins[field] ?? field
                throw fail(field, "\"\(first)\" is '\(existing)' but \"\(origin)\" is '\(value)'")
            }
            fields[field] = value
            origins[field] = origin
        }
        // Sorted so that a conflict is always reported the same way.
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) where name != "sources" {
            if name == "lon" || name == "lat" { continue }
            let field = camelCaseColumns[name] ?? name
            guard let text = try scalarText(value, field: field, fail: fail) else { continue }
            try set(field, text, from: name)
        }
        switch properties["sources"] {
        case nil, .null?:
            break
        case let .array(entries)?:
            for (offset, entry) in entries.enumerated() {
                let n = offset + 1
                guard case let .object(source) = entry else {
                    throw fail("sources", "entry \(n) is \(entry.kind); expected an object with organisation, title, date and url")
                }
                for (key, suffix) in sourceKeys {
                    let field = "source\(n)_\(suffix)"
                    guard let value = source[key], let text = try scalarText(value, field: field, fail: fail) else { continue }
                    try set(field, text, from: "sources[\(n)].\(key)")
                }
            }
        case let other?:
            throw fail("sources", "expected an array of source objects, found \(other.kind)")
        }
        return fields
    }

    /// The text of a scalar; nil for null, objects and arrays.
    private static func scalarText(
        _ value: JSONValue, field: String, fail: (String?, String) -> StoreError
    ) throws(StoreError) -> String? {
        switch value {
        case let .string(text):
            return text
        case let .number(literal):
            guard let text = numberText(literal) else { throw fail(field, "number \(literal) is not a finite double") }
            return text
        case let .bool(flag):
            return flag ? "true" : "false"
        case .null, .object, .array:
            return nil
        }
    }

    /// The text to store for a JSON number literal, or nil when it is not a finite IEEE 754 double.
    ///
    /// The literal is kept as written, which is the full precision of the file. The exception is an
    /// integral value written with a fraction or exponent, which becomes integer text, so counts
    /// written as `3.0` read as `3`.
    static func numberText(_ literal: String) -> String? {
        guard let value = Double(literal), value.isFinite else { return nil }
        let hasFraction = literal.contains(".")
        let hasExponent = literal.contains { $0 == "e" || $0 == "E" }
        if !hasFraction && !hasExponent { return literal }
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return hasExponent ? String(describing: value) : literal
    }

    private static func describe(_ value: JSONValue?) -> String {
        switch value {
        case nil: "nothing"
        case let .string(text)?: "\"\(text)\""
        case let value?: value.kind
        }
    }
}

// MARK: - RFC 8259 JSON parser

/// A parsed JSON value. A number keeps its literal text, so no precision is lost before a field
/// is written.
private enum JSONValue: Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// For messages: "an object", "a number", ...
    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

private struct JSONSyntaxError: Error {
    /// Byte offset of the problem.
    var offset: Int
    var message: String
    /// 1-based index in the top-level `features` array when the problem lies inside a feature.
    var feature: Int?
}

/// A strict RFC 8259 parser over UTF-8 bytes. It recurses at most `maxDepth` levels, and it
/// records which element of the top-level `features` array it is in, so that syntax errors can name
/// the feature.
private struct JSONParser {
    private let bytes: [UInt8]
    private let maxDepth: Int
    private var index = 0
    private var feature: Int?

    init(bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0, isFeatures: false)
        skipWhitespace()
        guard index == bytes.count else { throw unexpected(expected: "the end of the file after the JSON value") }
        return value
    }

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    }

    private func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset ?? index, message: message, feature: feature)
    }

    private func unexpected(expected: String) -> JSONSyntaxError {
        guard let byte = peek() else { return fail("unexpected end of file; expected \(expected)") }
        switch byte {
        case 0:
            return fail("NUL byte; is this a binary file?")
        case 0x21...0x7E:
            return fail("unexpected '\(Character(Unicode.Scalar(byte)))'; expected \(expected)")
        default:
            return fail("unexpected byte 0x\(String(byte, radix: 16, uppercase: true)); expected \(expected)")
        }
    }

    private mutating func parseValue(depth: Int, isFeatures: Bool) throws(JSONSyntaxError) -> JSONValue {
        switch peek() {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1, isFeatures: isFeatures)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        case .some(UInt8(ascii: "-")), .some(UInt8(ascii: "0")...UInt8(ascii: "9")):
            return .number(try parseNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw fail("NaN and Infinity are not JSON numbers (RFC 8259 §6); numbers must be finite")
        default:
            throw unexpected(expected: "a value")
        }
    }

    private mutating func parseLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
        }
        guard matches else { throw unexpected(expected: "a value") }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth) levels") }
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a member name in double quotes") }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw unexpected(expected: "':' after a member name") }
            index += 1
            skipWhitespace()
            let value = try parseValue(depth: depth, isFeatures: depth == 1 && key == "features")
            // RFC 8259 §4 leaves duplicates undefined; one of two values would be lost silently.
            guard members.updateValue(value, forKey: key) == nil else {
                throw fail("duplicate member name \"\(key)\"", at: keyOffset)
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default:
                throw unexpected(expected: "',' or '}' after an object member")
            }
        }
    }

    private mutating func parseArray(depth: Int, isFeatures: Bool) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth) levels") }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if isFeatures { feature = elements.count + 1 }
            elements.append(try parseValue(depth: depth, isFeatures: false))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                if isFeatures { feature = nil }
                return .array(elements)
            default:
                throw unexpected(expected: "',' or ']' after an array element")
            }
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        var utf8: [UInt8] = []
        while true {
            guard let byte = peek() else { throw fail("unterminated string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw fail("invalid UTF-8 in a string", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &utf8)
            case 0:
                throw fail("NUL byte in a string; is this a binary file?")
            case 0x01..<0x20:
                throw fail("unescaped control character U+\(String(format: "%04X", byte)) in a string")
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    private mutating func parseEscape(into utf8: inout [UInt8]) throws(JSONSyntaxError) {
        guard let byte = peek() else { throw fail("unterminated string") }
        index += 1
        let simple: UInt8? = switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): byte
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
        if let simple {
            utf8.append(simple)
            return
        }
        guard byte == UInt8(ascii: "u") else {
            index -= 1
            throw unexpected(expected: "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)")
        }
        let escapeStart = index - 2
        var code = try parseHex4()
        if (0xD800...0xDBFF).contains(code) {
            guard peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail("unpaired UTF-16 surrogate in a \\u escape", at: escapeStart)
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw fail("unpaired UTF-16 surrogate in a \\u escape", at: escapeStart)
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw fail("unpaired UTF-16 surrogate in a \\u escape", at: escapeStart)
        }
        guard code != 0 else { throw fail("\\u0000 (NUL) is not allowed in text", at: escapeStart) }
        utf8.append(contentsOf: String(Character(scalar)).utf8)
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Self.hexValue(byte) else {
                throw unexpected(expected: "four hex digits after \\u")
            }
            code = code << 4 | digit
            index += 1
        }
        return code
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// A number literal as written: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "I") {
            throw fail("NaN and Infinity are not JSON numbers (RFC 8259 §6); numbers must be finite", at: start)
        }
        guard Self.isDigit(peek()) else { throw unexpected(expected: "a digit") }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            while Self.isDigit(peek()) { index += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard Self.isDigit(peek()) else { throw unexpected(expected: "a digit after the decimal point") }
            while Self.isDigit(peek()) { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard Self.isDigit(peek()) else { throw unexpected(expected: "a digit in the exponent") }
            while Self.isDigit(peek()) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
