import Foundation

extension GeoJSONIncidentReader {
    /// A parsed JSON value. A number keeps its literal text, so no precision is lost before a field
    /// is written.
    enum JSONValue: Equatable {
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

    /// A strict RFC 8259 parser over UTF-8 bytes read in chunks, which walks a GeoJSON document
    /// one feature at a time (``nextFeature()``).
    ///
    /// Only the unit being parsed is buffered: one element of the top-level `features` array, or one
    /// other top-level member. Bytes before it are dropped when the next chunk is read, so memory is
    /// bounded by `maxUnitBytes` plus a chunk whatever the file size; a unit longer than
    /// `maxUnitBytes` is refused. The other top-level members (`type`, a lone Feature's `geometry`,
    /// …) are kept in ``members`` and together are held to `maxUnitBytes` too.
    ///
    /// It recurses at most `maxDepth` levels and records which element of the top-level `features`
    /// array it is in, so that errors name the feature. Errors are ``StoreError``s giving the line
    /// and column (characters, counting UTF-8 lead bytes) of the problem.
    struct JSONParser {
        private let reader: InputFile.Reader
        private let file: String
        private let maxDepth: Int
        private let maxUnitBytes: Int
        /// Buffered input; `bytes[0]` is byte `base` of the text after any byte-order mark.
        private var bytes: [UInt8] = []
        private var base = 0
        /// Line and column of `bytes[0]`.
        private var basePosition = TextPosition()
        private var index = 0
        /// Start in `bytes` of the unit being parsed; the bytes before it are dropped on the next read.
        private var pin = 0
        private var atEnd = false
        /// 1-based index in the top-level `features` array while inside an element of it.
        private var feature: Int?

        private enum Walk {
            case start, member, afterMember, feature, afterFeature, done
        }

        private var walk = Walk.start
        private var topLevelIsObject = false
        private var memberNames: Set<String> = []
        /// Bytes of the top-level members in ``members``, from name to the end of the value.
        private var memberBytes = 0
        /// Members of the top-level object other than a streamed `features` array.
        private(set) var members: [String: JSONValue] = [:]
        /// The top-level value when it is not an object.
        private(set) var root: JSONValue?
        /// Whether a top-level `features` array was walked element by element.
        private(set) var streamedFeatures = false
        /// Elements of the top-level `features` array returned so far.
        private(set) var featureCount = 0

        init(reader: InputFile.Reader, maxDepth: Int, maxUnitBytes: Int) {
            self.reader = reader
            file = reader.name
            self.maxDepth = maxDepth
            self.maxUnitBytes = maxUnitBytes
        }

        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        /// Skips a UTF-8 byte-order mark; refuses UTF-16 and input that is empty or only whitespace.
        mutating func begin() throws(StoreError) {
            try ensure(3)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                bytes.removeFirst(3)
            } else if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
                throw .unsupportedFormat(file: file, reason: "UTF-16 text; GeoJSON must be UTF-8 (RFC 8259 §8.1)")
            }
            try skipWhitespaceBetweenUnits()
            guard try peek() != nil else { throw .unsupportedFormat(file: file, reason: "empty file") }
        }

        // MARK: - The top-level walk

        /// The next element of the top-level `features` array, parsing the top-level members before
        /// and after it into ``members``; nil at the end of the document, which must then hold
        /// nothing but whitespace.
        ///
        /// A `features` member whose value is an array is walked element by element unless `type`
        /// came first and is `"Feature"` (a Feature's foreign member, kept whole like any other).
        mutating func nextFeature() throws(StoreError) -> JSONValue? {
            while true {
                switch walk {
                case .start:
                    try skipWhitespaceBetweenUnits()
                    guard try peek() == UInt8(ascii: "{") else {
                        root = try parseValue(depth: 0, isFeatures: false)
                        try finishDocument()
                        return nil
                    }
                    guard maxDepth >= 1 else { throw fail("nesting deeper than \(maxDepth) levels") }
                    topLevelIsObject = true
                    index += 1
                    try skipWhitespaceBetweenUnits()
                    if try peek() == UInt8(ascii: "}") {
                        index += 1
                        try finishDocument()
                        return nil
                    }
                    walk = .member
                case .member:
                    try parseTopLevelMember()
                case .afterMember:
                    try skipWhitespaceBetweenUnits()
                    switch try peek() {
                    case UInt8(ascii: ","):
                        index += 1
                        try skipWhitespaceBetweenUnits()
                        walk = .member
                    case UInt8(ascii: "}"):
                        index += 1
                        try finishDocument()
                        return nil
                    default:
                        throw unexpected(expected: "',' or '}' after an object member")
                    }
                case .feature:
                    feature = featureCount + 1
                    let value = try parseValue(depth: 2, isFeatures: false)
                    featureCount += 1
                    pin = index
                    walk = .afterFeature
                    return value
                case .afterFeature:
                    try skipWhitespaceBetweenUnits()
                    switch try peek() {
                    case UInt8(ascii: ","):
                        index += 1
                        try skipWhitespaceBetweenUnits()
                        walk = .feature
                    case UInt8(ascii: "]"):
                        index += 1
                        feature = nil
                        walk = .afterMember
                    default:
                        throw unexpected(expected: "',' or ']' after an array element")
                    }
                case .done:
                    return nil
                }
            }
        }

        /// One member of the top-level object: either the start of a `features` array to walk, or
        /// a member parsed whole into ``members``.
        private mutating func parseTopLevelMember() throws(StoreError) {
            guard try peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a member name in double quotes") }
            let keyOffset = offset
            let key = try parseString()
            try skipWhitespace()
            guard try peek() == UInt8(ascii: ":") else { throw unexpected(expected: "':' after a member name") }
            index += 1
            try skipWhitespace()
            // RFC 8259 §4 leaves duplicates undefined; one of two values would be lost silently.
            let duplicate = "duplicate member name \"\(key)\""
            if key == "features", members["type"] != .string("Feature"), try peek() == UInt8(ascii: "[") {
                guard memberNames.insert(key).inserted else { throw fail(duplicate, at: keyOffset) }
                guard maxDepth >= 2 else { throw fail("nesting deeper than \(maxDepth) levels") }
                index += 1
                streamedFeatures = true
                try skipWhitespaceBetweenUnits()
                if try peek() == UInt8(ascii: "]") {
                    index += 1
                    walk = .afterMember
                } else {
                    walk = .feature
                }
                return
            }
            let value = try parseValue(depth: 1, isFeatures: key == "features")
            guard memberNames.insert(key).inserted else { throw fail(duplicate, at: keyOffset) }
            members[key] = value
            memberBytes += offset - keyOffset
            guard memberBytes <= maxUnitBytes else { throw tooLong() }
            pin = index
            walk = .afterMember
        }

        private mutating func finishDocument() throws(StoreError) {
            try skipWhitespaceBetweenUnits()
            guard try peek() == nil else { throw unexpected(expected: "the end of the file after the JSON value") }
            walk = .done
        }

        // MARK: - The buffer

        /// Offset of `index` in the text after any byte-order mark.
        private var offset: Int { base + index }

        @inline(__always)
        private mutating func peek() throws(StoreError) -> UInt8? {
            if index < bytes.count { return bytes[index] }
            return try refill() ? bytes[index] : nil
        }

        /// Buffers `count` bytes from `index` if the input has them; false when it ends first.
        @discardableResult
        private mutating func ensure(_ count: Int) throws(StoreError) -> Bool {
            while bytes.count - index < count {
                guard try refill() else { return false }
            }
            return true
        }

        /// Drops the bytes before `pin`, then reads the next chunk; false at the end of the input.
        /// Refuses a unit that would need more than `maxUnitBytes` buffered.
        private mutating func refill() throws(StoreError) -> Bool {
            if atEnd { return false }
            if pin > 0 {
                basePosition.advance(over: bytes[..<pin])
                bytes.removeFirst(pin)
                base += pin
                index -= pin
                pin = 0
            }
            let room = maxUnitBytes - bytes.count
            guard room > 0 else { throw tooLong() }
            let count = try reader.append(to: &bytes, limit: room)
            if count == 0 { atEnd = true }
            return count > 0
        }

        private mutating func skipWhitespace() throws(StoreError) {
            while let byte = try peek(), Self.isWhitespace(byte) { index += 1 }
        }

        /// Skips whitespace outside any unit, moving the pin along so that none of it is kept.
        private mutating func skipWhitespaceBetweenUnits() throws(StoreError) {
            pin = index
            while let byte = try peek(), Self.isWhitespace(byte) {
                index += 1
                pin = index
            }
        }

        // MARK: - Errors

        private func fail(_ message: String, at errorOffset: Int? = nil) -> StoreError {
            let position = basePosition.advanced(over: bytes, to: (errorOffset ?? offset) - base)
            let detail = "JSON error at line \(position.line), column \(position.column): \(message)"
            if let feature {
                return .input(file: file, location: "feature \(feature)", field: nil, message: detail)
            }
            return .unsupportedFormat(file: file, reason: detail)
        }

        private func tooLong() -> StoreError {
            if let feature {
                return .input(file: file, location: "feature \(feature)", field: nil, message: "the feature is longer than \(maxUnitBytes) bytes")
            }
            if topLevelIsObject {
                return .unsupportedFormat(file: file, reason: "the top-level members other than \"features\" are longer than \(maxUnitBytes) bytes")
            }
            return .unsupportedFormat(file: file, reason: "the top-level value is longer than \(maxUnitBytes) bytes")
        }

        /// The byte at `index`, if buffered; callers have just peeked, so nil means the end of the input.
        private var current: UInt8? {
            index < bytes.count ? bytes[index] : nil
        }

        private func unexpected(expected: String) -> StoreError {
            guard let byte = current else { return fail("unexpected end of file; expected \(expected)") }
            switch byte {
            case 0:
                return fail("NUL byte; is this a binary file?")
            case 0x21...0x7E:
                return fail("unexpected '\(Character(Unicode.Scalar(byte)))'; expected \(expected)")
            default:
                return fail("unexpected byte 0x\(String(byte, radix: 16, uppercase: true)); expected \(expected)")
            }
        }

        // MARK: - Values

        private mutating func parseValue(depth: Int, isFeatures: Bool) throws(StoreError) -> JSONValue {
            switch try peek() {
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

        private mutating func parseLiteral(_ word: StaticString) throws(StoreError) {
            let count = word.utf8CodeUnitCount
            try ensure(count)
            let matches = word.withUTF8Buffer { expected in
                index + count <= bytes.count && bytes[index..<index + count].elementsEqual(expected)
            }
            guard matches else { throw unexpected(expected: "a value") }
            index += count
        }

        private mutating func parseObject(depth: Int) throws(StoreError) -> JSONValue {
            guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth) levels") }
            index += 1
            var object: [String: JSONValue] = [:]
            try skipWhitespace()
            if try peek() == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            while true {
                try skipWhitespace()
                guard try peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a member name in double quotes") }
                let keyOffset = offset
                let key = try parseString()
                try skipWhitespace()
                guard try peek() == UInt8(ascii: ":") else { throw unexpected(expected: "':' after a member name") }
                index += 1
                try skipWhitespace()
                let value = try parseValue(depth: depth, isFeatures: false)
                // RFC 8259 §4 leaves duplicates undefined; one of two values would be lost silently.
                guard object.updateValue(value, forKey: key) == nil else {
                    throw fail("duplicate member name \"\(key)\"", at: keyOffset)
                }
                try skipWhitespace()
                switch try peek() {
                case UInt8(ascii: ","):
                    index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return .object(object)
                default:
                    throw unexpected(expected: "',' or '}' after an object member")
                }
            }
        }

        /// An array; `isFeatures` marks a top-level `features` array parsed whole (a Feature's foreign
        /// member), whose elements are still named in errors.
        private mutating func parseArray(depth: Int, isFeatures: Bool) throws(StoreError) -> JSONValue {
            guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth) levels") }
            index += 1
            var elements: [JSONValue] = []
            try skipWhitespace()
            if try peek() == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                try skipWhitespace()
                if isFeatures { feature = elements.count + 1 }
                elements.append(try parseValue(depth: depth, isFeatures: false))
                try skipWhitespace()
                switch try peek() {
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

        private mutating func parseString() throws(StoreError) -> String {
            let start = offset
            index += 1
            var utf8: [UInt8] = []
            while true {
                guard let byte = try peek() else { throw fail("unterminated string", at: start) }
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

        private mutating func parseEscape(into utf8: inout [UInt8]) throws(StoreError) {
            guard let byte = try peek() else { throw fail("unterminated string") }
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
            let escapeStart = offset - 2
            var code = try parseHex4()
            if (0xD800...0xDBFF).contains(code) {
                guard try peek() == UInt8(ascii: "\\"), try ensure(2), bytes[index + 1] == UInt8(ascii: "u") else {
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

        private mutating func parseHex4() throws(StoreError) -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = try peek(), let digit = Self.hexValue(byte) else {
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

        private mutating func peekDigit() throws(StoreError) -> Bool {
            guard let byte = try peek() else { return false }
            return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
        }

        /// A number literal as written: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        private mutating func parseNumber() throws(StoreError) -> String {
            let start = offset
            if try peek() == UInt8(ascii: "-") { index += 1 }
            if try peek() == UInt8(ascii: "I") {
                throw fail("NaN and Infinity are not JSON numbers (RFC 8259 §6); numbers must be finite", at: start)
            }
            guard try peekDigit() else { throw unexpected(expected: "a digit") }
            if try peek() == UInt8(ascii: "0") {
                index += 1
            } else {
                while try peekDigit() { index += 1 }
            }
            if try peek() == UInt8(ascii: ".") {
                index += 1
                guard try peekDigit() else { throw unexpected(expected: "a digit after the decimal point") }
                while try peekDigit() { index += 1 }
            }
            let exponent = try peek()
            if exponent == UInt8(ascii: "e") || exponent == UInt8(ascii: "E") {
                index += 1
                let sign = try peek()
                if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
                guard try peekDigit() else { throw unexpected(expected: "a digit in the exponent") }
                while try peekDigit() { index += 1 }
            }
            // The pin lies at or before `start`, so the literal is still buffered.
            return String(decoding: bytes[(start - base)..<index], as: UTF8.self)
        }
    }
}
