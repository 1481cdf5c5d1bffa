import Foundation

/// A buffered byte sink over a file handle (standard output or an ``AtomicFile`` temporary):
/// writers stream into it, so memory stays constant whatever the number of features. Writers
/// append text, JSON and XML pieces straight into its byte buffer (no intermediate strings),
/// then call ``flushIfFull()`` once per feature.
public final class OutputSink {
    private let handle: FileHandle
    // Appended to dozens of times per feature, so the buffer is a raw allocation written with
    // memmove: Array's append(contentsOf:) (uniqueness and capacity checks, generic copying) was
    // 12% of a KML export. Exclusivity checks are off for the same reason (they were 10%): only
    // the sink itself and the writers on its thread touch these.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var allocated: Int
    /// Bytes buffered and not yet written.
    @exclusivity(unchecked) private(set) var count = 0
    private let capacity = 1 << 16

    /// Receives the buffered bytes instead of `handle` (an HTTP response body), when set.
    private let consumer: (([UInt8]) throws -> Void)?

    public init(handle: FileHandle) {
        self.handle = handle
        self.consumer = nil
        allocated = capacity + 8192
        base = .allocate(capacity: allocated)
        // Standard output, even redirected to a file, shares its open file with the shell and
        // with print(): written in place. A descriptor of our own (an AtomicFile temporary) gets
        // the background writer.
        let descriptor = handle.fileDescriptor
        fileWriter = descriptor > 2 ? BackgroundFileWriter(descriptor: descriptor) : nil
        writeback = fileWriter == nil ? FileWriteback(descriptor: descriptor) : nil
    }

    /// Writes a regular file on a thread of its own (with `O_DIRECT` where the file system
    /// takes it), so producing the bytes never waits in `write(2)`; nil for a pipe, a terminal
    /// or standard output.
    private let fileWriter: BackgroundFileWriter?
    /// Early write-back of standard output redirected to a regular file (see ``FileWriteback``).
    private var writeback: FileWriteback?
    /// The file writer, for tests.
    var backgroundWriter: BackgroundFileWriter? { fileWriter }

    /// A sink handing its buffered bytes to `consumer` (about 64 KiB at a time, and the rest on
    /// ``flush()``), e.g. to build a response body in memory.
    public init(consumer: @escaping ([UInt8]) throws -> Void) {
        self.handle = FileHandle.nullDevice
        self.consumer = consumer
        fileWriter = nil
        allocated = capacity + 8192
        base = .allocate(capacity: allocated)
    }

    private init(memory capacity: Int) {
        handle = FileHandle.nullDevice
        consumer = nil
        fileWriter = nil
        allocated = max(64, capacity)
        base = .allocate(capacity: allocated)
    }

    /// A memory sink appending into `block`'s allocation (emptied first), which it owns until
    /// ``releaseBlock()`` hands it back, grown if it had to.
    init(filling block: ByteBlock) {
        handle = FileHandle.nullDevice
        consumer = nil
        fileWriter = nil
        (base, allocated) = block.take()
    }

    /// The memory sink's bytes, as a block; the sink must not be used afterwards.
    func releaseBlock() -> ByteBlock {
        owned = false
        return ByteBlock(base: base, allocated: allocated, count: count)
    }

    /// False once ``releaseBlock()`` handed the allocation on.
    private var owned = true

    deinit { if owned { base.deallocate() } }

    /// The buffered bytes (valid until the next append or flush).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Drops the buffered bytes after the first `n` (bytes appended but not yet flushed).
    func truncate(to n: Int) {
        precondition(n >= 0 && n <= count, "truncate(to:) past the buffered bytes")
        count = n
    }

    public func write(_ text: String) throws {
        append(text)
        try flushIfFull()
    }

    /// Writes `bytes` (a batch encoded elsewhere): appended when they fit the buffer, else
    /// written straight through after the buffer.
    func write(bytes: UnsafeBufferPointer<UInt8>) throws {
        if count + bytes.count <= capacity {
            append(bytes)
            return
        }
        try emptyBuffer()
        try deliver(bytes)
    }

    /// Writes out everything buffered: to the consumer or the handle, and for a regular file
    /// waits until the file writer has handed every byte to the kernel.
    public func flush() throws {
        try emptyBuffer()
        try fileWriter?.finish()
    }

    /// Delivers the buffered bytes.
    private func emptyBuffer() throws {
        guard count > 0 else { return }
        try deliver(bytes)
        count = 0
    }

    /// Hands `bytes` to the consumer, the file writer (a regular file) or the handle.
    private func deliver(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if let consumer {
            try consumer(Array(bytes))
        } else if let fileWriter {
            try fileWriter.write(UnsafeRawBufferPointer(bytes))
        } else {
            try handle.write(contentsOf: UnsafeRawBufferPointer(bytes))
            writeback?.wrote(bytes.count)
        }
    }

    /// Writes the buffer out once it holds 64 KiB.
    @inline(__always) func flushIfFull() throws {
        if count >= capacity { try emptyBuffer() }
    }

    /// Room for `n` more bytes.
    @inline(__always) private func reserve(_ n: Int) {
        if count &+ n > allocated { grow(to: count + n) }
    }

    @inline(never) private func grow(to needed: Int) {
        let size = Swift.max(needed, allocated * 2)
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        p.update(from: base, count: count)
        base.deallocate()
        base = p
        allocated = size
    }

    @inline(__always) func append(_ b: UnsafeBufferPointer<UInt8>) {
        guard let start = b.baseAddress else { return }
        reserve(b.count)
        (base + count).update(from: start, count: b.count)
        count &+= b.count
    }

    @inline(__always) func append(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    @inline(__always) func append(_ text: String) {
        var t = text
        t.withUTF8 { append($0) }
    }

    @inline(__always) func append(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    @inline(__always) func append(byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    /// Decimal digits of an integer.
    func append(int value: Int) {
        reserve(20)
        if value < 0 {
            base[count] = 45
            count &+= 1
        }
        var v = value.magnitude
        var digits = 1
        var probe = v
        while probe >= 10 {
            probe /= 10
            digits &+= 1
        }
        var i = count &+ digits
        count = i
        repeat {
            i &-= 1
            base[i] = UInt8(truncatingIfNeeded: 48 &+ v % 10)
            v /= 10
        } while v > 0
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
        if n < 0 { append(byte: 45) }
        let m = n.magnitude
        append(int: Int(m / UInt(unit)))
        var frac = Int(m % UInt(unit))
        guard frac > 0 else { return }
        var width = decimals
        while frac % 10 == 0 { frac /= 10; width -= 1 }
        append(byte: 46)
        var digits = width
        var probe = frac
        while probe > 0 { probe /= 10; digits -= 1 }
        for _ in 0..<digits { append(byte: 48) }
        append(int: frac)
    }

    /// A JSON string (RFC 8259 §7): `"` and `\` escaped, control characters as `\n`, `\t`, …
    /// or `\u00XX`, and U+2028/U+2029 escaped for JavaScript. Unescaped runs are copied whole.
    func append(jsonString s: String) {
        append(byte: 34)
        var t = s
        t.withUTF8 { bytes in
            // Most text needs no escape: one tight scan, then a bulk copy.
            var plain = true
            for b in bytes where b < 0x20 || b == 34 || b == 92 || b == 0xE2 {
                plain = false
                break
            }
            if plain {
                append(bytes)
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
                    append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    if e.utf8CodeUnitCount == 0 {
                        let hex: StaticString = "0123456789abcdef"
                        append("\\u00" as StaticString)
                        append(byte: hex.utf8Start[Int(b >> 4)])
                        append(byte: hex.utf8Start[Int(b & 15)])
                    } else {
                        append(e)
                    }
                    i += width
                    start = i
                } else {
                    i += 1
                }
            }
            append(UnsafeBufferPointer(rebasing: bytes[start..<count]))
        }
        append(byte: 34)
    }

    /// XML 1.0 character data or attribute text (W3C XML 1.0 §2.4): `&`, `<`, `>` (and `"` in
    /// attributes) as entities; control characters XML 1.0 forbids as spaces. Text without any
    /// of these (most of it) is found by one scan against a 64-bit mask and copied whole.
    func append(xml s: String, attribute: Bool = false) {
        // Bit b set: byte b (< 64) needs an entity or a space.
        let controls: UInt64 = 0xFFFF_FFFF & ~(1 << 9 | 1 << 10 | 1 << 13)
        let mask: UInt64 = controls | 1 << 38 | 1 << 60 | 1 << 62 | (attribute ? 1 << 34 : 0)
        var t = s
        t.withUTF8 { bytes in
            var plain = true
            for b in bytes where b < 64 && mask & (1 << UInt64(b)) != 0 {
                plain = false
                break
            }
            if plain {
                append(bytes)
                return
            }
            var start = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 64, mask & (1 << UInt64(b)) != 0 else { continue }
                let entity: StaticString
                switch b {
                case 38: entity = "&amp;"
                case 60: entity = "&lt;"
                case 62: entity = "&gt;"
                case 34: entity = "&quot;"
                default: entity = " "
                }
                append(UnsafeBufferPointer(rebasing: bytes[start..<i]))
                append(entity)
                start = i + 1
            }
            append(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
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
            append(byte: 91)
            for (k, item) in items.enumerated() {
                if k > 0 { append(byte: 44) }
                append(json: item)
            }
            append(byte: 93)
        case let .object(pairs):
            append(byte: 123)
            for (k, pair) in pairs.enumerated() {
                if k > 0 { append(byte: 44) }
                append(jsonString: pair.0)
                append(byte: 58)
                append(json: pair.1)
            }
            append(byte: 125)
        case .null: append("null" as StaticString)
        }
    }

    /// The bytes `body` appends to a memory sink over `block` (reused, so a long export does
    /// not allocate and fault in fresh pages for every batch).
    static func bytes(into block: ByteBlock, _ body: (OutputSink) -> Void) -> ByteBlock {
        let sink = OutputSink(filling: block)
        body(sink)
        return sink.releaseBlock()
    }

    /// A memory sink for small pieces (JSONText's string forms and tests).
    static func render(_ body: (OutputSink) -> Void) -> String {
        let sink = OutputSink(memory: 256)
        body(sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }
}

/// A byte allocation handed whole from thread to thread (a worker encodes into it, the writer
/// writes it out, the pipeline gives it to the next batch), never shared.
final class ByteBlock: @unchecked Sendable {
    // @unchecked: one owner at a time; the hand-overs go through OrderedBatchEncoder's lock.
    // It owns plain bytes from `UnsafeMutablePointer.allocate`, never a C library handle.
    private var base: UnsafeMutablePointer<UInt8>?
    private var allocated: Int
    /// Bytes written into the block.
    private(set) var count: Int

    init(capacity: Int) {
        allocated = Swift.max(64, capacity)
        base = .allocate(capacity: allocated)
        count = 0
    }

    fileprivate init(base: UnsafeMutablePointer<UInt8>, allocated: Int, count: Int) {
        self.base = base
        self.allocated = allocated
        self.count = count
    }

    /// The bytes written (valid while the block lives and is not refilled).
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Moves the allocation out (to a sink); the block is empty afterwards.
    fileprivate func take() -> (UnsafeMutablePointer<UInt8>, Int) {
        let p = base ?? .allocate(capacity: allocated)
        base = nil
        count = 0
        return (p, allocated)
    }

    deinit { base?.deallocate() }
}

/// Writes features in one format. `begin`, then `write` per feature, then `finish`.
public protocol FeatureWriter {
    func begin() throws
    func write(_ feature: Feature) throws
    func finish() throws
}
