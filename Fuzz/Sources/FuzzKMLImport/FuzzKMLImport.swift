import FuzzSupport
import RemnantStore

/// KML import: the DTD/entity screen, Foundation's XMLParser (libxml2) and Placemark mapping
/// (TimeStamp, ExtendedData, Point coordinates), then record validation.
@main
enum FuzzKMLImport {
    static func main() {
        ImportHarness.prepare()
        Fuzzer.run { bytes, count in
            let data = Fuzzer.data(bytes, count)
            // The streaming reader's chunk size, from the input's length: 1–13 bytes for most
            // inputs (chunk boundaries inside every token), 1 MiB (one chunk) for one in 14.
            let chunk = count % 14 == 0 ? 1 << 20 : count % 14
            MainActor.assumeIsolated {
                ImportHarness.shared.run { emit throws(StoreError) in
                    for raw in try KMLIncidentReader.read(data: data, file: "fuzz.kml", chunkSize: chunk) { try emit(raw) }
                }
            }
            return 0
        }
    }
}
