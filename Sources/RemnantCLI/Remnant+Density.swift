import ArgumentParser
import Foundation
import RemnantAnalysis
import RemnantExport
import RemnantGeometry
import RemnantStore

extension Remnant {
    /// `remnant density [filters]`: kernel density (QGIS Heatmap semantics) as a GeoTIFF, hotspot
    /// bands as polygons, or hex bins.
    struct Density: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kernel density (QGIS Heatmap kernels) as a GeoTIFF, hotspot bands, or hex bins.",
            discussion: """
            The density is computed in a Lambert azimuthal equal-area frame centred on the selected incidents, \
            which the GeoTIFF carries as its CRS. Examples:
              remnant density --country GE --radius 5km --cell 100m -o Output/density-ge.tif
              remnant density --radius 10km --cell 500m --hotspots Output/hotspots.geojson --quantiles 0.5,0.9
              remnant density --hex 20km -o Output/hexes.geojson
            """)

        @OptionGroup var filters: DensityFilterOptions

        @Option(help: "Kernel: quartic, triangular, uniform, triweight or epanechnikov.")
        var kernel: DensityKernel = .quartic

        @Option(help: "Kernel radius (bandwidth): 500m, 5km, … (default 10km).", transform: { try Distance(parsing: $0) })
        var radius: Distance?

        @Option(help: "Cell size of the grid (default 500m).", transform: { try Distance(parsing: $0) })
        var cell: Distance?

        @Option(help: "Decay ratio of the triangular kernel, −1…1 (0: a cone).")
        var decay: Double = 0

        @Option(help: "Weight of each incident: count (1 each), submunitions (carriers × load) or casualties (killed + injured).")
        var weight: DensityWeight = .count

        @Option(name: .customLong("output"), help: "Cell values: raw (sums of kernel values) or scaled (per km², integrating to the total weight).")
        var values: DensityValues = .raw

        @Option(name: .customShort("o"), help: "Write the GeoTIFF (.tif), or with --hex the hexagons (any export format), to FILE.")
        var file: String?

        @Option(help: "Write hotspot bands to FILE (GeoJSON, KML/KMZ, GeoPackage or CSV, by extension or --format).")
        var hotspots: String?

        @Option(help: "Hotspot band levels, ascending, comma-separated (in the units of --output).")
        var levels: String?

        @Option(help: "Hotspot band levels as quantiles of the non-zero cells, e.g. 0.5,0.9 (the default).")
        var quantiles: String?

        @Option(help: "Hex bins instead of a kernel density: the spacing between hexagon centres (e.g. 2km).",
                transform: { try Distance(parsing: $0) })
        var hex: Distance?

        @Option(help: "Format of the hexagons or hotspots: geojson, geojsonseq, kml, kmz, gpkg or csv (default: from the file extension, else geojson).")
        var format: ExportFormat?

        @Flag(help: "Include stockpile sites (left out by default: they are not strikes).")
        var includeStockpiles = false

        @OptionGroup var storeOptions: StoreOptions

        enum DensityValues: String, ExpressibleByArgument, CaseIterable { case raw, scaled }

        func validate() throws {
            if levels != nil && quantiles != nil { throw ValidationError("--levels and --quantiles exclude each other.") }
            if hex != nil && (hotspots != nil || levels != nil || quantiles != nil) {
                throw ValidationError("--hex makes hex bins; --hotspots, --levels and --quantiles belong to a kernel density.")
            }
            if hex == nil && file == nil && hotspots == nil {
                throw ValidationError("Say where to write: -o FILE.tif for the raster and/or --hotspots FILE.geojson (or use --hex).")
            }
            if let file, hex == nil, !file.lowercased().hasSuffix(".tif") && !file.lowercased().hasSuffix(".tiff") {
                throw ValidationError("-o '\(file)': the density raster is written as GeoTIFF; give a .tif file name.")
            }
            for (name, d) in [("--radius", radius), ("--cell", cell), ("--hex", hex)] where d != nil && d!.meters <= 0 {
                throw ValidationError("\(name) must be greater than 0.")
            }
            guard decay.isFinite, (-1...1).contains(decay) else { throw ValidationError("--decay must be between -1 and 1.") }
            try DensityLayerOptions.validateLevels(levels, quantiles)
        }

        func run() throws {
            try Console.run {
                let (store, _) = try storeOptions.open()
                let incidents = try store.incidents(matching: try filters.filter()).map(\.incident)
                let input = DensityInput(incidents: incidents, weight: weight, catalog: try store.catalog(), includeStockpiles: includeStockpiles)
                if !input.stockpiles.isEmpty {
                    Console.note("note: \(input.stockpiles.count) stockpile site(s) left out (--include-stockpiles to count them)")
                }
                if !input.unknownWeight.isEmpty {
                    Console.note("note: \(input.unknownWeight.count) of \(incidents.count) incidents left out: their \(weight.rawValue) is unknown")
                }
                if let hex {
                    try writeHexBins(input, spacing: hex.meters)
                } else {
                    try writeDensity(input)
                }
            }
        }

        private func writeHexBins(_ input: DensityInput, spacing: Double) throws {
            let (bins, crs) = try HexBinning(spacingMeters: spacing).bins(lonLat: input.points, weights: input.weights)
            try writePolygons(.hexes, bins.map(\.feature), to: file)
            Console.note("hex bins: \(bins.count) non-empty hexagons of \(((try? Distance(meters: spacing))?.description ?? "\(spacing) m")) spacing holding \(input.points.count) incidents "
                         + "(WGS 84 / LAEA centred \(crs.center.lat), \(crs.center.lon))\(file.map { "; wrote \($0)" } ?? "")")
        }

        private func writeDensity(_ input: DensityInput) throws {
            let radiusMeters = radius?.meters ?? 10_000, cellMeters = cell?.meters ?? 500
            let kde = try KernelDensity(kernel: kernel, radiusMeters: radiusMeters, cellMeters: cellMeters, decay: decay, scaled: values == .scaled)
            let surface = try kde.surface(lonLat: input.points, weights: input.weights)
            let g = surface.grid
            let peak = g.values.indices.max { g.values[$0] < g.values[$1] }!
            let peakAt = try surface.crs.transformer(in: PROJContext()).transform(g.center(row: peak / g.columns, column: peak % g.columns), inverse: true)
            print("density: \(kernel.rawValue) kernel, radius \(((try? Distance(meters: radiusMeters))?.description ?? "\(radiusMeters) m")), cell \(((try? Distance(meters: cellMeters))?.description ?? "\(cellMeters) m")), "
                  + "\(values.rawValue)\(values == .scaled ? " (per km²)" : ""), weight \(weight.rawValue)")
            print("  \(input.points.count) incidents, total weight \(surface.totalWeight); grid \(g.columns) × \(g.rows) cells, "
                  + "WGS 84 / Lambert azimuthal equal-area centred \(String(format: "%.4f, %.4f", surface.crs.center.lon, surface.crs.center.lat))")
            print("  peak \(String(format: "%.6g", g.values[peak])) at \(String(format: "%.4f, %.4f", peakAt.lon, peakAt.lat))")
            if let file {
                try GeoTIFFWriter.write(surface, to: URL(fileURLWithPath: file))
                print("  wrote \(file)")
            }
            if let hotspots {
                let bands = try DensityLayerOptions.bands(of: surface, levels: levels, quantiles: quantiles)
                try writePolygons(.hotspots, bands.map { $0.feature() }, to: hotspots)
                for b in bands {
                    print("  hotspot band \(b.index): ≥ \(String(format: "%.6g", b.lowerLevel))"
                          + (b.upperLevel.map { " and < \(String(format: "%.6g", $0))" } ?? "")
                          + (b.quantile.map { " (quantile \($0))" } ?? "") + ": \(String(format: "%.1f", b.areaHectares)) ha in \(b.polygons.count) polygons")
                }
                print("  wrote \(hotspots)")
            }
        }

        private func writePolygons(_ kind: LayerKind, _ features: [Feature], to path: String?) throws {
            let chosen = try ExportFormat.resolve(format, path: path, otherwise: .geojson)
            if path == nil && !chosen.streamsToStandardOutput { throw ValidationError("\(chosen.rawValue) is a binary file; give a file name.") }
            try FeatureExporter.export([.inMemory(kind: kind, features: features)], format: chosen, to: path.map { URL(fileURLWithPath: $0) },
                                       options: ExportOptions(title: "Remnant: \(kind.title)"))
        }
    }
}
