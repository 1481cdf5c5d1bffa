import Foundation

/// Reading whole input files for the importers that parse a document at once (GeoJSON, KML).
enum InputFile {
    /// The bytes of `url` (memory-mapped when safe); `file` names it in the error.
    static func contents(of url: URL, file: String) throws(StoreError) -> Data {
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw .input(file: file, location: "0", field: nil, message: "cannot open: \(error.localizedDescription)")
        }
    }

    /// 1-based line and column (in characters, counting UTF-8 lead bytes) of a byte offset.
    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
