import Testing
@testable import RemnantMap

@Suite struct MapErrorTests {
    @Test func namesTheOption() {
        #expect(MapError.invalidOption(name: "--size", value: "A9", reason: "unknown").description == "--size 'A9': unknown")
    }
}
