import Foundation
import Testing

/// Hostile files through `remnant import` as a user runs it: exit status 1, one
/// `remnant: error: FILE:LOCATION: …` line on stderr, and the store exactly as it was.
@Suite struct HostileImportCLITests {
    static func contents(of name: String) -> Data {
        let header = "id,date,country,lon,lat,geo_precision,munition,source1_org\n"
        let row = "X-1,2015-01-01,UA,37.8,48.0,1,,synthetic test data\n"
        switch name {
        case "xxe.kml":
            return Data("""
                <?xml version="1.0"?>
                <!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>&xxe;</name><Point><coordinates>37.8,48.0</coordinates></Point></Placemark></kml>
                """.utf8)
        case "deep.geojson":
            return Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        case "line.csv":
            // 50 MiB on one line, built from one MiB (a 26-million-step loop is slow in a debug build).
            let mebibyte = Data(String(repeating: "a,", count: 1 << 19).utf8)
            return Data(header.utf8) + (0..<50).reduce(into: Data()) { d, _ in d += mebibyte } + Data("\n".utf8)
        case "nan.csv":
            return Data((header + row + "X-2,2015-01-01,UA,NaN,48.0,1,,synthetic test data\n").utf8)
        case "nul.geojson":
            return Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"X"#.utf8) + [0] + Data(#""}}]}"#.utf8)
        default:
            return Data()
        }
    }

    @Test(arguments: [
        ("xxe.kml", "xxe.kml: DTD/entity declarations are not allowed in KML"),
        ("deep.geojson", "deep.geojson: JSON error at line 1, column 65: nesting deeper than 64 levels"),
        ("line.csv", "line.csv:2: more than 1024 fields in one record"),
        ("nan.csv", "nan.csv:3: lon: 'NaN' is not a finite number"),
        ("nul.geojson", "nul.geojson:feature 1: JSON error at line 1, column 80: NUL byte in a string"),
        ("empty.kml", "empty.kml: empty file"),
    ])
    func hostileFileIsRefusedAndTheStoreIsUnchanged(name: String, message: String) throws {
        try CLITests.withStore { dir, env in
            let store = URL(fileURLWithPath: env["REMNANT_STORE"]!)
            #expect(try CLITests.run(["stats"], environment: env).status == 0)  // seeds 28 incidents
            let before = try CLITests.storeContents(store)
            let file = dir.appendingPathComponent(name)
            try Self.contents(of: name).write(to: file)
            let r = try CLITests.run(["import", file.path], environment: env)
            #expect(r.status == 1)
            #expect(r.stderr == "remnant: error: \(message)" || r.stderr.hasPrefix("remnant: error: \(message)"), "stderr: \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "stderr: \(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(try CLITests.storeContents(store) == before)
        }
    }
}
