/// XML 1.0 text and attribute escaping (W3C XML 1.0 §2.4, §2.2): `&`, `<`, `>` and, in
/// attributes, `"` become entities; control characters XML 1.0 forbids (below U+0020 except tab,
/// LF and CR) become spaces. Text without any of these is returned unchanged.
enum XMLText {
    static func escape(_ s: String, attribute: Bool = false) -> String {
        var needs = false
        for b in s.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) {
            needs = true
            break
        }
        guard needs else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += attribute ? "&quot;" : "\""
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Whether `s` is an XML NCName (ASCII subset: a letter or `_`, then letters, digits, `-`, `_`,
    /// `.`), as a KML `id` attribute (xsd:ID) must be.
    static func isNCName(_ s: String) -> Bool {
        guard let first = s.utf8.first else { return false }
        func letter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 }
        guard letter(first) else { return false }
        return s.utf8.allSatisfy { letter($0) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 }
    }
}
