import Foundation
import RemnantAnalysis
import RemnantGeometry
import RemnantStore

/// What a rendered document holds.
public struct MapReport: Sendable {
    public var path: String
    public var format: MapFormat
    public var pages: Int
    /// Page size in points (1/72 in).
    public var pageWidth: Double
    public var pageHeight: Double
    /// PNG size in pixels (nil for vector files).
    public var pixelWidth: Int?
    public var pixelHeight: Int?
    /// PNG pixels per page point (1 for vector files): page positions × this = pixels.
    public var pixelsPerPoint: Double
    /// The overview's frame (nil when the document is one zone's sheet).
    public var overview: MapFrameInfo?
    /// Hazard areas drawn on the overview, and the areas that got a sheet, in page order.
    public var overviewAreas: [String]
    public var sheets: [String]
    /// The page of the index of hazard areas that ends a sheet set (nil without sheets).
    public var indexPage: Int?
    public var title: String
}

/// Renders maps through Cairo: vector PDF (several pages) and SVG, antialiased PNG.
public struct MapRenderer: Sendable {
    public init() {}

    /// Renders `data` as `request` asks into `path` (its extension picks PDF, PNG or SVG),
    /// written to a temporary name beside it and renamed when complete.
    public func render(_ data: MapData, request: MapRequest, to path: String) throws(MapError) -> MapReport {
        let format = try MapFormat(path: path)
        if request.sheets, format != .pdf {
            throw .invalidOption(name: "--sheets", value: path, reason: "sheets need a .pdf output (one page per hazard area); PNG and SVG hold one page")
        }
        let size = request.pageSize(for: format)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.deletingPathExtension().lastPathComponent).\(UUID().uuidString).tmp.\(format.rawValue)").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }

        let proj = PROJContext()
        let title = request.title ?? defaultTitle(request, data)
        let surface: CairoSurface
        var pixels: (Int, Int)?
        switch format {
        case .pdf: surface = try .pdf(path: temporary, width: size.width, height: size.height, title: title, creator: request.generator)
        case .svg: surface = try .svg(path: temporary, width: size.width, height: size.height)
        case .png:
            let px = (Int((size.width * size.pixelsPerPoint).rounded()), Int((size.height * size.pixelsPerPoint).rounded()))
            pixels = px
            surface = try .image(width: px.0, height: px.1)
        }
        let cairo = try CairoContext(surface: surface)
        if format == .png { cairo.scale(size.pixelsPerPoint, size.pixelsPerPoint) }
        var page = PageState(cairo: cairo, width: size.width, height: size.height, number: 1, title: title, request: request, data: data, proj: proj,
                             multiPage: format == .pdf)

        var report = MapReport(path: path, format: format, pages: 0, pageWidth: size.width, pageHeight: size.height,
                               pixelWidth: pixels?.0, pixelHeight: pixels?.1, pixelsPerPoint: size.pixelsPerPoint, overview: nil, overviewAreas: [], sheets: [], indexPage: nil, title: title)
        if case let .zone(id) = request.region {
            guard let area = data.areas.first(where: { $0.id == id }) else {
                let known = data.areas.prefix(5).map(\.id).joined(separator: ", ")
                throw .notFound(what: "hazard area (known: \(known)\(data.areas.count > 5 ? ", …" : ""))", key: id)
            }
            try drawSheet(area, page: &page)
            report.sheets = [id]
        } else {
            let box = try regionBox(request.region, data)
            let (info, drawn) = try drawOverview(box: box, page: &page)
            report.overview = info
            report.overviewAreas = drawn.map(\.id)
            if request.sheets {
                var index: [(area: HazardArea, page: Int)] = []
                for area in data.areas.sorted(by: { $0.priorityRank < $1.priorityRank }) where Self.bounds(of: area).intersects(box) {
                    page.newPage()
                    index.append((area, page.number))
                    try drawSheet(area, page: &page)
                    report.sheets.append(area.id)
                }
                if !index.isEmpty {
                    page.newPage()
                    try drawIndex(index, page: &page)
                    report.indexPage = page.number
                }
            }
        }
        cairo.showPage()
        report.pages = page.number
        try cairo.check("drawing")
        if format == .png { try surface.writePNG(to: temporary) }
        try surface.finish()
        guard rename(temporary, path) == 0 else {
            throw .cairo(operation: "rename to \(path)", message: String(cString: strerror(errno)))
        }
        return report
    }

    /// The lon/lat box of a region: a country's boundary, a given box, or the countries holding
    /// the incidents (the four focus countries when there are none).
    func regionBox(_ region: MapRegion, _ data: MapData) throws(MapError) -> BoundingBox {
        func bounds(_ codes: [String]) -> BoundingBox? {
            data.countries.filter { codes.contains($0.code) }.compactMap(\.bounds).reduce(nil) { $0?.union($1) ?? $1 }
        }
        switch region {
        case let .box(b): return b
        case let .country(code):
            guard let b = bounds([code]) else {
                throw .notFound(what: "country in the boundary layer (have \(data.countries.map(\.code).filter { !$0.isEmpty }.sorted().joined(separator: ", ")))", key: code)
            }
            return b
        case .incidents, .zone:
            let codes = Set(data.incidents.map(\.country))
            var box = bounds(Array(codes))
            if let points = BoundingBox(covering: data.incidents.map(\.location)) { box = box?.union(points) ?? points }
            return box ?? bounds(["SY", "UA", "GE", "AZ"])!
        }
    }

    func defaultTitle(_ request: MapRequest, _ data: MapData) -> String {
        switch request.region {
        case let .country(code): "Cluster-munition contamination: \(data.countries.first { $0.code == code }?.name ?? code)"
        case let .box(b): String(format: "Cluster-munition contamination: %.2f°–%.2f° E, %.2f°–%.2f° N", b.minX, b.maxX, b.minY, b.maxY)
        case let .zone(id): "Hazard area \(id)"
        case .incidents:
            "Cluster-munition contamination: " + Self.names(Set(data.incidents.map(\.country)).sorted().compactMap { c in data.countries.first { $0.code == c }?.name })
        }
    }

    /// `Syria`, `Georgia and Syria`, `Azerbaijan, Georgia and Syria`.
    static func names(_ list: [String]) -> String {
        if list.isEmpty { return "no incidents" }
        if list.count == 1 { return list[0] }
        return list.dropLast().joined(separator: ", ") + " and " + list.last!
    }

    static func bounds(of area: HazardArea) -> BoundingBox {
        BoundingBox(covering: area.polygons.flatMap { $0.first ?? [] }) ?? BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0)
    }
}

/// The page being drawn and what every page needs.
struct PageState {
    let cairo: CairoContext
    let width: Double
    let height: Double
    var number: Int
    let title: String
    let request: MapRequest
    let data: MapData
    let proj: PROJContext
    /// PDF holds pages; PNG and SVG hold one, so what does not fit is cut with a note.
    let multiPage: Bool

    mutating func newPage() {
        cairo.showPage()
        number += 1
    }
}
