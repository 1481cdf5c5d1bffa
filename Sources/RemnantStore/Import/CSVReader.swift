import Foundation

/// One CSV record with the 1-based line on which it starts (line 1 is the header).
public struct CSVRecord: Sendable, Equatable {
    public var fields: [String]
    public var line: Int
}

/// A streaming RFC 4180 CSV reader over bytes: constant memory whatever the file size.
///
/// Accepts a UTF-8 byte-order mark, and CRLF, LF and lone CR line endings, mixed. Quoted fields
/// may hold commas, quotes (doubled) and line breaks. Rejects NUL bytes, invalid UTF-8, a quote
/// inside an unquoted field, text after a closing quote, an unterminated quote, oversized fields
/// and oversized records (too many fields or too many bytes), each with the line where it happens,
/// so that a hostile single-line file fails fast in bounded memory. Blank lines are skipped.
public final class CSVReader {
    public let name: String
    public let maxFieldBytes: Int
    /// The most fields one record may have: Remnant's own layout has 24 columns plus 4 per source,
    /// an ACLED export about 30.
    public let maxFields: Int
    /// The most bytes one record may hold, counting every field.
    public let maxRecordBytes: Int
    private let handle: FileHandle?
    private var buffer: [UInt8] = []
    private var index = 0
    private var atEnd = false
    private var line = 1
    private var startedFile = false
    private static let chunkSize = 1 << 16
    /// Whether plain records take the in-place path (``nextPlainRecord()``); tests turn it off to
    /// compare with the general path.
    var readsPlainRecordsInPlace = true

    /// Reads the file at `url`; `name` is used in messages (defaults to the file name).
    public init(url: URL, name: String? = nil, maxFieldBytes: Int = 1 << 20, maxFields: Int = 1024,
                maxRecordBytes: Int = 8 << 20) throws(StoreError) {
        self.name = name ?? url.lastPathComponent
        self.maxFieldBytes = maxFieldBytes
        self.maxFields = maxFields
        self.maxRecordBytes = maxRecordBytes
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw .input(file: self.name, location: "0", field: nil, message: "cannot open: \(error.localizedDescription)")
        }
    }

    /// Reads from memory (tests, HTTP bodies).
    public init(data: Data, name: String, maxFieldBytes: Int = 1 << 20, maxFields: Int = 1024, maxRecordBytes: Int = 8 << 20) {
        self.name = name
        self.maxFieldBytes = maxFieldBytes
        self.maxFields = maxFields
        self.maxRecordBytes = maxRecordBytes
        handle = nil
        buffer = [UInt8](data)
        atEnd = true
    }

    deinit { try? handle?.close() }

    private func fill() throws(StoreError) -> Bool {
        if index < buffer.count { return true }
        guard !atEnd, let handle else { return false }
        let chunk: Data?
        do { chunk = try handle.read(upToCount: Self.chunkSize) } catch {
            throw .input(file: name, location: "\(line)", field: nil, message: "read error: \(error.localizedDescription)")
        }
        guard let chunk, !chunk.isEmpty else {
            atEnd = true
            return false
        }
        buffer = [UInt8](chunk)
        index = 0
        return true
    }

    private func peek() throws(StoreError) -> UInt8? {
        try fill() ? buffer[index] : nil
    }

    private func fail(_ message: String, at line: Int? = nil) -> StoreError {
        .input(file: name, location: "\(line ?? self.line)", field: nil, message: message)
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// Moves the bytes up to the next byte that matters (`stops`) into `field`, in bulk.
    /// Returns false at the end of the input.
    private func scan(into field: inout [UInt8], quoted: Bool, fieldNumber: Int) throws(StoreError) -> Bool {
        while true {
            guard try fill() else { return false }
            let start = index
            let end = buffer.withUnsafeBufferPointer { b -> Int in
                var i = start
                if quoted {
                    while i < b.count, b[i] != Self.quote, b[i] != Self.lf, b[i] != Self.cr, b[i] != 0 { i += 1 }
                } else {
                    while i < b.count, b[i] != Self.comma, b[i] != Self.lf, b[i] != Self.cr, b[i] != Self.quote, b[i] != 0 { i += 1 }
                }
                return i
            }
            if end > start {
                if field.count + (end - start) > maxFieldBytes {
                    throw fail("field \(fieldNumber) is longer than \(maxFieldBytes) bytes")
                }
                field.append(contentsOf: buffer[start..<end])
                index = end
            }
            if index < buffer.count { return true }
        }
    }

    /// The next record, or nil at the end of the input.
    public func next() throws(StoreError) -> CSVRecord? {
        if !startedFile {
            startedFile = true
            try skipByteOrderMark()
        }
        while true {
            guard try peek() != nil else { return nil }
            if readsPlainRecordsInPlace, let record = nextPlainRecord() { return record }
            let startLine = line
            var fields: [String] = []
            var field: [UInt8] = []
            var recordBytes = 0
            var inQuotes = false
            var wasQuoted = false
            var afterClosingQuote = false

            func finishField() throws(StoreError) {
                // ASCII (most fields) needs no validation; `String(decoding:)` is specialised for
                // UTF-8, while the generic validating initialiser looks up runtime metadata
                // under a lock on every call.
                let text: String? = field.withUnsafeBufferPointer { buffer in
                    var high: UInt8 = 0
                    for b in buffer { high |= b }
                    return high < 0x80 ? String(decoding: buffer, as: UTF8.self) : String(validating: buffer, as: UTF8.self)
                }
                guard let text else {
                    throw fail("invalid UTF-8 in field \(fields.count + 1)")
                }
                guard fields.count < maxFields else {
                    throw fail("more than \(maxFields) fields in one record; is this a CSV file?", at: startLine)
                }
                recordBytes += field.count
                guard recordBytes <= maxRecordBytes else {
                    throw fail("the record is longer than \(maxRecordBytes) bytes", at: startLine)
                }
                fields.append(text)
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
                afterClosingQuote = false
            }

            recordLoop: while true {
                if !afterClosingQuote {
                    guard try scan(into: &field, quoted: inQuotes, fieldNumber: fields.count + 1) else {
                        if inQuotes { throw fail("unterminated quoted field (the quote opens on line \(startLine) or later)", at: startLine) }
                        try finishField()
                        break recordLoop
                    }
                }
                guard let b = try peek() else {
                    if inQuotes { throw fail("unterminated quoted field (the quote opens on line \(startLine) or later)", at: startLine) }
                    try finishField()
                    break recordLoop
                }
                index += 1
                if b == 0 { throw fail("NUL byte in the data; is this a binary file?") }
                if inQuotes {
                    switch b {
                    case Self.quote:
                        if try peek() == Self.quote {
                            index += 1
                            field.append(b)
                        } else {
                            inQuotes = false
                            afterClosingQuote = true
                        }
                    case Self.lf:
                        line += 1
                        field.append(b)
                    default:  // CR, alone or as CRLF: one line break, stored as LF
                        if try peek() == Self.lf { index += 1 }
                        line += 1
                        field.append(Self.lf)
                    }
                    if field.count > maxFieldBytes {
                        throw fail("field \(fields.count + 1) is longer than \(maxFieldBytes) bytes")
                    }
                } else {
                    switch b {
                    case Self.comma:
                        try finishField()
                    case Self.lf, Self.cr:
                        if b == Self.cr, try peek() == Self.lf { index += 1 }
                        line += 1
                        try finishField()
                        break recordLoop
                    case Self.quote:
                        guard field.isEmpty, !wasQuoted, !afterClosingQuote else {
                            throw fail("a quote inside an unquoted field \(fields.count + 1); quote the whole field and double inner quotes")
                        }
                        inQuotes = true
                        wasQuoted = true
                    default:
                        // Only reachable right after a closing quote: scan stops on nothing else.
                        throw fail("text after the closing quote of field \(fields.count + 1)")
                    }
                }
            }
            // Skip blank lines.
            if fields.count == 1, fields[0].isEmpty { continue }
            return CSVRecord(fields: fields, line: startLine)
        }
    }

    /// The record at the read position when it is plain: wholly inside the buffer and ending in a
    /// line break there, not blank, no NUL byte, each field either unquoted (no quote in it) or
    /// quoted on one line (doubled quotes allowed, followed by a comma or the line break), valid
    /// UTF-8, and within every limit. Its fields are made straight from the buffer, without
    /// copying them into a field buffer run by run; most rows of a large file are like that.
    /// Anything else returns nil with nothing consumed, and ``next()`` reads the record the
    /// general way, which gives the same fields or throws its messages.
    private func nextPlainRecord() -> CSVRecord? {
        let start = index, maxFields = maxFields, maxFieldBytes = maxFieldBytes, maxRecordBytes = maxRecordBytes
        var fields: [String] = []
        fields.reserveCapacity(lastFieldCount)
        let next: Int? = buffer.withUnsafeBufferPointer { b -> Int? in
            let n = b.count
            var i = start, recordBytes = 0
            guard i < n, b[i] != Self.lf, b[i] != Self.cr else { return nil }  // a blank line
            while true {
                guard fields.count < maxFields else { return nil }
                let text: String?
                if b[i] == Self.quote {
                    let open = i + 1
                    var j = open, doubled = 0, high: UInt8 = 0
                    while true {
                        guard j + 1 < n else { return nil }  // what follows the quote is in the next chunk
                        let c = b[j]
                        if c == Self.quote {
                            if b[j + 1] != Self.quote { break }
                            doubled += 1
                            j += 2
                            continue
                        }
                        if c == Self.lf || c == Self.cr || c == 0 { return nil }
                        high |= c
                        j += 1
                    }
                    let count = j - open - doubled
                    guard count <= maxFieldBytes else { return nil }
                    recordBytes += count
                    text = Self.string(UnsafeBufferPointer(rebasing: b[open..<j]), ascii: high < 0x80, undoubling: doubled > 0)
                    i = j + 1
                    guard b[i] == Self.comma || b[i] == Self.lf || b[i] == Self.cr else { return nil }
                } else {
                    let first = i
                    var high: UInt8 = 0
                    while i < n {
                        let c = b[i]
                        if c <= Self.comma {
                            if c == Self.comma || c == Self.lf || c == Self.cr { break }
                            if c == Self.quote || c == 0 { return nil }
                        }
                        high |= c
                        i += 1
                    }
                    guard i < n, i - first <= maxFieldBytes else { return nil }
                    recordBytes += i - first
                    text = Self.string(UnsafeBufferPointer(rebasing: b[first..<i]), ascii: high < 0x80, undoubling: false)
                }
                guard let text, recordBytes <= maxRecordBytes else { return nil }
                fields.append(text)
                if b[i] != Self.comma { break }
                i += 1
                guard i < n else { return nil }
            }
            // b[i] is the line break: CRLF, or a CR alone (known only when the next byte is here).
            if b[i] == Self.lf { return i + 1 }
            guard i + 1 < n else { return nil }
            return b[i + 1] == Self.lf ? i + 2 : i + 1
        }
        guard let next else { return nil }
        index = next
        line += 1
        lastFieldCount = fields.count
        return CSVRecord(fields: fields, line: line - 1)
    }

    /// Fields per record last read in place, to size the next record's array.
    private var lastFieldCount = 16

    /// The text of a field's bytes, doubled quotes made single when `undoubling`; nil when not
    /// valid UTF-8. `ascii` says no byte has the high bit set (then no validation is needed).
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool, undoubling: Bool) -> String? {
        if !undoubling {
            return ascii ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        }
        var single: [UInt8] = []
        single.reserveCapacity(bytes.count)
        var k = 0
        while k < bytes.count {
            single.append(bytes[k])
            k += bytes[k] == quote ? 2 : 1
        }
        return single.withUnsafeBufferPointer { s in
            ascii ? String(decoding: s, as: UTF8.self) : String(validating: s, as: UTF8.self)
        }
    }

    private func skipByteOrderMark() throws(StoreError) {
        guard try fill(), buffer.count - index >= 3 else { return }
        if buffer[index] == 0xEF, buffer[index + 1] == 0xBB, buffer[index + 2] == 0xBF { index += 3 }
    }
}
