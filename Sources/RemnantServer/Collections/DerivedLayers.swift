#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import RemnantAnalysis
import RemnantExport
import RemnantGeometry
import RemnantStore
import Synchronization

/// The layers the server derives from the whole store, as Sendable features: hazard areas
/// (``HazardAreaBuilder`` with its defaults: 100 m margin, stockpiles left out) and hex bins
/// (``HexBinning`` per country, 10 km spacing). Computed once per ``DataVersion``; the GEOS and
/// PROJ contexts they need live only inside the computation.
public struct DerivedLayers: Sendable {
    public var version: DataVersion
    public var zones: [Feature]
    public var hexes: [Feature]

    public static let hexSpacingMeters = 10_000.0

    /// Builds both layers from every incident in `store`.
    public static func build(store: IncidentStore, gazetteerURL: URL?, version: DataVersion) throws -> DerivedLayers {
        let incidents = try store.incidents().map(\.incident)
        let catalog = try store.catalog()
        let areas = incidents.isEmpty ? [] : try HazardAreaBuilder().build(incidents, catalog: catalog,
                                                                          gazetteer: gazetteerURL.map { Gazetteer(deferredURL: $0) })
        return DerivedLayers(version: version, zones: areas.map(\.feature), hexes: try hexBins(incidents))
    }

    /// Hex bins of the strikes and remnant finds (stockpiles left out, as in `remnant density`),
    /// binned per country so each country's lattice stays within one equal-area frame; ids are
    /// `CC-HEXq_r` and each bin carries its `country`.
    static func hexBins(_ incidents: [Incident]) throws -> [Feature] {
        var byCountry: [String: [Coordinate]] = [:]
        for i in incidents where i.siteType != .stockpile { byCountry[i.country, default: []].append(i.location) }
        let binning = try HexBinning(spacingMeters: hexSpacingMeters)
        var features: [Feature] = []
        for country in byCountry.keys.sorted() {
            for bin in try binning.bins(lonLat: byCountry[country]!).bins {
                var f = bin.feature
                f.id = country + "-" + f.id
                f.properties[0] = ("id", .string(f.id))
                f.properties.insert(("country", .string(country)), at: 1)
                features.append(f)
            }
        }
        return features
    }
}

/// Holds the ``DerivedLayers`` of the latest data version, rebuilding them off the concurrency
/// pool (on a dispatch queue, so a long rebuild never starves request handling) when the store
/// changes. Callers waiting for a build share it.
final class DerivedLayerCache: Sendable {
    private enum State {
        case empty
        case building(DataVersion, [CheckedContinuation<DerivedLayers, any Error>])
        case ready(DerivedLayers)
    }

    private let state = Mutex<State>(.empty)
    private let queue = DispatchQueue(label: "remnant.derived-layers")
    private let build: @Sendable (DataVersion) throws -> DerivedLayers

    init(build: @escaping @Sendable (DataVersion) throws -> DerivedLayers) {
        self.build = build
    }

    /// Returns once no build is running (waiting for the one in progress, if any). A build runs
    /// GEOS and PROJ on another thread; the server waits for it before returning, because a
    /// process that exits during one crashes in PROJ's global destructors.
    func finishBuilding() async {
        while true {
            let running: DataVersion? = state.withLock { s in
                if case let .building(v, _) = s { return v }
                return nil
            }
            guard let running else { return }
            _ = try? await layers(for: running)
        }
    }

    /// The layers for `version`: cached, or built (once, however many callers wait).
    func layers(for version: DataVersion) async throws -> DerivedLayers {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<DerivedLayers, any Error>) in
            let start: Bool = state.withLock { s in
                switch s {
                case let .ready(layers) where layers.version == version:
                    c.resume(returning: layers)
                    return false
                case .building(let v, var waiting) where v == version:
                    waiting.append(c)
                    s = .building(v, waiting)
                    return false
                case .building(_, let waiting):
                    // A newer version arrived during a build: the waiters get the newer one.
                    s = .building(version, waiting + [c])
                    return true
                default:
                    s = .building(version, [c])
                    return true
                }
            }
            if start { queue.async { self.run(version) } }
        }
    }

    private func run(_ version: DataVersion) {
        let result = Result { try build(version) }
        #if canImport(Glibc)
        // A build reads every incident and runs GEOS over them: hundreds of MiB that glibc keeps
        // in its arenas once freed (resident size stayed at ~650 MiB for 100,000 incidents).
        // Hand the free pages back to the system (glibc's malloc_trim(3), looked up at run time:
        // <malloc.h> is not part of Swift's Glibc module).
        if let symbol = dlsym(nil, "malloc_trim") {
            _ = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)(0)
        }
        #endif
        let waiting: [CheckedContinuation<DerivedLayers, any Error>] = state.withLock { s in
            guard case let .building(v, waiting) = s, v == version else { return [] }
            switch result {
            case let .success(layers): s = .ready(layers)
            case .failure: s = .empty
            }
            return waiting
        }
        for c in waiting { c.resume(with: result) }
    }
}
