import ArgumentParser
import Foundation
import RemnantAnalysis
import RemnantExport
import RemnantGeometry
import RemnantStore

extension ExportFormat: ExpressibleByArgument {
    /// `format` when given, else the one `path`'s extension names, else `otherwise` (no path:
    /// standard output). An extension that names no format is a usage error listing the formats.
    static func resolve(_ format: ExportFormat?, path: String?, otherwise: ExportFormat) throws -> ExportFormat {
        if let format { return format }
        guard let path else { return otherwise }
        guard let inferred = ExportFormat(inferringFrom: path) else {
            throw ValidationError("cannot tell the format of '\(path)' from its extension; give --format (\(ExportFormat.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        return inferred
    }
}
extension LayerKind: ExpressibleByArgument {}

extension Remnant {
    /// `remnant export --layer incidents|zones|hexes|hotspots … -o FILE`: GeoJSON, GeoJSON sequences, KML/KMZ,
    /// GeoPackage or CSV, written atomically.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export incidents, hazard areas, hex bins or hotspots as GeoJSON, GeoJSON text sequences, KML/KMZ, GeoPackage or CSV.")

        @Option(help: "Layer to export: incidents, zones, hexes or hotspots; repeat for several in one KML/KMZ/GeoPackage.")
        var layer: [LayerKind] = []

        @Option(help: "geojson, geojsonseq, kml, kmz, gpkg or csv (default: from the -o extension).")
        var format: ExportFormat?

        @Option(name: .shortAndLong, help: "Write to FILE (atomically); standard output when omitted (text formats only).")
        var output: String?

        @Option(help: "Decimal places of coordinates (default 6, about 0.1 m).")
        var precision: Int = 6

        @Flag(help: "CSV: add a HXL hashtag row under the header.")
        var hxl = false

        @OptionGroup var filters: IncidentFilterOptions
        @OptionGroup var zoneOptions: ZoneOptions
        @OptionGroup var densityOptions: DensityLayerOptions
        @OptionGroup var storeOptions: StoreOptions

        var layers: [LayerKind] { layer.isEmpty ? [.incidents] : layer }

        func resolvedFormat() throws -> ExportFormat {
            guard format != nil || output != nil else { throw ValidationError("give --format, or -o FILE with a known extension.") }
            return try ExportFormat.resolve(format, path: output, otherwise: .geojson)
        }

        func validate() throws {
            guard (0...15).contains(precision) else { throw ValidationError("--precision must be between 0 and 15.") }
            let format = try resolvedFormat()
            if layers.count > 1 && !format.holdsSeveralLayers {
                throw ValidationError("\(format.rawValue) holds one layer; several --layer need kml, kmz or gpkg.")
            }
            if output == nil && !format.streamsToStandardOutput {
                throw ValidationError("\(format.rawValue) is a binary file; give -o FILE.")
            }
            if hxl && format != .csv { throw ValidationError("--hxl applies to csv only.") }
            if Set(layers).count != layers.count { throw ValidationError("each --layer may be given once.") }
        }

        func run() throws {
            try Console.run {
                let (store, geoData) = try storeOptions.open()
                let filter = try filters.filter()
                var built: [FeatureLayer] = []
                // Hex bins and hotspots share one read of the incidents and their weights.
                var densityInput: DensityInput?
                func weighted() throws -> DensityInput {
                    if let densityInput { return densityInput }
                    let incidents = try store.incidents(matching: filter).map(\.incident)
                    let input = DensityInput(incidents: incidents, weight: densityOptions.weight, catalog: try store.catalog(),
                                             includeStockpiles: zoneOptions.includeStockpiles)
                    densityInput = input
                    return input
                }
                for kind in layers {
                    switch kind {
                    case .incidents: built.append(try .incidents(from: store, matching: filter))
                    case .zones: built.append(.zones(try zoneOptions.areas(store: store, filter: filter, geoData: geoData)))
                    case .hexes, .hotspots:
                        let input = try weighted()
                        let features = kind == .hexes ? try densityOptions.hexFeatures(input) : try densityOptions.hotspotFeatures(input)
                        built.append(.inMemory(kind: kind, features: features))
                    }
                }
                let options = ExportOptions(precision: precision, hxl: hxl, title: "Remnant: " + layers.map(\.title).joined(separator: ", "),
                                            summary: "Cluster-munition contamination exported by Remnant \(Remnant.version). Incidents are allegations as reported by the cited sources.")
                try FeatureExporter.export(built, format: try resolvedFormat(), to: output.map { URL(fileURLWithPath: $0) }, options: options)
            }
        }
    }
}

/// The hazard-area options shared by `zones` and `export --layer zones`.
struct ZoneOptions: ParsableArguments {
    @Option(help: "Safety margin added to every footprint radius (default 100m).", transform: { try Distance(parsing: $0) })
    var margin: Distance?

    @Flag(help: "Include stockpile sites (left out by default: they are not strike footprints).")
    var includeStockpiles = false

    /// The hazard areas of the incidents matching `filter`, ranked.
    func areas(store: IncidentStore, filter: IncidentFilter, geoData: GeoData?) throws -> [HazardArea] {
        let incidents = try store.incidents(matching: filter).map(\.incident)
        let builder = HazardAreaBuilder(marginMeters: margin?.meters ?? HazardFootprint.defaultMarginMeters, includeStockpiles: includeStockpiles)
        return try builder.build(incidents, catalog: try store.catalog(), gazetteer: geoData.map { Gazetteer(deferredURL: $0.places) })
    }
}
