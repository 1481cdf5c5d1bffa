import Testing
@testable import RemnantGeometry

@Suite struct GeometryValidityTests {
    let context = GEOSContext()

    @Test func bowtieReportsSelfIntersectionAndMakeValidRepairsIt() throws {
        let bowtie = try Geometry(wkt: "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))", context: context)
        #expect(try bowtie.isValid() == false)
        let reason = try #require(try bowtie.invalidityReason())
        #expect(reason.hasPrefix("Self-intersection"))
        #expect(reason.contains("1 1"))
        let repaired = try bowtie.makeValid()
        #expect(try repaired.isValid())
        #expect(try repaired.invalidityReason() == nil)
        #expect(repaired.type == .multiPolygon)
        #expect(abs(try repaired.area() - 2) < 1e-12)  // two triangles of area 1
    }

    @Test func holeOutsideShellIsReported() throws {
        let g = try Geometry(wkt: "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0), (5 5, 6 5, 6 6, 5 6, 5 5))", context: context)
        #expect(try g.invalidityReason()?.hasPrefix("Hole lies outside shell") == true)
    }
}
