import ArgumentParser
import Foundation
import RemnantAnalysis
import RemnantExport
import RemnantGeometry
import RemnantStore

/// The density options of `export --layer hexes|hotspots`. `--radius` there is the incident
/// filter's, so the kernel's is `--kernel-radius`; `-o/--output` is the file, so scaled values
/// are `--scaled`. Defaults are those of `remnant density`.
struct DensityLayerOptions: ParsableArguments {
    @Option(help: "hexes: distance between hexagon centres (default 10km).", transform: { try Distance(parsing: $0) })
    var hex: Distance?

    @Option(help: "hotspots: kernel (quartic, triangular, uniform, triweight, epanechnikov).")
    var kernel: DensityKernel = .quartic

    @Option(help: "hotspots: kernel radius (default 10km).", transform: { try Distance(parsing: $0) })
    var kernelRadius: Distance?

    @Option(help: "hotspots: grid cell size (default 500m).", transform: { try Distance(parsing: $0) })
    var cell: Distance?

    @Option(help: "hexes and hotspots: weight of each incident (count, submunitions, casualties).")
    var weight: DensityWeight = .count

    @Flag(help: "hotspots: levels in scaled values (per km²) instead of raw kernel sums.")
    var scaled = false

    @Option(help: "hotspots: band levels, ascending, comma-separated.")
    var levels: String?

    @Option(help: "hotspots: band levels as quantiles of the non-zero cells (default 0.5,0.9).")
    var quantiles: String?

    func validate() throws {
        if levels != nil && quantiles != nil { throw ValidationError("--levels and --quantiles exclude each other.") }
        for (name, d) in [("--hex", hex), ("--kernel-radius", kernelRadius), ("--cell", cell)] where d != nil && d!.meters <= 0 {
            throw ValidationError("\(name) must be greater than 0.")
        }
        try Self.validateLevels(levels, quantiles)
    }

    /// `--levels`: numbers, ascending; `--quantiles`: numbers in (0, 1), ascending.
    static func validateLevels(_ levels: String?, _ quantiles: String?) throws {
        for (option, text) in [("--levels", levels), ("--quantiles", quantiles)] {
            guard let text else { continue }
            let values = try numbers(text, option: option)
            guard !values.isEmpty else { throw ValidationError("\(option) '\(text)': give at least one number.") }
            guard zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw ValidationError("\(option) '\(text)' must be in ascending order.")
            }
            if option == "--quantiles", !values.allSatisfy({ $0 > 0 && $0 < 1 }) {
                throw ValidationError("--quantiles '\(text)': each quantile must be between 0 and 1 (exclusive).")
            }
        }
    }

    /// Hex bins of the weighted incidents as features.
    func hexFeatures(_ input: DensityInput) throws -> [Feature] {
        try HexBinning(spacingMeters: hex?.meters ?? 10_000).bins(lonLat: input.points, weights: input.weights).bins.map(\.feature)
    }

    /// Hotspot bands of the incidents' kernel density as features.
    func hotspotFeatures(_ input: DensityInput) throws -> [Feature] {
        let kde = try KernelDensity(kernel: kernel, radiusMeters: kernelRadius?.meters ?? 10_000, cellMeters: cell?.meters ?? 500, scaled: scaled)
        let surface = try kde.surface(lonLat: input.points, weights: input.weights)
        return try Self.bands(of: surface, levels: levels, quantiles: quantiles).map { $0.feature() }
    }

    /// Bands at `--levels`, or at `--quantiles` (0.5 and 0.9 when neither is given).
    static func bands(of surface: DensitySurface, levels: String?, quantiles: String?) throws -> [HotspotBand] {
        let quantileList = try quantiles.map { try numbers($0, option: "--quantiles") } ?? (levels == nil ? [0.5, 0.9] : nil)
        let levelList = try levels.map { try numbers($0, option: "--levels") } ?? surface.levels(atQuantiles: quantileList!)
        return try surface.hotspotBands(levels: levelList, quantiles: quantileList)
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

extension DensityKernel: ExpressibleByArgument {}
extension DensityWeight: ExpressibleByArgument {}
