import Testing
import RemnantGeometry
@testable import RemnantExport

@Suite struct FeatureSchemaTests {
    let feature = Feature(id: "X-1", geometry: .point(Coordinate(lon: 1, lat: 2)), properties: [
        ("id", .string("X-1")), ("killed", .int(2)), ("ids", .array([.string("a"), .string("b")])),
        ("sources", .array([.object([("organisation", .string("HRW")), ("url", .string("https://hrw.org"))]),
                            .object([("organisation", .string("AP")), ("date", .date("2015-10"))])])),
    ])

    @Test func sourceColumnsReadTheSourcesArray() {
        let schema = FeatureSchema([.init("id", .string), .init("killed", .int), .init("missing", .double)] + FeatureSchema.sourceFields(3))
        let v = schema.values(of: feature)
        #expect(v[0] == .string("X-1") && v[1] == .int(2) && v[2] == .null)
        #expect(v[3] == .string("HRW") && v[4] == .null && v[6] == .string("https://hrw.org"))
        #expect(v[7] == .string("AP") && v[9] == .date("2015-10"))
        #expect(v[11...].allSatisfy { $0 == .null })
        #expect(FeatureSchema.sourceColumn("source12_title")! == (11, "title"))
        #expect(FeatureSchema.sourceColumn("sources") == nil && FeatureSchema.sourceColumn("source0_org") == nil)
    }

    @Test func inferredTypesWidenAndKeepFirstSeenOrder() {
        let a = Feature(id: "a", geometry: .point(Coordinate(lon: 0, lat: 0)),
                        properties: [("n", .int(1)), ("d", .date("2015-01-02")), ("x", .null), ("m", .int(1))])
        let b = Feature(id: "b", geometry: .point(Coordinate(lon: 0, lat: 0)),
                        properties: [("n", .double(1.5)), ("d", .date("2015")), ("x", .bool(true)), ("m", .string("z"))])
        let s = FeatureSchema.inferred(from: [a, b])
        #expect(s.fields == [.init("n", .double), .init("d", .string), .init("x", .bool), .init("m", .string)])
    }
}
