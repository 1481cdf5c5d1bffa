import Foundation
import RemnantGeometry
import RemnantStore

/// What every import fuzz target does with the records a reader produced: validates each one
/// with the import's own ``IncidentRecordParser`` against the shipped munition catalog,
/// gazetteer and country boundaries (`GeoData/`), as `remnant import` does, but without a store.
///
/// Main-actor isolated: libFuzzer calls `LLVMFuzzerTestOneInput` on the main thread, and the
/// gazetteer and boundaries (GEOS handles) are not Sendable.
@MainActor
public final class ImportHarness {
    public static let shared = ImportHarness()

    /// Loads the reference data before libFuzzer starts timing inputs (it takes seconds).
    public static func prepare() {
        _ = shared
    }

    let catalog: MunitionCatalog
    let gazetteer: Gazetteer
    let boundaries: CountryBoundaries

    private init() {
        do {
            // `$REMNANT_DATA`, ./GeoData, or the repository above Fuzz/.build/release/.
            let data = try GeoData.locate()
            catalog = try MunitionCatalog(url: data.munitions)
            gazetteer = try Gazetteer(url: data.places)
            boundaries = try CountryBoundaries(url: data.countries)
            // The name index is built on the first lookup: build it now, so that it is not
            // charged to (and does not time out) the first input that geocodes.
            _ = try gazetteer.lookup("Gori", country: "GE")
        } catch {
            fatalError("fuzz harness: cannot load GeoData: \(error)")
        }
    }

    /// Reads records with `read` and validates each; a `StoreError` anywhere is an expected
    /// outcome (the input is refused), so it is only rendered, as the CLI would print it.
    public func run(_ read: (_ emit: (RawRecord) throws(StoreError) -> Void) throws(StoreError) -> Void) {
        var parser = IncidentRecordParser(catalog: catalog, gazetteer: gazetteer, boundaries: boundaries)
        parser.beginFile()
        do throws(StoreError) {
            try read { raw throws(StoreError) in
                let incident = try parser.parse(raw)
                Self.check(incident)
            }
        } catch {
            precondition(!error.description.isEmpty, "an import error must say what is wrong")
        }
        for w in parser.warnings { precondition(!w.message.isEmpty) }
    }

    /// What validation promises about every incident it lets through.
    static func check(_ i: Incident) {
        precondition(i.location.isValidLonLat, "accepted an out-of-range location \(i.location)")
        precondition(!i.id.isEmpty && i.id.count <= 128, "accepted id '\(i.id)'")
        precondition((1900...2100).contains(i.date.year), "accepted year \(i.date.year)")
        precondition(i.date.firstDay <= i.date.lastDay, "date period \(i.date.firstDay)…\(i.date.lastDay) runs backwards")
        precondition(i.country.count == 2, "accepted country '\(i.country)'")
        precondition(!i.sources.isEmpty, "accepted an incident without sources")
        if let u = i.uncertaintyMeters { precondition(u >= 0 && u.isFinite, "accepted uncertainty \(u)") }
    }
}
