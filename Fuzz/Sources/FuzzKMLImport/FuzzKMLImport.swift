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
            let chunk = Fuzzer.readSize(forInputOf: count)
            MainActor.assumeIsolated {
                ImportHarness.shared.run { emit throws(StoreError) in
                    for raw in try KMLIncidentReader.read(data: data, file: "fuzz.kml", chunkSize: chunk) { try emit(raw) }
                }
            }
            return 0
        }
    }
}
