import FuzzSupport
import RemnantStore

/// CSV import in all three layouts (Remnant's columns, HXL hashtags, ACLED export): the
/// streaming CSV reader, layout detection and column mapping, then record validation.
@main
enum FuzzCSVImport {
    static func main() {
        ImportHarness.prepare()
        Fuzzer.run { bytes, count in
            let data = Fuzzer.data(bytes, count)
            MainActor.assumeIsolated {
                ImportHarness.shared.run { emit throws(StoreError) in
                    let reader = try CSVIncidentReader(reader: CSVReader(data: data, name: "fuzz.csv"))
                    while let raw = try reader.next() { try emit(raw) }
                }
            }
            return 0
        }
    }
}
