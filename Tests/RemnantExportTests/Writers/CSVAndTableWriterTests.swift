import Foundation
import Testing
import RemnantGeometry
@testable import RemnantExport

@Suite struct CSVAndTableWriterTests {
    func render(_ make: (OutputSink) -> FeatureWriter, _ features: [Feature]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        let writer = make(OutputSink(handle: handle))
        try writer.begin()
        for f in features { try writer.write(f) }
        try writer.finish()
        try handle.close()
        return try String(contentsOf: url, encoding: .utf8)
    }

    let feature = Feature(id: "X-1", geometry: .point(Coordinate(lon: 1, lat: 2)),
                          properties: [("id", .string("X-1")), ("place", .string("Kafr Zita, \"north\"")), ("killed", .int(2)),
                                       ("sources", .array([.object([("organisation", .string("HRW")), ("title", .null),
                                                                    ("date", .date("2015-10")), ("url", .string("https://hrw.org"))])]))])

    @Test func csvQuotesAndSpreadsSources() throws {
        let text = try render({ CSVFeatureWriter(sink: $0, columns: ["id", "place", "killed"], sourceColumns: 2) }, [feature])
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "id,place,killed,source1_org,source1_title,source1_date,source1_url,source2_org,source2_title,source2_date,source2_url")
        #expect(lines[1] == "X-1,\"Kafr Zita, \"\"north\"\"\",2,HRW,,2015-10,https://hrw.org,,,,")
    }

    @Test func tableFitsEightyColumns() throws {
        let columns: [TableFeatureWriter.Column] = [.init("id", "ID", width: 24), .init("place", "PLACE", width: 40), .init("killed", "K", width: 14, rightAligned: true)]
        let text = try render({ TableFeatureWriter(sink: $0, columns: columns) }, [feature, feature])
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.last == "(2 rows)")
        #expect(lines[2].hasSuffix(" 2"))
    }
}
