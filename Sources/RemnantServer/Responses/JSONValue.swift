/// A JSON value with ordered object members, for the server's metadata documents (landing
/// page, collections, OpenAPI), rendered deterministically so their ETags are stable.
indirect enum JSONValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }

    static func obj(_ members: (String, JSONValue)...) -> JSONValue { .object(members) }

    var text: String {
        var s = ""
        write(into: &s, indent: 0)
        return s
    }

    private func write(into s: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case let .object(members):
            if members.isEmpty { s += "{}"; return }
            s += "{\n"
            for (i, (k, v)) in members.enumerated() {
                s += pad + Self.quote(k) + ": "
                v.write(into: &s, indent: indent + 1)
                s += i + 1 < members.count ? ",\n" : "\n"
            }
            s += end + "}"
        case let .array(items):
            if items.isEmpty { s += "[]"; return }
            if items.allSatisfy({ if case .object = $0 { return false }; if case .array = $0 { return false }; return true }) {
                s += "[" + items.map(\.text).joined(separator: ", ") + "]"
                return
            }
            s += "[\n"
            for (i, v) in items.enumerated() {
                s += pad
                v.write(into: &s, indent: indent + 1)
                s += i + 1 < items.count ? ",\n" : "\n"
            }
            s += end + "]"
        case let .string(v): s += Self.quote(v)
        case let .int(v): s += String(v)
        case let .double(v): s += v.isFinite ? (v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)) : "null"
        case let .bool(v): s += v ? "true" : "false"
        case .null: s += "null"
        }
    }

    static func quote(_ v: String) -> String {
        var out = "\""
        for u in v.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// A link object (OGC API – Common: href, rel, type, title).
func link(_ href: String, _ rel: String, _ type: String, _ title: String? = nil) -> JSONValue {
    var m: [(String, JSONValue)] = [("href", .string(href)), ("rel", .string(rel)), ("type", .string(type))]
    if let title { m.append(("title", .string(title))) }
    return .object(m)
}
