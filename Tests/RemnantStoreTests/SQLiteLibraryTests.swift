import Testing
@testable import RemnantStore

@Suite struct SQLiteLibraryTests {
    @Test func reportsSQLite3VersionWithRTree() throws {
        let version = try SQLiteLibrary.version()
        let parts = version.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count == 3)
        #expect(parts.first == 3)
        // GeoPackage's spatial index is an R*Tree virtual table.
        #expect(try SQLiteLibrary.hasRTree())
    }
}
