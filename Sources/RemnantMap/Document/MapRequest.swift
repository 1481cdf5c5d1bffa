import Foundation
import RemnantGeometry

/// The layers a map can draw (`--layers boundaries,places,incidents,zones,density`).
public struct MapLayers: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let boundaries = MapLayers(rawValue: 1)
    public static let places = MapLayers(rawValue: 2)
    public static let incidents = MapLayers(rawValue: 4)
    public static let zones = MapLayers(rawValue: 8)
    public static let density = MapLayers(rawValue: 16)

    public static let names: [(String, MapLayers)] = [
        ("boundaries", .boundaries), ("places", .places), ("incidents", .incidents), ("zones", .zones), ("density", .density),
    ]
    /// Every layer but density, which is asked for.
    public static let standard: MapLayers = [.boundaries, .places, .incidents, .zones]
    public static let all: MapLayers = [.boundaries, .places, .incidents, .zones, .density]

    /// A comma list of layer names; `all` for every layer.
    public init(parsing text: String) throws(MapError) {
        var set: MapLayers = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !part.isEmpty {
            if part == "all" { set = .all; continue }
            guard let layer = Self.names.first(where: { $0.0 == part })?.1 else {
                throw .invalidOption(name: "--layers", value: part, reason: "must be one of: \(Self.names.map(\.0).joined(separator: ", ")), all")
            }
            set.insert(layer)
        }
        guard !set.isEmpty else { throw .invalidOption(name: "--layers", value: text, reason: "names no layer") }
        self = set
    }
}

/// What the map covers (`--region SY|UA|GE|AZ|W,S,E,N`, `--zone ID`).
public enum MapRegion: Sendable, Hashable {
    /// The countries holding the incidents shown (the four focus countries when there are none).
    case incidents
    /// A country of the boundary layer, by ISO 3166-1 alpha-2 code.
    case country(String)
    /// A lon/lat box.
    case box(BoundingBox)
    /// One hazard area, drawn as its sheet.
    case zone(String)

    /// `SY`, `ua`, or `W,S,E,N` in degrees.
    public init(parsing text: String) throws(MapError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.count == 2, t.allSatisfy(\.isLetter) {
            self = .country(t.uppercased())
            return
        }
        let n = t.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard n.count == 4, let w = n[0], let s = n[1], let e = n[2], let north = n[3],
              [w, s, e, north].allSatisfy(\.isFinite) else {
            throw .invalidOption(name: "--region", value: text, reason: "must be a country code (SY, UA, GE, AZ) or W,S,E,N in degrees")
        }
        guard (-180...180).contains(w), (-180...180).contains(e), (-80...84).contains(s), (-80...84).contains(north) else {
            throw .invalidOption(name: "--region", value: text, reason: "longitudes must be in [-180, 180] and latitudes in [-80, 84]")
        }
        guard w < e, s < north else {
            throw .invalidOption(name: "--region", value: text, reason: "needs west < east and south < north")
        }
        self = .box(BoundingBox(minX: w, minY: s, maxX: e, maxY: north))
    }
}

/// Page sizes (`--size A4|A3|WIDTHxHEIGHT`). Named sizes are ISO 216 portrait in points; PNG
/// renders them at 150 dpi (A4: 1240 × 1754 px). `WIDTHxHEIGHT` is pixels for PNG and points
/// (1/72 in) for PDF and SVG.
public enum PageSize: Sendable, Hashable {
    case a4, a3
    case custom(width: Int, height: Int)

    public init(parsing text: String) throws(MapError) {
        switch text.uppercased() {
        case "A4": self = .a4
        case "A3": self = .a3
        default:
            let parts = text.lowercased().split(separator: "x")
            guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
                throw .invalidOption(name: "--size", value: text, reason: "must be A4, A3 or WIDTHxHEIGHT (e.g. 1600x1200)")
            }
            guard (200...20_000).contains(w), (200...20_000).contains(h) else {
                throw .invalidOption(name: "--size", value: text, reason: "width and height must be 200…20000")
            }
            self = .custom(width: w, height: h)
        }
    }
}

/// The output file type, from the file name's extension.
public enum MapFormat: String, Sendable, CaseIterable {
    case pdf, png, svg

    /// Raster resolution for named page sizes, and the pixel ↔ point ratio of `WIDTHxHEIGHT` PNGs.
    public static let pngDPI = 150.0

    public init(path: String) throws(MapError) {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let f = MapFormat(rawValue: ext) else {
            throw .invalidOption(name: "-o", value: path, reason: "the file name must end in .pdf, .png or .svg")
        }
        self = f
    }
}

/// Everything that decides what one map document shows.
public struct MapRequest: Sendable {
    public var region: MapRegion
    public var layers: MapLayers
    public var size: PageSize
    public var landscape: Bool
    /// The title; a default names the region.
    public var title: String?
    /// Adds one page per hazard area after the overview (PDF only).
    public var sheets: Bool
    /// The date printed on the map, `YYYY-MM-DD` (today, UTC, by default).
    public var date: String
    /// "Remnant 0.1.0": printed in the footer and the PDF metadata.
    public var generator: String
    /// The incident filters in words, printed under the title ("country GE; since 2008").
    public var filterSummary: String?

    public init(region: MapRegion = .incidents, layers: MapLayers = .standard, size: PageSize = .a4, landscape: Bool = false,
                title: String? = nil, sheets: Bool = false, date: String = MapRequest.today(), generator: String = "Remnant",
                filterSummary: String? = nil) {
        self.region = region
        self.layers = layers
        self.size = size
        self.landscape = landscape
        self.title = title
        self.sheets = sheets
        self.date = date
        self.generator = generator
        self.filterSummary = filterSummary
    }

    /// Today's date in UTC, `YYYY-MM-DD`.
    public static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The page size in points for `format`, and the pixels per point of a PNG (1 for vector
    /// files). A `WIDTHxHEIGHT` PNG is laid out at 150 dpi, or on a page of at least 500 points
    /// on its short side when it is smaller than that (so a small image is a reduced map, not a
    /// cramped one).
    public func pageSize(for format: MapFormat) -> (width: Double, height: Double, pixelsPerPoint: Double) {
        var (w, h): (Double, Double)
        var pngScale = MapFormat.pngDPI / 72
        switch size {
        case .a4: (w, h) = (595.2756, 841.8898)
        case .a3: (w, h) = (841.8898, 1190.5512)
        case let .custom(cw, ch):
            if format == .png { pngScale = min(pngScale, Double(min(cw, ch)) / 500) }
            (w, h) = format == .png ? (Double(cw) / pngScale, Double(ch) / pngScale) : (Double(cw), Double(ch))
        }
        if landscape, w < h { swap(&w, &h) }
        if case .custom = size, !landscape { /* as given */ } else if !landscape, w > h { swap(&w, &h) }
        return (w, h, format == .png ? pngScale : 1)
    }
}
