import Testing
@testable import RemnantGeometry

@Suite struct DistanceTests {
    @Test(arguments: [("500m", 500.0), ("2.5km", 2500.0), ("750 m", 750.0), ("1200", 1200.0), (" 3 KM ", 3000.0),
                      ("0", 0.0), ("1e3m", 1000.0), ("0.25km", 250.0)])
    func parsesWhatUsersType(text: String, meters: Double) throws {
        #expect(try Distance(parsing: text).meters == meters)
    }

    @Test(arguments: ["", "   ", "-5m", "-1", "abc", "5 miles", "km", "m", "nan", "inf", "1e400", "5mm", "5,5km", "0x10", "1..2m"])
    func rejectsGarbageWithClearMessage(text: String) {
        #expect {
            _ = try Distance(parsing: text)
        } throws: { error in
            guard case let GeometryError.invalidDistance(input, reason) = error else { return false }
            return input == text && !reason.isEmpty
        }
    }

    @Test func negativeMessageSaysSo() {
        #expect(throws: GeometryError.invalidDistance(input: "-5m", reason: "must not be negative")) {
            _ = try Distance(parsing: "-5m")
        }
    }

    @Test func describesAndCompares() throws {
        #expect(try Distance(parsing: "750m").description == "750 m")
        #expect(try Distance(parsing: "2.5km").description == "2.5 km")
        #expect(try Distance(parsing: "1km") > Distance(parsing: "999m"))
        #expect(throws: GeometryError.self) { _ = try Distance(meters: .nan) }
    }
}
