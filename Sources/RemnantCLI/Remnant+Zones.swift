import ArgumentParser
import Foundation
import RemnantAnalysis
import RemnantExport
import RemnantGeometry
import RemnantStore

extension Remnant {
    /// `remnant zones [filters]`: hazard areas (SHA/CHA) from incident footprints, ranked.
    struct Zones: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hazard areas (CHA/SHA) from merged incident footprints, with area, remnants and priority.")

        @OptionGroup var filters: IncidentFilterOptions

        @Option(help: "Safety margin added to every footprint radius (default 100m).", transform: { try Distance(parsing: $0) })
        var margin: Distance?

        @Flag(help: "Include stockpile sites (left out by default: they are not strike footprints).")
        var includeStockpiles = false

        @Option(help: "Is this point (LON,LAT) inside a hazard area? Prints the area and the distance to its edge.")
        var at: String?

        @Option(help: "Output format: table, csv or geojson.")
        var format: ZoneFormat = .table

        @Option(name: .shortAndLong, help: "Write to FILE (atomically) instead of standard output.")
        var output: String?

        @OptionGroup var storeOptions: StoreOptions

        enum ZoneFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, geojson }

        func run() throws {
            try Console.run {
                let (store, geoData) = try storeOptions.open()
                let incidents = try store.incidents(matching: try filters.filter()).map(\.incident)
                let builder = HazardAreaBuilder(marginMeters: margin?.meters ?? HazardFootprint.defaultMarginMeters,
                                                includeStockpiles: includeStockpiles)
                let areas = try builder.build(incidents, catalog: try store.catalog(), gazetteer: geoData.map { Gazetteer(deferredURL: $0.places) })
                if let at {
                    let point = try Coordinate(parsingLonLat: at, name: "--at")
                    let answer = try HazardAreaLocator(areas: areas).locate(point)
                    if let inside = answer.insideArea, let d = answer.edgeDistanceMeters {
                        let area = areas.first { $0.id == inside }!
                        print("INSIDE \(inside) (\(area.hazardClass.rawValue), priority \(area.priorityRank)): \(String(format: "%.1f", d)) m inside the edge")
                    } else if let nearest = answer.nearestArea, let d = answer.edgeDistanceMeters {
                        print("OUTSIDE: nearest hazard area \(nearest) is \(String(format: "%.1f", d)) m away (geodesic, to its edge)")
                    } else {
                        print("OUTSIDE: no hazard areas match the filters")
                    }
                    return
                }
                let options = OutputOptions.with(output: output)
                try options.withSink { sink in
                    let writer: FeatureWriter
                    switch format {
                    case .geojson: writer = GeoJSONFeatureWriter(sink: sink)
                    case .csv:
                        writer = CSVFeatureWriter(sink: sink, columns: ["id", "class", "priority_rank", "priority_score", "area_ha", "perimeter_m",
                                                                        "incident_count", "incident_ids", "first_date", "last_date",
                                                                        "submunitions_delivered", "incidents_count_unknown", "remnants_low",
                                                                        "remnants_high", "killed", "injured", "nearest_place", "nearest_place_m"])
                    case .table:
                        writer = TableFeatureWriter(sink: sink, columns: [
                            .init("priority_rank", "RANK", width: 4, rightAligned: true), .init("id", "AREA", width: 15),
                            .init("class", "CLS", width: 3), .init("area_ha", "HA", width: 9, rightAligned: true),
                            .init("incident_count", "INC", width: 3, rightAligned: true),
                            .init("remnants_high", "REM_HI", width: 7, rightAligned: true),
                            .init("nearest_place", "NEAREST", width: 20), .init("nearest_place_m", "DIST_M", width: 8, rightAligned: true),
                        ])
                    }
                    try writer.begin()
                    for a in areas { try writer.write(a.feature) }
                    try writer.finish()
                }
            }
        }
    }
}
