import Testing
@testable import RemnantGeometry

@Suite struct STRtreeTests {
    @Test func queryMatchesBruteForce() throws {
        let context = GEOSContext()
        let tree = STRtree(context: context)
        var generator = SplitMix64(seed: 7)
        var boxes: [BoundingBox] = []
        for i in 0..<2000 {
            let x = generator.uniform(0, 1000), y = generator.uniform(0, 1000)
            let box = BoundingBox(minX: x, minY: y, maxX: x + generator.uniform(0, 20), maxY: y + generator.uniform(0, 20))
            boxes.append(box)
            try tree.insert(box, item: i)
        }
        #expect(tree.count == 2000)
        for _ in 0..<50 {
            let x = generator.uniform(0, 1000), y = generator.uniform(0, 1000)
            let query = BoundingBox(minX: x, minY: y, maxX: x + 60, maxY: y + 60)
            let expected = boxes.indices.filter { boxes[$0].intersects(query) }
            #expect(try tree.query(query) == expected)
        }
        // Built on first query: further inserts are refused, not silently lost.
        #expect(throws: GeometryError.self) { try tree.insert(boxes[0], item: 0) }
    }

    @Test func itemZeroAndGeometryEnvelopes() throws {
        let context = GEOSContext()
        let tree = STRtree(context: context)
        // The inserted geometry may be released straight away (GEOS >= 3.9 copies envelopes).
        do {
            let g = try Geometry(wkt: "LINESTRING (0 0, 10 10)", context: context)
            try tree.insert(g, item: 0)
        }
        try tree.insert(try Geometry(wkt: "POINT (50 50)", context: context), item: 1)
        #expect(tree.query(try Geometry(wkt: "POINT (5 5)", context: context)) == [0])
        #expect(try tree.query(BoundingBox(minX: -1, minY: -1, maxX: 100, maxY: 100)) == [0, 1])
        #expect(try tree.query(BoundingBox(minX: 20, minY: 20, maxX: 30, maxY: 30)) == [])
    }
}
