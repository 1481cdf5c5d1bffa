import FuzzSupport
import RemnantStore

/// GeoJSON import: Remnant's own RFC 8259 parser, the Feature/Point structure and property
/// mapping, then record validation.
@main
enum FuzzGeoJSONImport {
    static func main() {
        ImportHarness.prepare()
        Fuzzer.run { bytes, count in
            let data = Fuzzer.data(bytes, count)
            // The streaming reader's chunk size, from the input's length: 1–13 bytes for most
            // inputs (chunk boundaries inside every token), 1 MiB (one chunk) for one in 14.
            let chunk = count % 14 == 0 ? 1 << 20 : count % 14
            MainActor.assumeIsolated {
                ImportHarness.shared.run { emit throws(StoreError) in
                    for raw in try GeoJSONIncidentReader.read(data: data, file: "fuzz.geojson", chunkSize: chunk) { try emit(raw) }
                }
            }
            return 0
        }
    }
}
