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
}
