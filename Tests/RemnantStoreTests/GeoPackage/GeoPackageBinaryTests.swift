import Foundation
import Testing
import RemnantGeometry
@testable import RemnantStore

@Suite struct GeoPackageBinaryTests {
    @Test func pointEncodingMatchesTheSpecLayout() throws {
        let blob = GeoPackageBinary.point(Coordinate(lon: 44.1129, lat: 41.9853))
        #expect(blob.count == 29)
        #expect(Array(blob.prefix(8)) == [0x47, 0x50, 0x00, 0x01, 0xE6, 0x10, 0x00, 0x00])  // GP, v0, LE, srs 4326
        // The WKB part is what GEOS writes for the same point.
        let context = GEOSContext()
        let wkb = try Geometry.point(Coordinate(lon: 44.1129, lat: 41.9853), context: context).wkb()
        #expect(Array(blob.dropFirst(8)) == wkb.bytes)
        #expect(GeoPackageBinary.pointCoordinate(blob) == Coordinate(lon: 44.1129, lat: 41.9853))
        #expect(GeoPackageBinary.envelope(blob) == BoundingBox(minX: 44.1129, minY: 41.9853, maxX: 44.1129, maxY: 41.9853))
    }

    @Test func polygonWithEnvelopeAndBigEndianHeaders() throws {
        let context = GEOSContext()
        let g = try Geometry(wkt: "POLYGON ((0 0, 2 0, 2 3, 0 3, 0 0))", context: context)
        let blob = GeoPackageBinary.geometry(wkb: try g.wkb(), envelope: try g.boundingBox())
        let h = try #require(GeoPackageBinary.header(blob))
        #expect(h.envelope == BoundingBox(minX: 0, minY: 0, maxX: 2, maxY: 3) && h.wkbOffset == 40 && !h.isEmpty)
        #expect(GeoPackageBinary.pointCoordinate(blob) == nil)
        // Big-endian header and WKB (flags bit 0 clear), as another writer may produce.
        var be: [UInt8] = [0x47, 0x50, 0x00, 0x00, 0x00, 0x00, 0x10, 0xE6, 0x00, 0x00, 0x00, 0x00, 0x01]
        withUnsafeBytes(of: (5.5).bitPattern.bigEndian) { be += $0 }
        withUnsafeBytes(of: (-3.25).bitPattern.bigEndian) { be += $0 }
        #expect(GeoPackageBinary.header(Data(be))?.srsID == 4326)
        #expect(GeoPackageBinary.pointCoordinate(Data(be)) == Coordinate(x: 5.5, y: -3.25))
        #expect(GeoPackageBinary.header(Data([0x00, 0x01])) == nil)
    }
}
