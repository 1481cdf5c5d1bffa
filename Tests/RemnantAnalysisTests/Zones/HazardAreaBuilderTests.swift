import Foundation
import Testing
import RemnantGeometry
import RemnantStore
@testable import RemnantAnalysis

@Suite struct HazardAreaBuilderTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let catalog = try! MunitionCatalog(url: repository.appendingPathComponent("GeoData/munitions.csv"))

    /// An RBK-500 AO-2.5RT strike (footprint 300 m in the catalog) with no location uncertainty.
    func strike(_ id: String, _ c: Coordinate, evidence: Evidence = .direct, carriers: Int? = nil, site: SiteType = .strike) throws -> Incident {
        Incident(id: id, date: try IncidentDate(parsing: "2015-10-04"), country: "SY", location: c, geoPrecision: .place,
                 uncertaintyMeters: 0, siteType: site, munition: "rbk-500-ao-2.5rt", carriers: carriers, delivery: .airDropped,
                 evidence: evidence, killed: 1, sources: [IncidentSource(organisation: "test")])
    }

    let builder = HazardAreaBuilder(marginMeters: 0, workers: 2)
    let kafrHalab = Coordinate(lon: 36.8708, lat: 36.0644)

    @Test func oneIncidentIsItsGeodesicCircle() throws {
        let areas = try builder.build([try strike("A", kafrHalab)], catalog: Self.catalog, gazetteer: nil)
        #expect(areas.count == 1)
        let expected = Double.pi * 300 * 300 / 10_000
        #expect(abs(areas[0].areaHectares - expected) / expected <= 0.005)
        #expect(areas[0].hazardClass == .cha && areas[0].incidentIDs == ["A"])
    }

    @Test func twoOverlappingIncidentsMatchTheLensFormula() throws {
        let r = 300.0, d = 400.0
        let b = Geodesic.wgs84.direct(from: kafrHalab, azimuthDegrees: 90, distanceMeters: d)
        let areas = try builder.build([try strike("A", kafrHalab), try strike("B", b, evidence: .indirect)], catalog: Self.catalog, gazetteer: nil)
        #expect(areas.count == 1)
        let lens = 2 * r * r * acos(d / (2 * r)) - (d / 2) * (4 * r * r - d * d).squareRoot()
        let union = (2 * Double.pi * r * r - lens) / 10_000
        #expect(abs(areas[0].areaHectares - union) / union <= 0.005, "\(areas[0].areaHectares) ha vs \(union) ha")
        // One direct incident makes the whole area confirmed.
        #expect(areas[0].hazardClass == .cha && areas[0].incidentIDs == ["A", "B"])
    }

    @Test func disjointIncidentsGiveSeparateAreasAndPointsLieInTheirOwn() throws {
        let b = Geodesic.wgs84.direct(from: kafrHalab, azimuthDegrees: 45, distanceMeters: 550)   // overlaps A (550 < 300 + 300)
        let c = Geodesic.wgs84.direct(from: kafrHalab, azimuthDegrees: 180, distanceMeters: 5_000)  // alone
        let d = Geodesic.wgs84.direct(from: b, azimuthDegrees: 45, distanceMeters: 590)             // chains to A via B
        let incidents = [try strike("A", kafrHalab), try strike("B", b), try strike("C", c, evidence: .indirect), try strike("D", d)]
        let areas = try builder.build(incidents, catalog: Self.catalog, gazetteer: nil)
        #expect(areas.count == 2)
        #expect(Set(areas.map { $0.incidentIDs }) == Set([["A", "B", "D"], ["C"]]))
        #expect(areas.first { $0.incidentIDs == ["C"] }?.hazardClass == .sha)
        let context = GEOSContext()
        for area in areas {
            let polygons = try area.polygons.map { try Geometry.polygon(exterior: $0[0], holes: Array($0.dropFirst()), context: context) }
            for p in polygons { #expect(try p.isValid()) }
            for i in incidents {
                let point = try Geometry.point(i.location, context: context)
                let inside = try polygons.contains { try $0.covers(point) }
                #expect(inside == area.incidentIDs.contains(i.id), "\(i.id) vs \(area.id)")
            }
        }
    }

    @Test func stockpilesAreLeftOutUnlessAsked() throws {
        let incidents = [try strike("S", kafrHalab, site: .stockpile)]
        #expect(try builder.build(incidents, catalog: Self.catalog, gazetteer: nil).isEmpty)
        let with = HazardAreaBuilder(marginMeters: 0, includeStockpiles: true)
        #expect(try with.build(incidents, catalog: Self.catalog, gazetteer: nil).count == 1)
    }

    @Test func estimatesAndMarginFollowTheCatalog() throws {
        let margin = HazardAreaBuilder(marginMeters: 100, workers: 1)
        let areas = try margin.build([try strike("A", kafrHalab, carriers: 2)], catalog: Self.catalog, gazetteer: nil)
        // 2 carriers × 126 AO-2.5RT, failure 5–40%.
        #expect(areas[0].submunitionsDelivered == 252)
        #expect(abs(areas[0].remnantsLow - 12.6) < 1e-9 && abs(areas[0].remnantsHigh - 100.8) < 1e-9)
        #expect(areas[0].incidentsWithUnknownCount == 0)
        let expected = Double.pi * 400 * 400 / 10_000
        #expect(abs(areas[0].areaHectares - expected) / expected <= 0.005)
    }

    @Test func outputIsDeterministicAndIDsAreStable() throws {
        var incidents: [Incident] = []
        for k in 0..<40 {
            incidents.append(try strike("I-\(k)", Geodesic.wgs84.direct(from: kafrHalab, azimuthDegrees: Double(k * 37 % 360), distanceMeters: Double(k) * 150)))
        }
        let first = try HazardAreaBuilder(marginMeters: 0, workers: 2).build(incidents, catalog: Self.catalog, gazetteer: nil)
        let second = try HazardAreaBuilder(marginMeters: 0, workers: 1).build(incidents.reversed(), catalog: Self.catalog, gazetteer: nil)
        #expect(first == second)
        // An unrelated incident far away adds an area and changes no existing id.
        let far = try strike("FAR", Coordinate(lon: 38.5, lat: 35.0))
        let third = try builder.build(incidents + [far], catalog: Self.catalog, gazetteer: nil)
        #expect(Set(third.map(\.id)).isSuperset(of: Set(first.map(\.id))))
        #expect(third.count == first.count + 1)
    }

    @Test func locatorInsideOutsideAndOnTheEdge() throws {
        let areas = try builder.build([try strike("A", kafrHalab)], catalog: Self.catalog, gazetteer: nil)
        let locator = HazardAreaLocator(areas: areas)
        let centre = try locator.locate(kafrHalab)
        #expect(centre.insideArea == areas[0].id)
        // The centre is 300 m from the true circle; the inscribed 84-gon's edge is at most 0.07% nearer.
        #expect(abs(try #require(centre.edgeDistanceMeters) - 300) < 0.3)
        let outside = try locator.locate(Geodesic.wgs84.direct(from: kafrHalab, azimuthDegrees: 0, distanceMeters: 1_000))
        #expect(outside.insideArea == nil && outside.nearestArea == areas[0].id)
        #expect(abs(try #require(outside.edgeDistanceMeters) - 700) < 0.5)
        // A vertex of the ring lies on the edge: inside (covered) at distance 0.
        let vertex = areas[0].polygons[0][0][5]
        let edge = try locator.locate(vertex)
        #expect(edge.insideArea == areas[0].id)
        #expect(try #require(edge.edgeDistanceMeters) < 0.01)
    }
}
