import Testing
import RemnantGeometry
@testable import RemnantExport

/// WKB and WKT written by the export layer, read back by GEOS.
@Suite struct FeatureGeometryEncodingTests {
    let square = [Coordinate(x: 0, y: 0), Coordinate(x: 0, y: 4), Coordinate(x: 4, y: 4), Coordinate(x: 4, y: 0), Coordinate(x: 0, y: 0)]
    let hole = [Coordinate(x: 1, y: 1), Coordinate(x: 2, y: 1), Coordinate(x: 2, y: 2), Coordinate(x: 1, y: 2), Coordinate(x: 1, y: 1)]

    @Test func wkbReadsBackInGEOS() throws {
        let context = GEOSContext()
        let g = try Geometry(wkb: FeatureGeometry.multiPolygon([[square, hole], [square.map { Coordinate(x: $0.x + 10, y: $0.y) }]]).wkb, context: context)
        #expect(g.type == .multiPolygon)
        #expect(abs(try g.area() - (16 - 1 + 16)) < 1e-12)
        #expect(try g.invalidityReason() == nil)
        let p = try Geometry(wkb: FeatureGeometry.point(Coordinate(lon: 44.1, lat: 41.9)).wkb, context: context)
        #expect(p.type == .point)
        #expect(FeatureGeometry.multiPolygon([[square, hole]]).envelope == BoundingBox(minX: 0, minY: 0, maxX: 4, maxY: 4))
    }

    @Test func wktReadsBackInGEOS() throws {
        let context = GEOSContext()
        let wkt = FeatureGeometry.multiPolygon([[square, hole]]).wkt()
        #expect(wkt == "POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 1 2, 2 2, 2 1, 1 1))")
        #expect(abs(try Geometry(wkt: wkt, context: context).area() - 15) < 1e-12)
        #expect(FeatureGeometry.point(Coordinate(lon: 44.11290049, lat: 41.9853)).wkt() == "POINT (44.1129 41.9853)")
    }
}
