import Foundation
import Testing
import RemnantGeometry
@testable import RemnantExport

@Suite struct GeoJSONFeatureWriterTests {
    func render(_ features: [Feature], layout: GeoJSONFeatureWriter.Layout = .collection, precision: Int = 6) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("out.json")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        let writer = GeoJSONFeatureWriter(sink: OutputSink(handle: handle), precision: precision, layout: layout)
        try writer.begin()
        for f in features { try writer.write(f) }
        try writer.finish()
        try handle.close()
        return try String(contentsOf: url, encoding: .utf8)
    }

    let point = Feature(id: "GE-2008-ruisi", geometry: .point(Coordinate(lon: 43.95693712345, lat: 42.037872)),
                        properties: [("killed", .int(3)), ("date", .date("2008-08-12")), ("note", .string("a \"quoted\"\nline")),
                                     ("civilian", .bool(true)), ("carriers", .null), ("sources", .array([.object([("url", .string("https://x/y"))])]))])

    @Test func collectionIsRFC7946WithBBoxAndTypedProperties() throws {
        let text = try render([point])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "FeatureCollection")
        #expect(object["crs"] == nil)
        #expect(object["bbox"] as? [Double] == [43.956937, 42.037872, 43.956937, 42.037872])
        let feature = try #require((object["features"] as? [[String: Any]])?.first)
        #expect(feature["id"] as? String == "GE-2008-ruisi")
        let props = try #require(feature["properties"] as? [String: Any])
        #expect(props["killed"] as? Int == 3)
        #expect(props["civilian"] as? Bool == true)
        #expect(props["carriers"] is NSNull)
        #expect(props["note"] as? String == "a \"quoted\"\nline")
        #expect((props["sources"] as? [[String: Any]])?.first?["url"] as? String == "https://x/y")
        let coords = (feature["geometry"] as? [String: Any])?["coordinates"] as? [Double]
        #expect(coords == [43.956937, 42.037872])
    }

    @Test func polygonsFollowTheRightHandRule() throws {
        // Clockwise exterior and counter-clockwise hole in; the writer must flip both.
        let shell = [Coordinate(x: 0, y: 0), Coordinate(x: 0, y: 4), Coordinate(x: 4, y: 4), Coordinate(x: 4, y: 0), Coordinate(x: 0, y: 0)]
        let hole = [Coordinate(x: 1, y: 1), Coordinate(x: 2, y: 1), Coordinate(x: 2, y: 2), Coordinate(x: 1, y: 2), Coordinate(x: 1, y: 1)]
        let text = try render([Feature(id: "z", geometry: .multiPolygon([[shell, hole]]), properties: [])])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let geometry = try #require((object["features"] as? [[String: Any]])?.first?["geometry"] as? [String: Any])
        #expect(geometry["type"] as? String == "Polygon")
        let rings = try #require(geometry["coordinates"] as? [[[Double]]])
        func signed(_ r: [[Double]]) -> Double { zip(r, r.dropFirst()).map { $0[0] * $1[1] - $1[0] * $0[1] }.reduce(0, +) }
        #expect(signed(rings[0]) > 0)
        #expect(signed(rings[1]) < 0)
    }

    @Test func newlineDelimitedAndRecordSeparatedSequences() throws {
        let nd = try render([point, point], layout: .newlineDelimited)
        #expect(nd.split(separator: "\n").count == 2)
        #expect(nd.split(separator: "\n").allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        let rs = try render([point], layout: .recordSeparator)
        #expect(rs.hasPrefix("\u{1E}{") && rs.hasSuffix("}\n"))
    }

    @Test func controlCharactersAreEscaped() {
        #expect(JSONText.string("a\u{01}b\u{2028}") == "\"a\\u0001b\\u2028\"")
        #expect(JSONText.number(.nan) == "null")
        #expect(JSONText.coordinate(44.11290049, decimals: 6) == "44.1129")
    }
}
