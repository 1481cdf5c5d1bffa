import Foundation
import Testing
import RemnantGeometry
@testable import RemnantStore

@Suite struct GazetteerTests {
    let gazetteer = try! Gazetteer(url: TestSupport.geoData.places)

    @Test func foldsDiacriticsAndApostrophes() {
        #expect(Gazetteer.fold("Ts’khinvali") == "tskhinvali")
        #expect(Gazetteer.fold("Ḩamāh") == "hamah")
        #expect(Gazetteer.fold("Ma‘arrat an-Nu‘mān") == "maarrat an numan")
    }

    @Test func findsPlacesByNameAndAlternateName() throws {
        let tskhinvali = try gazetteer.lookup("Tskhinvali", country: "GE")
        #expect(tskhinvali.count == 1)
        #expect(abs(tskhinvali[0].location.lat - 42.22764) < 1e-5)
        // Bakhmut's former name is an alternate name.
        #expect(try gazetteer.lookup("Artemivs'k", country: "UA").first?.name == "Bakhmut")
        #expect(try gazetteer.lookup("Gori", country: "GE", admin1: "Shida Kartli").count == 1)
    }

    @Test func nearestPlaceMatchesBruteForce() throws {
        let point = Coordinate(lon: 44.02, lat: 42.10)
        let found = try #require(try gazetteer.nearest(to: point))
        let brute = try gazetteer.places().min { Geodesic.wgs84.distanceMeters(point, $0.location) < Geodesic.wgs84.distanceMeters(point, $1.location) }!
        #expect(found.place == brute)
        #expect(abs(found.meters - Geodesic.wgs84.distanceMeters(point, brute.location)) < 1e-6)
    }

    @Test func countryBoundariesHoldTheReadmeSpotChecks() throws {
        let b = try CountryBoundaries(url: TestSupport.geoData.countries)
        #expect(try b.contains("GE", Coordinate(lon: 44.1129, lat: 41.9853)) == true)
        #expect(try b.contains("SY", Coordinate(lon: 37.1612, lat: 36.2012)) == true)
        #expect(try b.contains("UA", Coordinate(lon: 34.10, lat: 44.95)) == true)   // Simferopol
        #expect(try b.contains("AZ", Coordinate(lon: 46.7528, lat: 39.8177)) == true)
        #expect(try b.contains("SY", Coordinate(lon: 44.1129, lat: 41.9853)) == false)
        #expect(try b.contains("FR", Coordinate(lon: 2.35, lat: 48.85)) == nil)
        #expect(try b.countries(containing: Coordinate(lon: 37.8022, lat: 48.0230)) == ["UA"])
    }
}
