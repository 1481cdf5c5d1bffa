import Foundation
import ZIPFoundation

/// A KMZ (OGC 07-147r2 §6.2; Google's KMZ conventions): a ZIP archive whose first entry is
/// `doc.kml` at the root, deflated, followed by the files it refers to (`files/incident.png`).
enum KMZArchive {
    /// Writes the archive at `url` (a new file) from a `doc.kml` already written at `documentURL`.
    static func write(to url: URL, document documentURL: URL, icons: Bool) throws {
        let archive = try Archive(url: url, accessMode: .create)
        try archive.addEntry(with: "doc.kml", fileURL: documentURL, compressionMethod: .deflate)
        if icons {
            let data = Data(KMLIcon.png)
            try archive.addEntry(with: KMLIcon.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .none) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
    }
}
