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
            let chunk = Fuzzer.readSize(forInputOf: count)
            MainActor.assumeIsolated {
                ImportHarness.shared.run { emit throws(StoreError) in
                    for raw in try GeoJSONIncidentReader.read(data: data, file: "fuzz.geojson", chunkSize: chunk) { try emit(raw) }
                }
            }
            return 0
        }
    }
}
