import Foundation
import GRDB
import Testing
import RemnantGeometry
@testable import RemnantStore

/// New GeoPackages of arbitrary layers, checked by GDAL's validator and SQLite's rtreecheck().
@Suite struct GeoPackageWriterTests {
    let square: [UInt8] = {
        var b: [UInt8] = [1, 6, 0, 0, 0, 1, 0, 0, 0, 1, 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0]
        for (x, y) in [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)] {
            withUnsafeBytes(of: x.bitPattern.littleEndian) { b += $0 }
            withUnsafeBytes(of: y.bitPattern.littleEndian) { b += $0 }
        }
        return b
    }()

    @Test func writesTypedTablesThatValidate() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("layers.gpkg").path
        try GeoPackageWriter.write(to: path) { w in
            try w.beginTable("points", description: "p", geometryType: .point,
                             columns: [.init("name", .text), .init("n", .integer), .init("ok", .boolean), .init("day", .date)])
            for i in 0..<2_000 {
                let c = Coordinate(lon: Double(i % 50) / 10, lat: Double(i / 50) / 10)
                try w.insert(geometry: GeoPackageBinary.point(c), envelope: BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y),
                             values: [.text("p\(i)"), .integer(i), .integer(i % 2), i % 3 == 0 ? .null : .text("2015-01-02")])
            }
            try w.beginTable("areas", description: "a", geometryType: .multiPolygon, columns: [.init("area", .real)])
            let e = BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1)
            try w.insert(geometry: GeoPackageBinary.geometry(wkb: WKBBytes(square), envelope: e), envelope: e, values: [.real(1)])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["layers.gpkg"])
        let script = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
        let v = try TestSupport.run("/usr/bin/python3", [script, path])
        #expect(v.status == 0 && v.output.isEmpty, "\(v.output)")
        let info = try TestSupport.run("ogrinfo", ["-ro", "-so", path, "points"])
        #expect(info.output.contains("Feature Count: 2000") && info.output.contains("Geometry: Point") && info.output.contains("day: Date"))
        let areas = try TestSupport.run("ogrinfo", ["-ro", "-so", path, "areas"])
        #expect(areas.output.contains("Geometry: Multi Polygon") && areas.output.contains("Feature Count: 1"))
        let queue = try DatabaseQueue(path: path)
        for t in ["rtree_points_geom", "rtree_areas_geom"] {
            #expect(try queue.read { db in try String.fetchOne(db, sql: "SELECT rtreecheck('\(t)')") } == "ok")
        }
        let extent = try queue.read { db in try Row.fetchOne(db, sql: "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'points'")! }
        #expect((extent[0] as Double, extent[1] as Double, extent[2] as Double, extent[3] as Double) == (0, 0, 4.9, 3.9))
    }

    @Test func refusesExistingFilesAndDuplicateNames() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let existing = dir.appendingPathComponent("x.gpkg")
        try Data("keep".utf8).write(to: existing)
        #expect(throws: StoreError.self) { try GeoPackageWriter.write(to: existing.path) { _ in } }
        #expect(try String(contentsOf: existing, encoding: .utf8) == "keep")
        let path = dir.appendingPathComponent("y.gpkg").path
        #expect(throws: StoreError.self) {
            try GeoPackageWriter.write(to: path) { w in try w.beginTable("t", description: "", geometryType: .point, columns: [.init("A", .text), .init("a", .text)]) }
        }
        #expect(throws: StoreError.self) {
            try GeoPackageWriter.write(to: dir.appendingPathComponent("z.gpkg").path) { w in
                try w.beginTable("t", description: "", geometryType: .point, columns: [])
                try w.beginTable("T", description: "", geometryType: .point, columns: [])
            }
        }
    }
}
