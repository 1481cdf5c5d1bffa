import Foundation
import Testing
@testable import RemnantStore

@Suite struct BoundaryLayerTests {
    static let geoData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("GeoData")

    @Test func readsCountriesAndAdmin1WithNamesAndCodes() throws {
        let countries = try BoundaryLayer.read(url: Self.geoData.appendingPathComponent("boundaries/countries.geojson"))
        #expect(countries.count == 20)
        let georgia = try #require(countries.first { $0.code == "GE" })
        #expect(georgia.name == "Georgia" && georgia.country == "GE")
        let box = try #require(georgia.bounds)
        #expect(box.minX > 39.9 && box.maxX < 46.8 && box.minY > 41 && box.maxY < 43.6)
        let admin1 = try BoundaryLayer.read(url: Self.geoData.appendingPathComponent("boundaries/admin1.geojson"))
        #expect(admin1.count == 143)
        #expect(admin1.contains { $0.code.hasPrefix("GE-") && $0.country == "GE" })
    }

    @Test func refusesANonPolygonLayer() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bl-\(UUID().uuidString).geojson")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,2]}}]}"#.utf8).write(to: url)
        #expect(throws: StoreError.self) { try BoundaryLayer.read(url: url) }
    }
}
