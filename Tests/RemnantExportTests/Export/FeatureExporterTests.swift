import Foundation
import Testing
import RemnantGeometry
import RemnantStore
@testable import RemnantExport

/// Every format written by the exporter and read back by GDAL (`ogrinfo`), GeoJSON against the
/// RFC 7946 rules, atomic writes, and incidents round-tripped through GeoJSON and KML.
@Suite struct FeatureExporterTests {
    struct Fixture {
        let dir: URL
        let store: IncidentStore
        let incidents: FeatureLayer
        let zones: FeatureLayer
        let incidentCount: Int
        let zoneCount: Int
    }

    func withFixture(_ body: (Fixture) throws -> Void) throws {
        let dir = try ExportTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try ExportTestSupport.seededStore(in: dir)
        let areas = try ExportTestSupport.hazardAreas(store)
        try body(Fixture(dir: dir, store: store, incidents: try .incidents(from: store), zones: .zones(areas),
                         incidentCount: try store.count(), zoneCount: areas.count))
    }

    /// Features per geometry type as GDAL reads them, over all layers of `path`.
    func ogrGeometries(_ path: String) throws -> [String: Int] {
        let r = try ExportTestSupport.run("ogrinfo", ["-ro", "-al", "-geom=SUMMARY", path])
        #expect(r.status == 0, "ogrinfo \(path): \(r.output.prefix(500))")
        #expect(!r.output.contains("ERROR"), "\(r.output.prefix(500))")
        var counts: [String: Int] = [:]
        // A feature's geometry summary is indented by two spaces; its parts by more.
        for line in r.output.split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("   ") {
            let t = line.trimmingCharacters(in: .whitespaces)
            for type in ["MULTIPOLYGON", "POLYGON", "POINT"] where t.hasPrefix(type + " :") || t == type {
                counts[type, default: 0] += 1
                break
            }
        }
        return counts
    }

    @Test(arguments: ["geojson", "geojsonseq", "kml", "kmz", "gpkg", "csv"])
    func gdalReadsEveryFormatBack(extension ext: String) throws {
        try withFixture { fx in
            let format = try #require(ExportFormat(inferringFrom: "x.\(ext)"))
            let inc = fx.dir.appendingPathComponent("incidents.\(ext)")
            try FeatureExporter.export([fx.incidents], format: format, to: inc)
            let zones = fx.dir.appendingPathComponent("zones.\(ext)")
            try FeatureExporter.export([fx.zones], format: format, to: zones)
            func path(_ url: URL) -> String { ext == "kmz" ? "/vsizip/" + url.path + "/doc.kml" : url.path }
            #expect(try ogrGeometries(path(inc)) == ["POINT": fx.incidentCount])
            // GeoPackage stores every hazard area as a MultiPolygon; the text formats write a
            // single polygon as a Polygon.
            let z = try ogrGeometries(path(zones))
            #expect(z.values.reduce(0, +) == fx.zoneCount && fx.zoneCount > 0, "\(z)")
            #expect(Set(z.keys).isSubset(of: ext == "gpkg" ? ["MULTIPOLYGON"] : ["POLYGON", "MULTIPOLYGON"]), "\(z)")
        }
    }

    @Test func geoPackageHoldsSeveralTypedLayersAndValidates() throws {
        try withFixture { fx in
            let url = fx.dir.appendingPathComponent("both.gpkg")
            try FeatureExporter.export([fx.incidents, fx.zones], format: .gpkg, to: url)
            let info = try ExportTestSupport.run("ogrinfo", ["-ro", "-so", url.path, "zones"])
            #expect(info.output.contains("Geometry: Multi Polygon") && info.output.contains("Feature Count: \(fx.zoneCount)"))
            #expect(info.output.contains("area_ha: Real") && info.output.contains("priority_rank: Integer") && info.output.contains("first_date: Date"))
            let incidents = try ExportTestSupport.run("ogrinfo", ["-ro", "-so", url.path, "incidents"])
            #expect(incidents.output.contains("Geometry: Point") && incidents.output.contains("killed: Integer")
                    && incidents.output.contains("civilian: Integer(Boolean)"), "\(incidents.output.prefix(3000))")
            let v = try ExportTestSupport.run("/usr/bin/python3", ["/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py", url.path])
            #expect(v.status == 0 && v.output.isEmpty, "\(v.output)")
            // One self-contained file: no journal or WAL left beside it.
            #expect(try FileManager.default.contentsOfDirectory(atPath: fx.dir.path).filter { $0.hasPrefix("both") } == ["both.gpkg"])
        }
    }

    @Test func geoJSONFollowsRFC7946() throws {
        try withFixture { fx in
            for (layer, precision) in [(fx.zones, 6), (fx.incidents, 6), (fx.zones, 3)] {
                let url = fx.dir.appendingPathComponent("out.geojson")
                try FeatureExporter.export([layer], format: .geojson, to: url, options: ExportOptions(precision: precision))
                let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
                #expect(object["type"] as? String == "FeatureCollection")
                #expect(object["crs"] == nil)  // §4: no crs member
                let bbox = try #require(object["bbox"] as? [Double])
                #expect(bbox.count == 4)
                let features = try #require(object["features"] as? [[String: Any]])
                #expect(!features.isEmpty)
                var positions = 0
                func check(_ p: [Double]) {
                    positions += 1
                    #expect(p.count == 2)
                    #expect((-180...180).contains(p[0]) && (-90...90).contains(p[1]), "\(p)")
                    #expect(p[0] >= bbox[0] && p[0] <= bbox[2] && p[1] >= bbox[1] && p[1] <= bbox[3])
                    for v in p { #expect(abs(v * pow(10, Double(precision)) - (v * pow(10, Double(precision))).rounded()) < 1e-6) }
                }
                func signedArea(_ ring: [[Double]]) -> Double {
                    zip(ring, ring.dropFirst()).map { $0[0] * $1[1] - $1[0] * $0[1] }.reduce(0, +) / 2
                }
                func checkPolygon(_ rings: [[[Double]]]) {
                    for (i, ring) in rings.enumerated() {
                        #expect(ring.count >= 4 && ring.first == ring.last)  // §3.1.6 linear ring, closed
                        #expect(i == 0 ? signedArea(ring) > 0 : signedArea(ring) < 0)  // right-hand rule
                        ring.forEach(check)
                    }
                }
                for f in features {
                    #expect(f["id"] is String)
                    #expect(f["properties"] is [String: Any])
                    let g = try #require(f["geometry"] as? [String: Any])
                    switch g["type"] as? String {
                    case "Point": check(try #require(g["coordinates"] as? [Double]))
                    case "Polygon": checkPolygon(try #require(g["coordinates"] as? [[[Double]]]))
                    case "MultiPolygon": try #require(g["coordinates"] as? [[[[Double]]]]).forEach(checkPolygon)
                    default: Issue.record("unexpected geometry \(String(describing: g["type"]))")
                    }
                }
                #expect(positions >= features.count)
                // Typed properties: numbers as numbers, sources as an array.
                if layer.kind == .incidents {
                    let p = try #require(features.first?["properties"] as? [String: Any])
                    #expect(p["lon"] is Double && p["geo_precision"] is Int && p["sources"] is [[String: Any]])
                } else {
                    let p = try #require(features.first?["properties"] as? [String: Any])
                    #expect(p["area_ha"] is Double && p["incident_ids"] is [String])
                }
            }
        }
    }

    /// A layer that fails after its first features, as an interrupted export does.
    func failingLayer(after n: Int) -> FeatureLayer {
        let f = Feature(id: "X", geometry: .point(Coordinate(lon: 1, lat: 2)), properties: [("id", .string("X"))])
        struct Interrupted: Error {}
        return FeatureLayer(kind: .incidents, schema: FeatureSchema([.init("id", .string)]), extent: nil, isPoints: true) { _, body in
            for _ in 0..<n { try body(f) }
            throw Interrupted()
        }
    }

    @Test(arguments: ExportFormat.allCases)
    func failedExportLeavesNoFileUnderTheTargetName(format: ExportFormat) throws {
        let dir = try ExportTestSupport.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.\(format.rawValue)")
        #expect(throws: (any Error).self) { try FeatureExporter.export([failingLayer(after: 5_000)], format: format, to: target) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        // An existing file stays as it was.
        try Data("previous".utf8).write(to: target)
        #expect(throws: (any Error).self) { try FeatureExporter.export([failingLayer(after: 5_000)], format: format, to: target) }
        #expect(try String(contentsOf: target, encoding: .utf8) == "previous")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.\(format.rawValue)"])
    }

    @Test(arguments: [(ExportFormat.geojson, false), (.kml, false), (.kmz, false), (.csv, false), (.csv, true)])
    func incidentsRoundTripThroughGeoJSONKMLAndCSV(format: ExportFormat, hxl: Bool) throws {
        try withFixture { fx in
            let url = fx.dir.appendingPathComponent("incidents.\(format.rawValue)")
            try FeatureExporter.export([fx.incidents], format: format, to: url, options: ExportOptions(hxl: hxl))
            var input = url
            if format == .kmz {
                // Remnant's importer reads KML text: take doc.kml (the first entry) out of the archive.
                input = fx.dir.appendingPathComponent("doc.kml")
                let unzip = try ExportTestSupport.run("python3", ["-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.namelist()[0]=='doc.kml', z.namelist(); open(sys.argv[2],'wb').write(z.read('doc.kml'))", url.path, input.path])
                #expect(unzip.status == 0, "\(unzip.output)")
            }
            let copyDir = fx.dir.appendingPathComponent("copy")
            try FileManager.default.createDirectory(at: copyDir, withIntermediateDirectories: true)
            let copy = try IncidentStore(path: copyDir.appendingPathComponent("copy.gpkg").path)
            try copy.replaceCatalog(try MunitionCatalog(url: ExportTestSupport.geoData.munitions))
            let report = try IncidentImporter(store: copy, gazetteer: nil, boundaries: nil).importFiles([input])
            #expect(report.summary.inserted == fx.incidentCount)
            let original = try fx.store.incidents().map(\.incident)
            let back = try copy.incidents().map(\.incident)
            #expect(back.count == original.count)
            // A derived uncertainty (from geo precision) is exported as its value.
            for (a, b) in zip(original, back) {
                var expected = a
                expected.uncertaintyMeters = a.effectiveUncertaintyMeters
                #expect(b == expected, "\(a.id)")
            }
        }
    }
}
