import Testing
@testable import RemnantGeometry

@Suite struct CoordinateTests {
    @Test func parsesLonLatInThatOrder() throws {
        let c = try Coordinate(parsingLonLat: "44.1129, 41.9853")
        #expect(c.lon == 44.1129 && c.lat == 41.9853)
        #expect(c.x == c.lon && c.y == c.lat)
    }

    @Test func swappedOrderGetsAHint() {
        // 95.1 is no latitude, but 41.9853,95.1 read as LAT,LON is a place in Central Asia.
        #expect {
            _ = try Coordinate(parsingLonLat: "41.9853,95.1")
        } throws: { error in
            "\(error)".contains("did you give LAT,LON?")
        }
        // No order makes sense here, so no hint.
        #expect {
            _ = try Coordinate(parsingLonLat: "200,41")
        } throws: { error in
            "\(error)".contains("longitude must be in [-180, 180]") && !"\(error)".contains("LAT,LON?")
        }
    }

    @Test(arguments: ["", "44.1", "a,b", "1,2,3", "nan,1", "inf,2", "181,0", "0,-91"])
    func rejectsMalformed(text: String) {
        #expect(throws: GeometryError.self) { _ = try Coordinate(parsingLonLat: text) }
    }

    @Test func boundingBoxCoversAndIntersects() throws {
        let box = try #require(BoundingBox(covering: [Coordinate(x: 3, y: 1), Coordinate(x: -1, y: 5), Coordinate(x: 2, y: 2)]))
        #expect(box == BoundingBox(minX: -1, minY: 1, maxX: 3, maxY: 5))
        #expect(box.array == [-1, 1, 3, 5])
        #expect(box.contains(Coordinate(x: 0, y: 3)))
        #expect(!box.intersects(BoundingBox(minX: 4, minY: 0, maxX: 5, maxY: 1)))
        #expect(BoundingBox(covering: []) == nil)
    }

    @Test func wkbHexIsUpperCase() {
        #expect(WKBBytes([0x01, 0xAB, 0x0F]).hex == "01AB0F")
    }
}
