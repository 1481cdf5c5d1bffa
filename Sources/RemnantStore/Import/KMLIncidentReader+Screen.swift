import Foundation

extension KMLIncidentReader {
    /// The longest XML declaration read for its `encoding` (64 KiB; real ones are under 100 bytes).
    static let maxDeclarationBytes = 64 << 10

    /// Refuses, before any XML parsing, input that is empty, not text, not UTF-8 compatible, that
    /// declares a DTD or entities, or that holds a processing instruction libxml2 cannot hand on.
    ///
    /// One pass over the whole input in chunks, holding at most a chunk (and the first 64 KiB for
    /// the XML declaration), so that it costs constant memory. The checks are reported in a fixed
    /// order whatever their places in the file: UTF-16/UTF-32, KMZ, empty, NUL byte (as soon as
    /// it is met), first character not '<', DTD/entity, empty processing instruction, declared
    /// encoding.
    static func screen(_ input: InputFile) throws(StoreError) {
        var screen = Screen(reader: try input.open())
        try screen.run()
    }

    /// The state of ``screen(_:)`` over one input.
    struct Screen {
        private let reader: InputFile.Reader
        private let file: String
        /// Buffered input; `bytes[0]` is at `position`.
        private var bytes: [UInt8] = []
        private var index = 0
        private var position = TextPosition()
        private var atEnd = false

        /// Where the scan is: in markup or character data, or inside a comment or CDATA section,
        /// whose text is not markup (descriptions legitimately quote HTML such as `<!DOCTYPE html>`).
        private enum Context {
            case normal, comment, cdata
        }

        init(reader: InputFile.Reader) {
            self.reader = reader
            file = reader.name
        }

        mutating func run() throws(StoreError) {
            try ensure(4)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0, 0, 0xFE, 0xFF]) {
                throw .unsupportedFormat(file: file, reason: "UTF-16/UTF-32 text is not supported; save the KML as UTF-8")
            }
            if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                throw .unsupportedFormat(file: file, reason: "this is a KMZ (zip) archive, not KML text; extract its doc.kml and import that")
            }
            while true {
                guard try ensure(1) else { throw .unsupportedFormat(file: file, reason: "empty file") }
                guard KMLIncidentReader.isXMLWhitespace(bytes[index]) else { break }
                index += 1
            }
            let first = bytes[index]
            let encoding = try declaredEncoding()
            let (declaresDTD, emptyInstruction) = try scanMarkup()

            // An ASCII '<' first also rules out EBCDIC and other encodings this byte scan cannot read.
            guard first == UInt8(ascii: "<") else {
                throw .unsupportedFormat(file: file, reason: "not XML: the first character is not '<'; expected <kml> (OGC KML 2.2)")
            }
            // KML 2.2 is defined by an XML Schema and never needs a DTD: refusing them blocks
            // external-entity (XXE) and entity-expansion attacks.
            if declaresDTD {
                throw .unsupportedFormat(file: file, reason: dtdRefusal)
            }
            // FoundationXML passes a processing instruction's data to strlen without checking it,
            // and libxml2 gives none for `<?name?>`: a null dereference (found by Fuzz/FuzzKMLImport).
            if let target = emptyInstruction {
                throw .unsupportedFormat(file: file, reason: "a processing instruction without data (<?\(target)?>) cannot be read; remove it")
            }
            // libxml2 (2.9.14, through FoundationXML's push parser) dereferences a null pointer when
            // it switches to some declared encodings (UTF-7, windows-1252, ISO-2022-JP, EBCDIC) and
            // then meets a byte it cannot convert: found by Fuzz/FuzzKMLImport. The bytes are read
            // as UTF-8 above anyway, so any other declared encoding is refused before parsing.
            if let encoding, !["utf-8", "us-ascii"].contains(encoding.lowercased()) {
                throw .unsupportedFormat(file: file, reason: "the XML declaration names encoding '\(encoding)'; Remnant reads KML as UTF-8 only: save the file as UTF-8")
            }
        }

        /// The `encoding` of an XML declaration at `index`, read ahead without consuming it.
        private mutating func declaredEncoding() throws(StoreError) -> String? {
            let limit = KMLIncidentReader.maxDeclarationBytes
            try ensure(limit)
            let window = Array(bytes[index..<min(bytes.count, index + limit)])
            guard window.starts(with: Array("<?xml".utf8)) else { return nil }
            let closed = window.indices.dropLast().contains { window[$0] == UInt8(ascii: "?") && window[$0 + 1] == UInt8(ascii: ">") }
            guard closed || window.count < limit else {
                throw .unsupportedFormat(file: file, reason: "the XML declaration is longer than \(limit) bytes")
            }
            return KMLIncidentReader.declaredEncoding(window, from: 0)
        }

        /// Whether `<!DOCTYPE` or `<!ENTITY` (any case) occurs outside comments and CDATA sections,
        /// and the target of the first processing instruction there with no data (`<?name?>`, the
        /// name followed at once by `?>`). Processing instructions are scanned for declarations
        /// too, which can only cause a refusal, never a miss. Throws at the first NUL byte.
        private mutating func scanMarkup() throws(StoreError) -> (declaresDTD: Bool, emptyInstruction: String?) {
            var context = Context.normal
            var declaresDTD = false
            var emptyInstruction: String?
            while true {
                guard try ensure(1) else { break }
                let byte = bytes[index]
                if byte == 0 { throw nulByte() }
                switch context {
                case .normal:
                    guard byte == UInt8(ascii: "<") else {
                        index += 1
                        continue
                    }
                    try ensure(9)
                    if matches("<!--") {
                        context = .comment
                        index += 4
                    } else if matches("<![CDATA[") {
                        context = .cdata
                        index += 9
                    } else if matches("<!DOCTYPE", ignoringCase: true) || matches("<!ENTITY", ignoringCase: true) {
                        declaresDTD = true
                        index += 2
                    } else if matches("<?") {
                        index += 2
                        if let target = try emptyInstructionTarget(), emptyInstruction == nil { emptyInstruction = target }
                    } else {
                        index += 1
                    }
                case .comment:
                    if byte == UInt8(ascii: "-"), try ensure(3), matches("-->") {
                        context = .normal
                        index += 3
                    } else {
                        index += 1
                    }
                case .cdata:
                    if byte == UInt8(ascii: "]"), try ensure(3), matches("]]>") {
                        context = .normal
                        index += 3
                    } else {
                        index += 1
                    }
                }
            }
            return (declaresDTD, emptyInstruction)
        }

        /// After `<?`: consumes the target name (up to whitespace, `?`, `>`, `<` or NUL) and returns
        /// it when `?>` follows at once, as in `<?name?>`. A `<` ends the name so that markup after
        /// it is still scanned.
        private mutating func emptyInstructionTarget() throws(StoreError) -> String? {
            var target: [UInt8] = []
            var length = 0
            while try ensure(1) {
                let byte = bytes[index]
                if KMLIncidentReader.isXMLWhitespace(byte) || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "<") || byte == 0 { break }
                // Enough of the name for the message.
                if target.count < 256 { target.append(byte) }
                length += 1
                index += 1
            }
            guard length > 0, try ensure(2), matches("?>") else { return nil }
            return String(decoding: target, as: UTF8.self)
        }

        /// Whether `pattern` is buffered at `index` (ASCII letters compared in upper case when
        /// `ignoringCase`; patterns are upper case).
        private func matches(_ pattern: StaticString, ignoringCase: Bool = false) -> Bool {
            pattern.withUTF8Buffer { pattern in
                guard index + pattern.count <= bytes.count else { return false }
                for k in pattern.indices {
                    var byte = bytes[index + k]
                    if ignoringCase, byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { byte -= 32 }
                    if byte != pattern[k] { return false }
                }
                return true
            }
        }

        private func nulByte() -> StoreError {
            let at = position.advanced(over: bytes, to: index)
            return .input(file: file, location: "line \(at.line), column \(at.column)", field: nil, message: "NUL byte; is this a binary file?")
        }

        /// Buffers `count` bytes from `index` if the input has them, first dropping the bytes
        /// before `index`; false when it ends first.
        @discardableResult
        private mutating func ensure(_ count: Int) throws(StoreError) -> Bool {
            while bytes.count - index < count {
                if atEnd { return false }
                if index > 0 {
                    position.advance(over: bytes[..<index])
                    bytes.removeFirst(index)
                    index = 0
                }
                if try reader.append(to: &bytes) == 0 { atEnd = true }
            }
            return true
        }
    }
}
