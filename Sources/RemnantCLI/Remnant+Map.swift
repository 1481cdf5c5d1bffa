import ArgumentParser
import Foundation
import RemnantAnalysis
import RemnantGeometry
import RemnantMap
import RemnantStore

extension Remnant {
    /// `remnant map -o FILE.pdf|.png|.svg`: a printable map of incidents and hazard areas.
    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Printable map (PDF, PNG or SVG) of boundaries, places, incidents, hazard areas and density.",
            discussion: "Overviews are drawn in a Lambert azimuthal equal-area projection centred on the region; a zone sheet in the UTM zone of its area.")

        @Option(name: .shortAndLong, help: "Output file: .pdf, .png or .svg.")
        var output: String

        @Option(help: "Region: a country code (SY, UA, GE, AZ) or W,S,E,N in degrees. Default: the countries of the incidents shown.")
        var region: String?

        @Option(help: "One hazard area's sheet, by id (HA-…; see `remnant zones`).")
        var zone: String?

        @Option(help: "Layers, comma-separated: boundaries, places, incidents, zones, density (or all).")
        var layers: String = "boundaries,places,incidents,zones"

        @Option(help: "Page size: A4, A3 or WIDTHxHEIGHT (pixels for PNG, points for PDF/SVG).")
        var size: String = "A4"

        @Flag(help: "Landscape page.")
        var landscape = false

        @Option(help: "Map title (default names the region).")
        var title: String?

        @Flag(help: "After the overview, one page per hazard area, highest priority first (PDF only).")
        var sheets = false

        @Option(help: "Safety margin added to every footprint radius (default 100m).", transform: { try Distance(parsing: $0) })
        var margin: Distance?

        @OptionGroup var filters: IncidentFilterOptions

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if region != nil, zone != nil { throw ValidationError("--region and --zone exclude each other.") }
            if sheets, zone != nil { throw ValidationError("--sheets draws every area of the region; --zone draws one.") }
        }

        func run() throws {
            try Console.run {
                var request = MapRequest(layers: try MapLayers(parsing: layers), size: try PageSize(parsing: size), landscape: landscape,
                                         title: title, sheets: sheets, generator: "Remnant \(Remnant.version)",
                                         filterSummary: filterSummary())
                if let region { request.region = try MapRegion(parsing: region) }
                if let zone { request.region = .zone(zone) }
                _ = try MapFormat(path: output)
                let (store, geoData) = try storeOptions.open()
                guard let geoData else { throw ValidationError("GeoData/ not found (set REMNANT_DATA): maps need its boundaries and places.") }
                let incidents = try store.incidents(matching: try filters.filter()).map(\.incident)
                let data = try MapData.load(geoData: geoData, incidents: incidents, catalog: try store.catalog(),
                                            builder: HazardAreaBuilder(marginMeters: margin?.meters ?? HazardFootprint.defaultMarginMeters))
                let report = try MapRenderer().render(data, request: request, to: output)
                let pixels = report.pixelWidth.map { " (\($0)×\(report.pixelHeight!) px)" } ?? ""
                print("wrote \(output): \(report.pages) page\(report.pages == 1 ? "" : "s"), "
                    + String(format: "%.0f×%.0f pt", report.pageWidth, report.pageHeight) + pixels
                    + ", \(report.overviewAreas.count) hazard areas on the overview, \(report.sheets.count) sheets")
            }
        }

        /// The incident filters given, in words, for the map's subtitle.
        func filterSummary() -> String {
            var parts: [String] = []
            if !filters.country.isEmpty { parts.append("country \(filters.country.joined(separator: ","))") }
            if let a = filters.admin1 { parts.append("admin-1 \(a)") }
            if let s = filters.since { parts.append("since \(s)") }
            if let u = filters.until { parts.append("until \(u)") }
            if !filters.munition.isEmpty { parts.append("munition \(filters.munition.joined(separator: ","))") }
            if !filters.delivery.isEmpty { parts.append("delivery \(filters.delivery.joined(separator: ","))") }
            if let a = filters.actor { parts.append("actor ~ \(a)") }
            if let e = filters.evidence { parts.append("evidence \(e)") }
            if !filters.status.isEmpty { parts.append("status \(filters.status.joined(separator: ","))") }
            if !filters.siteType.isEmpty { parts.append("site \(filters.siteType.joined(separator: ","))") }
            if let n = filters.near, let r = filters.radius { parts.append("within \(Int(r.meters)) m of \(n)") }
            if let b = filters.bbox { parts.append("bbox \(b)") }
            if filters.within != nil { parts.append("within a polygon") }
            return parts.joined(separator: "; ")
        }
    }
}
