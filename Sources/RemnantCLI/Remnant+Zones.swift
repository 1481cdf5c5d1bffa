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

        @OptionGroup var zoneOptions: ZoneOptions

        @Option(parsing: .unconditional, help: "Is this point (LON,LAT) inside a hazard area? Prints the area and the distance to its edge.")
        var at: String?

        @Option(help: "Output format: table, geojson, geojsonseq, kml, kmz, gpkg or csv (default: from the -o extension, else table).")
        var format: ZoneFormat?

        @Option(name: .shortAndLong, help: "Write to FILE (atomically) instead of standard output.")
        var output: String?

        @Option(help: "Decimal places of coordinates (default 6).")
        var precision: Int = 6

        @OptionGroup var storeOptions: StoreOptions

        enum ZoneFormat: String, ExpressibleByArgument, CaseIterable { case table, geojson, geojsonseq, kml, kmz, gpkg, csv }

        var resolvedFormat: ZoneFormat {
            format ?? output.flatMap { ExportFormat(inferringFrom: $0) }.flatMap { ZoneFormat(rawValue: $0.rawValue) } ?? .table
        }

        func validate() throws {
            guard (0...15).contains(precision) else { throw ValidationError("--precision must be between 0 and 15.") }
            if let at { _ = try IncidentAttributeFilterOptions.lonLat(at, option: "--at") }
            if output == nil, resolvedFormat == .kmz || resolvedFormat == .gpkg {
                throw ValidationError("\(resolvedFormat.rawValue) is a binary file; give -o FILE.")
            }
        }

        func run() throws {
            try Console.run {
                let (store, geoData) = try storeOptions.open()
                let areas = try zoneOptions.areas(store: store, filter: try filters.filter(), geoData: geoData)
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
                if let export = ExportFormat(rawValue: resolvedFormat.rawValue) {
                    let options = ExportOptions(precision: precision, title: "Remnant: hazard areas",
                                                summary: "Hazard areas (CHA/SHA) from merged geodesic incident footprints, ranked by priority (Remnant \(Remnant.version)).")
                    try FeatureExporter.export([.zones(areas)], format: export, to: output.map { URL(fileURLWithPath: $0) }, options: options)
                    return
                }
                try OutputOptions.with(output: output).withSink { sink in
                    let writer = TableFeatureWriter(sink: sink, columns: [
                        .init("priority_rank", "RANK", width: 4, rightAligned: true), .init("id", "AREA", width: 15),
                        .init("class", "CLS", width: 3), .init("area_ha", "HA", width: 9, rightAligned: true),
                        .init("incident_count", "INC", width: 3, rightAligned: true),
                        .init("remnants_high", "REM_HI", width: 7, rightAligned: true),
                        .init("nearest_place", "NEAREST", width: 20), .init("nearest_place_m", "DIST_M", width: 8, rightAligned: true),
                    ])
                    try writer.begin()
                    for a in areas { try writer.write(a.feature) }
                    try writer.finish()
                }
            }
        }
    }
}
