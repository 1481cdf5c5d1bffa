import Foundation

/// Reading whole input files for the importers that parse a document at once (GeoJSON, KML).
///
/// These readers hold the whole document and everything parsed from it, so their peak memory grows
/// with the file: measured with `/usr/bin/time` (maximum resident set) on imports of 200,000
/// incidents, a 48.7 MB GeoJSON file peaked at 480 MB and a 75 MB KML file at 430 MB, where the
/// streaming CSV reader stays at 144 MB (most of it SQLite's 64 MiB page cache and the R-tree
/// entries). Files above ``maxBytes`` are refused before they are read, which bounds a GeoJSON
/// import at about 1.3 GB; CSV streams and has no such limit.
enum InputFile {
    /// The largest GeoJSON or KML file read (128 MiB).
    static let maxBytes = 128 << 20

    /// The bytes of `url` (memory-mapped when safe); `file` names it in the error. Refuses files
    /// larger than `maxBytes` before reading them.
    static func contents(of url: URL, file: String, maxBytes: Int = maxBytes) throws(StoreError) -> Data {
        let size: Int
        do {
            size = try url.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0
        } catch {
            throw .input(file: file, location: "0", field: nil, message: "cannot open: \(error.localizedDescription)")
        }
        guard size <= maxBytes else {
            throw .unsupportedFormat(file: file, reason: "the file is \(size >> 20) MiB; GeoJSON and KML are read whole, up to \(maxBytes >> 20) MiB: split it, or import it as CSV, which streams")
        }
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
