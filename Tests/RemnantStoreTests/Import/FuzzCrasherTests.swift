import Foundation
import Testing
@testable import RemnantStore

/// The inputs the fuzz targets (`Fuzz/`, see FUZZING.md) crashed or hung on, kept byte for byte
/// in `Fuzz/Crashers/<target>/`. Each goes through the same path as its target (reader, then
/// record validation) and must now be refused with an error naming the place and the field.
@Suite struct FuzzCrasherTests {
    static let catalog = try! MunitionCatalog(url: TestSupport.geoData.munitions)
    // Boundaries hold a GEOS context, which is not Sendable: one per test.
    let boundaries = try! CountryBoundaries(url: TestSupport.geoData.countries)
    let gazetteer = try! Gazetteer(url: TestSupport.geoData.places)
    static let crashers = TestSupport.repository.appendingPathComponent("Fuzz/Crashers")

    /// Reads and validates `data` as the fuzz target `target` does; the error it throws, or nil.
    func importError(_ target: String, _ data: Data) -> StoreError? {
        var parser = IncidentRecordParser(catalog: Self.catalog, gazetteer: gazetteer, boundaries: boundaries)
        do throws(StoreError) {
            switch target {
            case "FuzzCSVImport":
                let reader = try CSVIncidentReader(reader: CSVReader(data: data, name: "fuzz.csv"))
                while let raw = try reader.next() { _ = try parser.parse(raw) }
            case "FuzzGeoJSONImport":
                for raw in try GeoJSONIncidentReader.read(data: data, file: "fuzz.geojson") { _ = try parser.parse(raw) }
            default:
                for raw in try KMLIncidentReader.read(data: data, file: "fuzz.kml") { _ = try parser.parse(raw) }
            }
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        // A 22-digit day in an HXL row overflowed Int in IncidentDate(parsing:).
        ("FuzzCSVImport", "crash-0fb3d3334de428069be9d8f6330a6c0812daae0c", "fuzz.csv:3: date: '2014-10-9999999999999999999902': expected an ISO 8601 date"),
        // encoding="UTF-7" and then bytes UTF-7 cannot hold: libxml2 dereferenced a null pointer.
        ("FuzzKMLImport", "crash-be102e69771446234bc4d7a3cfe5b1a810e2565c", "fuzz.kml: the XML declaration names encoding 'UTF-7'"),
        // A processing instruction without data: FoundationXML passed a null pointer to strlen.
        ("FuzzKMLImport", "crash-e5d81341270fa83732dfe62a0ca16413025ee6bd", "fuzz.kml: a processing instruction without data (<?xmxmll?>)"),
        // A bare "<?xml": FoundationXML leaks 72 bytes creating the error (its bug, not fixed here).
        ("FuzzKMLImport", "leak-278bde2aba4e4ec64db4ec86372c7f8ea916c2ea", "fuzz.kml:line 1, column "),
    ])
    func crasherIsRefusedWithItsPlaceAndField(target: String, file: String, message: String) throws {
        let data = try Data(contentsOf: Self.crashers.appendingPathComponent(target).appendingPathComponent(file))
        let error = try #require(importError(target, data))
        #expect("\(error)".hasPrefix(message), "\(error)")
    }
}
