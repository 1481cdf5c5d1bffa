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

        @Option(parsing: .unconditional, help: "Region: a country code (SY, UA, GE, AZ) or W,S,E,N in degrees. Default: the countries of the incidents shown.")
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
                    + ", \(report.overviewAreas.count) hazard areas on the overview, \(report.sheets.count) sheets"
                    + (report.indexPage.map { " (index on page \($0))" } ?? ""))
            }
        }

        /// The incident filters given, in words, for the map's subtitle.
        func filterSummary() -> String {
            var parts: [String] = []
            let a = filters.attributes
            if !a.country.isEmpty { parts.append("country \(a.country.joined(separator: ","))") }
            if let admin1 = a.admin1 { parts.append("admin-1 \(admin1)") }
            if let s = a.since { parts.append("since \(s)") }
            if let u = a.until { parts.append("until \(u)") }
            if !a.munition.isEmpty { parts.append("munition \(a.munition.joined(separator: ","))") }
            if !a.delivery.isEmpty { parts.append("delivery \(a.delivery.joined(separator: ","))") }
            if let actor = a.actor { parts.append("actor ~ \(actor)") }
            if let e = a.evidence { parts.append("evidence \(e)") }
            if !a.status.isEmpty { parts.append("status \(a.status.joined(separator: ","))") }
            if !a.siteType.isEmpty { parts.append("site \(a.siteType.joined(separator: ","))") }
            if let n = filters.near, let r = filters.radius { parts.append("within \(Int(r.meters)) m of \(n)") }
            if let b = a.bbox { parts.append("bbox \(b)") }
            if a.within != nil { parts.append("within a polygon") }
            return parts.joined(separator: "; ")
        }
    }
}
