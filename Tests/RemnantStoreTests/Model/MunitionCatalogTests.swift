import Foundation
import Testing
@testable import RemnantStore

@Suite struct MunitionCatalogTests {
    @Test func shippedCatalogLoadsWithFallbacks() throws {
        let catalog = try MunitionCatalog(url: TestSupport.geoData.munitions)
        #expect(catalog.munitions.count >= 40)
        let rbk = try #require(catalog["rbk-500-ao-2.5rt"])
        #expect(rbk.delivery == .airDropped && rbk.submunition == "AO-2.5RT")
        // Seed 000, "Cluster munitions stockpiled by the Russian Federation": RBK-500 AO-2.5RT, 126.
        #expect(rbk.submunitionsPerCarrier == 126)
        for d in Delivery.allCases { #expect(catalog.fallback(for: d) != nil) }
        for m in catalog.munitions {
            #expect(m.footprintRadiusMeters > 0)
            #expect(0 <= m.failureRateLow && m.failureRateLow <= m.failureRateHigh && m.failureRateHigh <= 1)
            #expect(!m.footprintRadiusSource.isEmpty && !m.failureRateSource.isEmpty && !m.catalogSource.isEmpty)
        }
    }

    @Test func suggestsNearestKeys() throws {
        let catalog = try MunitionCatalog(url: TestSupport.geoData.munitions)
        #expect(catalog.suggestions(for: "rbk-500-ao-2.5r").first == "rbk-500-ao-2.5rt")
        #expect(catalog.suggestions(for: "URAGAN-9M27K").first == "uragan-9m27k")
        #expect(EditDistance.levenshtein("kitten", "sitting") == 3)
    }

    @Test func rejectsBadCatalogRows() throws {
        let header = MunitionCatalog.columns.joined(separator: ",")
        let bad = header + "\nx,C,bomb,air-dropped,,S,frag,10,0,src,0.1,0.2,src,src,n\n"
        #expect {
            _ = try MunitionCatalog(csv: CSVReader(data: Data(bad.utf8), name: "m.csv"))
        } throws: { "\($0)" == "m.csv:2: footprint_radius_m: must be greater than 0" }
        let rates = header + "\nx,C,bomb,air-dropped,,S,frag,10,100,src,0.5,0.2,src,src,n\n"
        #expect(throws: StoreError.self) { _ = try MunitionCatalog(csv: CSVReader(data: Data(rates.utf8), name: "m.csv")) }
    }
}
