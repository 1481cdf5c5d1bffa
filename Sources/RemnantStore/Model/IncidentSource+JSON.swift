/// The `incidents.sources_json` column: an incident's sources as one JSON array, so that reads
/// (queries, exports, the server's pages) get them with the row instead of one index look-up per
/// incident in `incident_sources`. `incident_sources` stays the relational table QGIS edits; its
/// triggers rebuild the column with SQLite's own JSON functions (see ``GeoPackageSchema``).
extension IncidentSource {
    /// The sources as SQLite writes them with
    /// `json_group_array(json_object('organisation', …, 'title', …, 'date', …, 'url', …))`, byte
    /// for byte: keys in that order, no white space, `null` for a missing value, `"` and `\`
    /// escaped, control characters as `\b \t \n \f \r` or `\u00xx`, everything else verbatim UTF-8.
    static func jsonArray(_ sources: [IncidentSource]) -> String {
        var out: [UInt8] = []
        appendJSONArray(sources, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// ``jsonArray(_:)``'s bytes, appended to `out` (a bulk write reuses one buffer per row).
    static func appendJSONArray(_ sources: [IncidentSource], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (n, s) in sources.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            appendMember("{\"organisation\":", s.organisation, to: &out)
            appendMember(",\"title\":", s.title, to: &out)
            appendMember(",\"date\":", s.date, to: &out)
            appendMember(",\"url\":", s.url, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func appendMember(_ key: StaticString, _ value: String?, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        guard let value else {
            out.append(contentsOf: "null".utf8)
            return
        }
        out.append(UInt8(ascii: "\""))
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Parses a `sources_json` value: a JSON array of objects whose members `organisation`,
    /// `title`, `date` and `url` are strings or `null` (other members are ignored, as an edit in
    /// another tool may add them). Throws ``StoreError/invalidValue(field:value:reason:)`` naming
    /// `incident` and the byte offset of the first malformed character.
    static func sources(jsonArray bytes: UnsafeBufferPointer<UInt8>, incident: String) throws(StoreError) -> [IncidentSource] {
        var parser = SourcesJSONParser(bytes: bytes)
        guard let sources = parser.parseArray() else {
            throw .invalidValue(field: "sources_json", value: incident, reason: "malformed JSON at byte \(parser.position): \(parser.problem)")
        }
        return sources
    }
}

/// A strict reader for the one shape `sources_json` holds (RFC 8259 syntax, strings and `null`
/// as member values); about twenty times faster than a general JSON decoder on this shape.
private struct SourcesJSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var problem = ""

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func fail(_ message: String) -> Bool {
        if problem.isEmpty { problem = message }
        return false
    }

    mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func expect(_ c: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == c else { return fail("expected '\(Character(Unicode.Scalar(c)))'") }
        position += 1
        return true
    }

    mutating func peek(_ c: UInt8) -> Bool {
        skipSpace()
        return position < bytes.count && bytes[position] == c
    }

    mutating func parseArray() -> [IncidentSource]? {
        var sources: [IncidentSource] = []
        guard expect(UInt8(ascii: "[")) else { return nil }
        if peek(UInt8(ascii: "]")) {
            position += 1
        } else {
            repeat {
                guard let s = parseObject() else { return nil }
                sources.append(s)
            } while peekComma()
            guard expect(UInt8(ascii: "]")) else { return nil }
        }
        skipSpace()
        guard position == bytes.count else { _ = fail("text after the array"); return nil }
        return sources
    }

    mutating func peekComma() -> Bool {
        guard peek(UInt8(ascii: ",")) else { return false }
        position += 1
        return true
    }

    mutating func parseObject() -> IncidentSource? {
        guard expect(UInt8(ascii: "{")) else { return nil }
        var organisation: String?
        var source = IncidentSource(organisation: "")
        if peek(UInt8(ascii: "}")) {
            position += 1
        } else {
            repeat {
                skipSpace()
                guard let key = parseString() else { _ = fail("expected a member name"); return nil }
                guard expect(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                let value: String?
                if position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "n"), bytes[position + 1] == UInt8(ascii: "u"),
                   bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l") {
                    position += 4
                    value = nil
                } else if let s = parseString() {
                    value = s
                } else {
                    _ = fail("member \"\(key)\" must be a string or null")
                    return nil
                }
                switch key {
                case "organisation": organisation = value
                case "title": source.title = value
                case "date": source.date = value
                case "url": source.url = value
                default: break
                }
            } while peekComma()
            guard expect(UInt8(ascii: "}")) else { return nil }
        }
        guard let organisation else { _ = fail("a source without an organisation"); return nil }
        source.organisation = organisation
        return source
    }

    /// A JSON string at `position` (which must be its opening quote), unescaped.
    mutating func parseString() -> String? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
        position += 1
        let start = position
        // Fast path: no escapes, so the string is the bytes between the quotes.
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { _ = fail("a raw control character in a string"); return nil }
            position += 1
        }
        var out = Array(bytes[start..<position])
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            switch b {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { _ = fail("an unfinished escape"); return nil }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { _ = fail("a bad \\u escape"); return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard position + 6 <= bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                            _ = fail("an unpaired surrogate"); return nil
                        }
                        position += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { _ = fail("an unpaired surrogate"); return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { _ = fail("an unpaired surrogate"); return nil }
                    out.append(contentsOf: String(Character(u)).utf8)
                default:
                    _ = fail("an unknown escape")
                    return nil
                }
            case 0..<0x20:
                _ = fail("a raw control character in a string")
                return nil
            default:
                out.append(b)
            }
        }
        _ = fail("an unterminated string")
        return nil
    }

    mutating func hex4() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            position += 1
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = v << 4 | UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = v << 4 | UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = v << 4 | UInt32(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        return v
    }
}
