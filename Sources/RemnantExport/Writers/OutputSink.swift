import Foundation

/// A buffered byte sink over a file handle (standard output or an ``AtomicFile`` temporary):
/// writers stream into it, so memory stays constant whatever the number of features. Writers
/// append text, JSON and XML pieces straight into its byte buffer (no intermediate strings),
/// then call ``flushIfFull()`` once per feature.
public final class OutputSink {
    private let handle: FileHandle
    // Appended to dozens of times per feature: dynamic exclusivity checks on this class property
    // cost about 10% of an export. Only the sink itself and the writers on its thread touch it.
    @exclusivity(unchecked) var buffer: [UInt8] = []
    private let capacity = 1 << 16

    /// Receives the buffered bytes instead of `handle` (an HTTP response body), when set.
    private let consumer: (([UInt8]) throws -> Void)?

    public init(handle: FileHandle) {
        self.handle = handle
        self.consumer = nil
        buffer.reserveCapacity(capacity + 8192)
    }

    /// A sink handing its buffered bytes to `consumer` (about 64 KiB at a time, and the rest on
    /// ``flush()``), e.g. to build a response body in memory.
    public init(consumer: @escaping ([UInt8]) throws -> Void) {
        self.handle = FileHandle.nullDevice
        self.consumer = consumer
        buffer.reserveCapacity(capacity + 8192)
    }

    private init(memory: ()) {
        handle = FileHandle.nullDevice
        consumer = nil
    }

    public func write(_ text: String) throws {
        append(text)
        try flushIfFull()
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        if let consumer { try consumer(buffer) } else { try handle.write(contentsOf: buffer) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the buffer out once it holds 64 KiB.
    @inline(__always) func flushIfFull() throws {
        if buffer.count >= capacity { try flush() }
    }

    @inline(__always) func append(_ text: String) {
        var t = text
        t.withUTF8 { buffer.append(contentsOf: $0) }
    }

    @inline(__always) func append(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    @inline(__always) func append(byte: UInt8) {
        buffer.append(byte)
    }

    /// Decimal digits of an integer.
    func append(int value: Int) {
        if value < 0 { buffer.append(45) }
        var v = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            } while v > 0
            for i in stride(from: n - 1, through: 0, by: -1) { buffer.append(d[i]) }
        }
    }

    /// A JSON number (RFC 8259 §6): integers without a fraction, others in Swift's shortest
    /// round-tripping form; non-finite values as `null`.
    func append(number d: Double) {
        guard d.isFinite else { append("null" as StaticString); return }
        if d == d.rounded(), abs(d) < 1e15 { append(int: Int(d)); return }
        append(d.description)
    }

    /// `d` rounded to `decimals` places, without trailing zeros: the digits of the nearest
    /// multiple of 10^-decimals, written from its integer (exact, and no float formatting).
    func append(coordinate d: Double, decimals: Int) {
        let scale = JSONText.pow10(decimals)
        let scaled = (d * scale).rounded()
        guard d.isFinite, abs(scaled) < 9e15, decimals <= 15 else { append(number: d); return }
        let n = Int(scaled)
        let unit = Int(scale)
        if n < 0 { buffer.append(45) }
        let m = n.magnitude
        append(int: Int(m / UInt(unit)))
        var frac = Int(m % UInt(unit))
        guard frac > 0 else { return }
        var width = decimals
        while frac % 10 == 0 { frac /= 10; width -= 1 }
        buffer.append(46)
        var digits = width
        var probe = frac
        while probe > 0 { probe /= 10; digits -= 1 }
        for _ in 0..<digits { buffer.append(48) }
        append(int: frac)
    }

    /// A JSON string (RFC 8259 §7): `"` and `\` escaped, control characters as `\n`, `\t`, …
    /// or `\u00XX`, and U+2028/U+2029 escaped for JavaScript. Unescaped runs are copied whole.
    func append(jsonString s: String) {
        buffer.append(34)
        var t = s
        t.withUTF8 { bytes in
            // Most text needs no escape: one tight scan, then a bulk copy.
            var plain = true
            for b in bytes where b < 0x20 || b == 34 || b == 92 || b == 0xE2 {
                plain = false
                break
            }
            if plain {
                buffer.append(contentsOf: bytes)
                return
            }
            var start = 0
            var i = 0
            let count = bytes.count
            while i < count {
                let b = bytes[i]
                var escape: StaticString?
                var width = 1
                switch b {
                case 34: escape = "\\\""
                case 92: escape = "\\\\"
                case 10: escape = "\\n"
                case 13: escape = "\\r"
                case 9: escape = "\\t"
                case 8: escape = "\\b"
                case 12: escape = "\\f"
                case 0..<32: escape = ""
                case 0xE2 where i + 2 < count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default: break
                }
                if let e = escape {
                    buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    if e.utf8CodeUnitCount == 0 {
                        let hex: [UInt8] = Array("0123456789abcdef".utf8)
                        buffer.append(contentsOf: [92, 117, 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
                    } else {
                        append(e)
                    }
                    i += width
                    start = i
                } else {
                    i += 1
                }
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count]))
        }
        buffer.append(34)
    }

    /// XML 1.0 character data or attribute text (W3C XML 1.0 §2.4): `&`, `<`, `>` (and `"` in
    /// attributes) as entities; control characters XML 1.0 forbids as spaces.
    func append(xml s: String, attribute: Bool = false) {
        var t = s
        t.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                let entity: StaticString
                switch b {
                case 38: entity = "&amp;"
                case 60: entity = "&lt;"
                case 62: entity = "&gt;"
                case 34 where attribute: entity = "&quot;"
                case 9, 10, 13: continue
                case 0..<32: entity = " "
                default: continue
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                append(entity)
                start = i + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
    }

    /// A property value as JSON.
    func append(json v: PropertyValue) {
        switch v {
        case let .string(s), let .date(s): append(jsonString: s)
        case let .int(i): append(int: i)
        case let .double(d): append(number: d)
        case let .bool(b): append(b ? "true" as StaticString : "false")
        case let .array(items):
            buffer.append(91)
            for (k, item) in items.enumerated() {
                if k > 0 { buffer.append(44) }
                append(json: item)
            }
            buffer.append(93)
        case let .object(pairs):
            buffer.append(123)
            for (k, pair) in pairs.enumerated() {
                if k > 0 { buffer.append(44) }
                append(jsonString: pair.0)
                buffer.append(58)
                append(json: pair.1)
            }
            buffer.append(125)
        case .null: append("null" as StaticString)
        }
    }

    /// A memory sink for small pieces (JSONText's string forms and tests).
    static func render(_ body: (OutputSink) -> Void) -> String {
        let sink = OutputSink(memory: ())
        body(sink)
        return String(decoding: sink.buffer, as: UTF8.self)
    }
}

/// Writes features in one format. `begin`, then `write` per feature, then `finish`.
public protocol FeatureWriter {
    func begin() throws
    func write(_ feature: Feature) throws
    func finish() throws
}
