import RemnantGeometry
@testable import RemnantMap
import Testing

@Suite struct MapRequestTests {
    @Test func parsesLayers() throws {
        #expect(try MapLayers(parsing: "zones, density") == [.zones, .density])
        #expect(try MapLayers(parsing: "all") == .all)
        #expect(throws: MapError.self) { try MapLayers(parsing: "zones,roads") }
        #expect(throws: MapError.self) { try MapLayers(parsing: ",") }
    }

    @Test func parsesRegions() throws {
        #expect(try MapRegion(parsing: "ge") == .country("GE"))
        #expect(try MapRegion(parsing: "43.5,41.5,44.5,42.5") == .box(BoundingBox(minX: 43.5, minY: 41.5, maxX: 44.5, maxY: 42.5)))
        for bad in ["44.5,41.5,43.5,42.5", "1,2,3", "Georgia", "0,85,1,86"] {
            #expect(throws: MapError.self, "\(bad)") { try MapRegion(parsing: bad) }
        }
    }

    @Test func pageSizesInPointsAndPixels() throws {
        let a4 = MapRequest(size: try PageSize(parsing: "a4"))
        #expect(abs(a4.pageSize(for: .pdf).width - 595.2756) < 1e-3 && abs(a4.pageSize(for: .pdf).height - 841.8898) < 1e-3)
        let png = a4.pageSize(for: .png)
        #expect(Int((png.width * png.pixelsPerPoint).rounded()) == 1240 && Int((png.height * png.pixelsPerPoint).rounded()) == 1754)
        var a3 = MapRequest(size: try PageSize(parsing: "A3"))
        a3.landscape = true
        #expect(a3.pageSize(for: .pdf).width > a3.pageSize(for: .pdf).height)
        let custom = MapRequest(size: try PageSize(parsing: "1600x1200")).pageSize(for: .png)
        #expect(Int((custom.width * custom.pixelsPerPoint).rounded()) == 1600 && Int((custom.height * custom.pixelsPerPoint).rounded()) == 1200)
        // A small PNG keeps its pixels but is laid out on a 500-point page, reduced.
        let small = MapRequest(size: try PageSize(parsing: "400x300")).pageSize(for: .png)
        #expect(abs(small.height - 500) < 1e-9 && Int((small.width * small.pixelsPerPoint).rounded()) == 400)
        #expect(throws: MapError.self) { try PageSize(parsing: "A9") }
        #expect(throws: MapError.self) { try PageSize(parsing: "10x10") }
        #expect(try MapFormat(path: "x/Map.PDF") == .pdf)
        #expect(throws: MapError.self) { try MapFormat(path: "map.jpeg") }
    }
}
