/// Splits a raw URL query (`a=1&b=x%2Cy`) into decoded (name, value) pairs, in order, for
/// ``ItemsQuery/parse(_:queryables:)``: `%XX` escapes are decoded (invalid ones refused, as is
/// text that is not UTF-8 once decoded) and `+` is a space, as in HTML forms. Empty pieces
/// (`a=1&&b=2`) are skipped; a name without `=` has an empty value.
public enum QueryString {
    public static let maximumLength = 4096

    public static func parameters(_ query: String?) throws(ServerError) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        guard query.utf8.count <= maximumLength else {
            throw .invalidParameter(name: "query", reason: "longer than \(maximumLength) bytes")
        }
        var pairs: [(String, String)] = []
        for piece in query.split(separator: "&", omittingEmptySubsequences: true) {
            let (rawName, rawValue): (Substring, Substring)
            if let eq = piece.firstIndex(of: "=") {
                (rawName, rawValue) = (piece[..<eq], piece[piece.index(after: eq)...])
            } else {
                (rawName, rawValue) = (piece, "")
            }
            let name = try decode(rawName, what: "a parameter name")
            pairs.append((name, try decode(rawValue, what: name.isEmpty ? "a value" : name)))
        }
        return pairs
    }

    static func decode(_ s: Substring, what: String) throws(ServerError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            switch b {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                guard it.count >= 2, let hi = hex(it[it.startIndex]), let lo = hex(it[it.startIndex + 1]) else {
                    throw .invalidParameter(name: what, reason: "malformed percent-encoding")
                }
                bytes.append(hi << 4 | lo)
                it = it.dropFirst(2)
            default: bytes.append(b)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidParameter(name: what, reason: "not UTF-8 once decoded")
        }
        return text
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: c - 48
        case 65...70: c - 55
        case 97...102: c - 87
        default: nil
        }
    }
}
