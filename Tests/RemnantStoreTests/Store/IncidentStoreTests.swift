import Foundation
import GRDB
import Testing
import RemnantGeometry
@testable import RemnantStore

@Suite struct IncidentStoreTests {
    func importer(_ store: IncidentStore) throws -> IncidentImporter {
        IncidentImporter(store: store, gazetteer: TestSupport.geoData.places, boundaries: TestSupport.geoData.countries)
    }

    @Test func seedsShippedDataAndRoundTripsEveryField() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try IncidentStore(path: dir.appendingPathComponent("seed.gpkg").path)
        let report = try #require(try TestSupport.geoData.seedIfNeeded(store))
        let lines = try String(contentsOf: TestSupport.geoData.incidents, encoding: .utf8)
        let reader = CSVReader(data: Data(lines.utf8), name: "incidents.csv")
        var rows = 0
        _ = try reader.next()
        while try reader.next() != nil { rows += 1 }
        #expect(report.summary.inserted == rows)
        #expect(try store.count() == rows)
        // Seeding happens once.
        #expect(try TestSupport.geoData.seedIfNeeded(store) == nil)
        let ruisi = try #require(try store.incident(id: "GE-2008-ruisi"))
        #expect(ruisi.country == "GE" && ruisi.date.iso == "2008-08-12" && ruisi.evidence == .direct)
        #expect(!ruisi.sources.isEmpty && ruisi.sources[0].url?.hasPrefix("http") == true)
        // gpkg_contents carries the layer extent GIS clients zoom to.
        let extent = try store.read { db in try Row.fetchOne(db, sql: "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'incidents'")! }
        let actual = try store.read { db in try Row.fetchOne(db, sql: "SELECT min(lon), min(lat), max(lon), max(lat) FROM incidents")! }
        for k in 0..<4 { #expect((extent[k] as Double) == (actual[k] as Double)) }
        let stockpile = try store.incidents(matching: { var f = IncidentFilter(); f.siteTypes = [.stockpile]; return f }())
        #expect(stockpile.map(\.incident.id) == ["SY-2015-hmeymim"])
    }

    @Test func failedImportLeavesStoreByteForByteUnchanged() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        let good = try TestSupport.write(TestSupport.header + "\n" + TestSupport.row() + "\n", to: dir, name: "good.csv")
        _ = try importer(store).importFiles([good])
        try store.close()
        let path = dir.appendingPathComponent("test.gpkg").path
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let reopened = try IncidentStore(path: path)
        // Row 2 is fine, row 3 has a bad munition: nothing of this file may land.
        let bad = try TestSupport.write(TestSupport.header + "\n" + TestSupport.row(id: "T-2") + "\n" + TestSupport.row(id: "T-3", munition: "rbk-9000") + "\n",
                                        to: dir, name: "bad.csv")
        #expect { _ = try importer(reopened).importFiles([good, bad]) } throws: { "\($0)".contains("bad.csv:3: munition") }
        #expect(try reopened.count() == 1)
        #expect(try reopened.incident(id: "T-2") == nil)
        // A dry run validates and changes nothing either.
        let dry = try importer(reopened).importFiles([try TestSupport.write(TestSupport.header + "\n" + TestSupport.row(id: "T-9") + "\n", to: dir, name: "dry.csv")], dryRun: true)
        #expect(dry.summary.inserted == 1)
        #expect(try reopened.count() == 1)
        try reopened.close()
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(before == after)
    }

    @Test func upsertAndSkipExisting() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        let first = try TestSupport.write(TestSupport.header + "\n" + TestSupport.row() + "\n", to: dir, name: "a.csv")
        #expect(try importer(store).importFiles([first]).summary.inserted == 1)
        let changed = try TestSupport.write(TestSupport.header + "\n" + TestSupport.row(killed: "4") + "\n", to: dir, name: "b.csv")
        #expect(try importer(store).importFiles([changed], policy: .skip).summary.skipped == 1)
        #expect(try store.incident(id: "T-1")?.killed == 3)
        #expect(try importer(store).importFiles([changed]).summary.updated == 1)
        #expect(try store.incident(id: "T-1")?.killed == 4)
        #expect(try store.count() == 1)
        #expect(try store.incident(id: "T-1")?.sources.count == 1)
    }

    @Test func nearMatchesBruteForceGeodesicDistances() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try TestSupport.emptyStore(in: dir)
        // 2,000 deterministic points around Donetsk, ±0.3°.
        var random = TestSupport.SeededRandom(seed: 12345)
        var points: [String: Coordinate] = [:]
        _ = try store.write { session in
            for n in 0..<2000 {
                let c = Coordinate(lon: 37.8 + (random.unit() - 0.5) * 0.6, lat: 48.0 + (random.unit() - 0.5) * 0.6)
                points["P-\(n)"] = c
                try session.write(try TestSupport.syntheticIncident(id: "P-\(n)", at: c, date: "2015-01-01"))
            }
        }
        let center = Coordinate(lon: 37.8, lat: 48.0)
        for radius in [500.0, 5_000, 12_345] {
            var f = IncidentFilter()
            f.near = (center, radius)
            let found = try store.incidents(matching: f)
            let brute = points.filter { Geodesic.wgs84.distanceMeters(center, $0.value) <= radius }
            #expect(Set(found.map(\.incident.id)) == Set(brute.keys))
            #expect(found.map(\.distanceMeters!) == found.map(\.distanceMeters!).sorted())
        }
        let nearest = try store.nearest(to: center, k: 7)
        let bruteNearest = points.sorted { Geodesic.wgs84.distanceMeters(center, $0.value) < Geodesic.wgs84.distanceMeters(center, $1.value) }.prefix(7)
        #expect(nearest.map(\.incident.id) == bruteNearest.map(\.key))
    }

    @Test func attributeBBoxAndWithinFilters() throws {
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try IncidentStore(path: dir.appendingPathComponent("s.gpkg").path)
        try TestSupport.geoData.seedIfNeeded(store)
        var f = IncidentFilter()
        f.countries = ["GE"]
        f.since = "2008-08-10"
        f.until = "2008-08-31"
        let ge = try store.incidents(matching: f).map(\.incident)
        #expect(!ge.isEmpty && ge.allSatisfy { $0.country == "GE" && $0.date.lastDay >= "2008-08-10" && $0.date.firstDay <= "2008-08-31" })
        var b = IncidentFilter()
        b.bbox = BoundingBox(minX: 35, minY: 32, maxX: 43, maxY: 38)  // Syria
        #expect(try store.incidents(matching: b).allSatisfy { $0.incident.country == "SY" })
        #expect(try store.incidents(matching: b).count == 7)
        var w = IncidentFilter()
        let context = GEOSContext()
        w.within = try Geometry(wkt: "POLYGON ((43.9 41.9, 44.2 41.9, 44.2 42.25, 43.9 42.25, 43.9 41.9))", context: context).wkb()
        let inside = try store.incidents(matching: w).map(\.incident)
        #expect(!inside.isEmpty && inside.allSatisfy { $0.country == "GE" })
        // An antimeridian-crossing box finds nothing here, and does not fail.
        var am = IncidentFilter()
        am.bbox = BoundingBox(minX: 170, minY: -10, maxX: -170, maxY: 10)
        #expect(try store.incidents(matching: am).isEmpty)
    }

    @Test func ogrinfoReadsTheStoreWithoutWarnings() throws {
        guard (try? TestSupport.run("ogrinfo", ["--version"]))?.status == 0 else {
            Issue.record("ogrinfo (gdal-bin) is not installed; make test installs it")
            return
        }
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("ogr.gpkg").path
        let store = try IncidentStore(path: path)
        try TestSupport.geoData.seedIfNeeded(store)
        let expected = try store.count()
        try store.close()
        let info = try TestSupport.run("ogrinfo", ["-ro", "-so", path, "incidents"])
        #expect(info.status == 0)
        #expect(info.output.contains("Feature Count: \(expected)"), "\(info.output)")
        #expect(info.output.contains("Geometry: Point"))
        #expect(!info.output.contains("Warning"), "\(info.output)")
        #expect(!info.output.contains("ERROR"), "\(info.output)")
        // The R-tree answers a spatial filter: Georgia's box holds only Georgian incidents.
        let spatial = try TestSupport.run("ogrinfo", ["-ro", "-q", "-spat", "43.5", "41.5", "44.5", "42.5", path, "incidents"])
        #expect(spatial.status == 0)
        #expect(spatial.output.contains("country (String) = GE"))
        #expect(!spatial.output.contains("country (String) = SY"))
        #expect(!spatial.output.contains("country (String) = AZ"))
    }

    /// GDAL's GeoPackage validator (python3-gdal's `validate_gpkg.py`), on the seeded store and on
    /// one whose R-tree was built by the bulk loader.
    @Test func gdalGeoPackageValidatorPasses() throws {
        let script = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
        guard FileManager.default.fileExists(atPath: script) else {
            Issue.record("validate_gpkg.py (python3-gdal) is not installed; make test installs it")
            return
        }
        let dir = try TestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("v.gpkg").path
        let store = try IncidentStore(path: path)
        try TestSupport.geoData.seedIfNeeded(store)
        _ = try store.write { session in
            for n in 0..<12_000 {
                try session.write(try TestSupport.syntheticIncident(
                    id: "V-\(n)", at: Coordinate(lon: 36 + Double(n % 120) / 100, lat: 35 + Double(n / 120) / 100), country: "SY"))
            }
        }
        try store.close()
        let result = try TestSupport.run("/usr/bin/python3", [script, path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.isEmpty, "\(result.output)")
    }
}
