import Foundation

/// The files `/static/` serves, read once at start-up from a fixed list (no path from a request
/// ever reaches the file system): Leaflet's script, stylesheet and images from Debian's
/// libjs-leaflet, and the country boundaries of the map's base layer.
struct StaticFiles: Sendable {
    struct File: Sendable {
        var bytes: [UInt8]
        var contentType: String
        var tag: String
        var lastModified: Date
    }

    var files: [String: File]

    static let leafletFiles = [
        ("leaflet/leaflet.js", "leaflet.js", "text/javascript; charset=utf-8"),
        ("leaflet/leaflet.css", "leaflet.css", "text/css; charset=utf-8"),
        ("leaflet/images/layers.png", "images/layers.png", "image/png"),
        ("leaflet/images/layers-2x.png", "images/layers-2x.png", "image/png"),
        ("leaflet/images/marker-icon.png", "images/marker-icon.png", "image/png"),
        ("leaflet/images/marker-icon-2x.png", "images/marker-icon-2x.png", "image/png"),
        ("leaflet/images/marker-shadow.png", "images/marker-shadow.png", "image/png"),
    ]

    /// - Throws: ``ServerError/startup(_:)`` when Leaflet is missing (install `libjs-leaflet`).
    static func load(leafletDirectory: String, countries: URL?) throws(ServerError) -> StaticFiles {
        var files: [String: File] = [:]
        func read(_ url: URL, as name: String, type: String) -> Bool {
            guard let data = FileManager.default.contents(atPath: url.path) else { return false }
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
            let bytes = [UInt8](data)
            files[name] = File(bytes: bytes, contentType: type, tag: String(FNV1a.hash(bytes.map(UInt64.init)), radix: 16),
                               lastModified: Date(timeIntervalSince1970: modified.timeIntervalSince1970.rounded(.down)))
            return true
        }
        let directory = URL(fileURLWithPath: leafletDirectory)
        for (name, relative, type) in leafletFiles where !read(directory.appendingPathComponent(relative), as: name, type: type) {
            if relative.hasPrefix("images/") { continue }
            throw .startup("Leaflet not found at \(directory.appendingPathComponent(relative).path): install Debian's libjs-leaflet (make deps)")
        }
        if let countries, !read(countries, as: "countries.geojson", type: "application/geo+json") {
            throw .startup("cannot read the country boundaries \(countries.path)")
        }
        return StaticFiles(files: files)
    }
}
