/// JSON text for property values (RFC 8259): strings escaped, numbers in their shortest
/// round-tripping form, non-finite numbers as null (JSON has no NaN).
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
        return "\(d)"
    }

    /// A coordinate rounded to `decimals` places, without trailing zeros.
    static func coordinate(_ d: Double, decimals: Int) -> String {
        let scale = pow10(decimals)
        return number((d * scale).rounded() / scale)
    }

    static func pow10(_ n: Int) -> Double {
        var v = 1.0
        for _ in 0..<n { v *= 10 }
        return v
    }

    static func value(_ v: PropertyValue) -> String {
        switch v {
        case let .string(s), let .date(s): string(s)
        case let .int(i): String(i)
        case let .double(d): number(d)
        case let .bool(b): b ? "true" : "false"
        case let .array(items): "[" + items.map(value).joined(separator: ",") + "]"
        case let .object(pairs): "{" + pairs.map { string($0.0) + ":" + value($0.1) }.joined(separator: ",") + "}"
        case .null: "null"
        }
    }
}
