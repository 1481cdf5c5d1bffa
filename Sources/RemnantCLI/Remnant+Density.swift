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

        @Option(name: .customShort("o"), help: "Write the GeoTIFF (.tif), or with --hex the hexagons (GeoJSON or CSV), to FILE.")
        var file: String?

        @Option(help: "Write hotspot bands (GeoJSON) to FILE.")
        var hotspots: String?

        @Option(help: "Hotspot band levels, ascending, comma-separated (in the units of --output).")
        var levels: String?

        @Option(help: "Hotspot band levels as quantiles of the non-zero cells, e.g. 0.5,0.9 (the default).")
        var quantiles: String?

        @Option(help: "Hex bins instead of a kernel density: the spacing between hexagon centres (e.g. 2km).",
                transform: { try Distance(parsing: $0) })
        var hex: Distance?

        @Option(help: "Format of the hexagons or hotspots: geojson, geojsonseq or csv (default: from the file extension, else geojson).")
        var format: PolygonFormat?

        @Flag(help: "Include stockpile sites (left out by default: they are not strikes).")
        var includeStockpiles = false

        @OptionGroup var storeOptions: StoreOptions

        enum DensityValues: String, ExpressibleByArgument, CaseIterable { case raw, scaled }
        enum PolygonFormat: String, ExpressibleByArgument, CaseIterable { case geojson, geojsonseq, csv }

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
        }

        func run() throws {
            try Console.run {
                let (store, _) = try storeOptions.open()
                let incidents = try store.incidents(matching: try filters.filter()).map(\.incident)
                let input = DensityInput(incidents: incidents, weight: weight, catalog: try store.catalog(), includeStockpiles: includeStockpiles)
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
            try writePolygons(bins.map(\.feature), to: file,
                              csvColumns: ["id", "q", "r", "count", "weight_sum", "area_ha", "center_lon", "center_lat"])
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
                let quantileList = try quantiles.map { try Self.numbers($0, option: "--quantiles") } ?? (levels == nil ? [0.5, 0.9] : nil)
                let levelList = try levels.map { try Self.numbers($0, option: "--levels") } ?? surface.levels(atQuantiles: quantileList!)
                let bands = try surface.hotspotBands(levels: levelList, quantiles: quantileList)
                try writePolygons(bands.map { $0.feature() }, to: hotspots,
                                  csvColumns: ["id", "band", "level_min", "level_max", "quantile", "area_ha", "polygon_count"])
                for b in bands {
                    print("  hotspot band \(b.index): ≥ \(String(format: "%.6g", b.lowerLevel))"
                          + (b.upperLevel.map { " and < \(String(format: "%.6g", $0))" } ?? "")
                          + (b.quantile.map { " (quantile \($0))" } ?? "") + ": \(String(format: "%.1f", b.areaHectares)) ha in \(b.polygons.count) polygons")
                }
                print("  wrote \(hotspots)")
            }
        }

        private func writePolygons(_ features: [Feature], to path: String?, csvColumns: [String]) throws {
            let chosen = format ?? (path.map { $0.lowercased().hasSuffix(".csv") ? .csv : ($0.lowercased().hasSuffix(".geojsonl") || $0.lowercased().hasSuffix(".geojsons") ? .geojsonseq : .geojson) } ?? .geojson)
            try OutputOptions.with(output: path).withSink { sink in
                let writer: FeatureWriter
                switch chosen {
                case .geojson: writer = GeoJSONFeatureWriter(sink: sink)
                case .geojsonseq: writer = GeoJSONFeatureWriter(sink: sink, layout: .recordSeparator)
                case .csv: writer = CSVFeatureWriter(sink: sink, columns: csvColumns)
                }
                try writer.begin()
                for f in features { try writer.write(f) }
                try writer.finish()
            }
        }

        static func numbers(_ text: String, option: String) throws -> [Double] {
            try text.split(separator: ",").map { part in
                guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    throw ValidationError("\(option) '\(text)': '\(part)' is not a number.")
                }
                return v
            }
        }
    }
}

extension DensityKernel: ExpressibleByArgument {}
extension DensityWeight: ExpressibleByArgument {}
