import Foundation
import Testing

/// `remnant density` run as a user would, on the shipped incidents.
@Suite struct DensityCLITests {
    @Test func rasterAndHotspotsForGeorgia() throws {
        try CLITests.withStore { dir, env in
            let tif = dir.appendingPathComponent("ge.tif").path, hot = dir.appendingPathComponent("hot.geojson").path
            let r = try CLITests.run(["density", "--country", "GE", "--radius", "5km", "--cell", "250m", "-o", tif,
                                      "--hotspots", hot, "--quantiles", "0.5,0.9"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("quartic kernel, radius 5 km, cell 250 m, raw"))
            #expect(r.stdout.contains("13 incidents"))
            #expect(FileManager.default.fileExists(atPath: tif))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: hot))) as? [String: Any])
            let features = try #require(object["features"] as? [[String: Any]])
            #expect(features.count == 2)
            let first = try #require(features.first?["properties"] as? [String: Any])
            #expect(first["quantile"] as? Double == 0.5 && (first["area_ha"] as? Double ?? 0) > 0)
            #expect(object["crs"] == nil)
        }
    }

    @Test func hexBinsCountEveryIncidentOnce() throws {
        try CLITests.withStore { _, env in
            let r = try CLITests.run(["density", "--hex", "10km", "--include-stockpiles"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let features = try #require(object["features"] as? [[String: Any]])
            let counts = features.compactMap { ($0["properties"] as? [String: Any])?["count"] as? Int }
            #expect(counts.reduce(0, +) == 28)   // every shipped incident, the stockpile included
            let csv = try CLITests.run(["density", "--hex", "10km", "--format", "csv"], environment: env)
            #expect(csv.stdout.hasPrefix("WKT,id,q,r,count,weight_sum,area_ha,center_lon,center_lat\r\n"), "\(csv.stdout.prefix(200))")
            #expect(csv.stdout.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix("\"MULTIPOLYGON") || $0.hasPrefix("\"POLYGON") })
        }
    }

    /// Hex bins and hotspots go through the same export layer as incidents and zones: one KMZ
    /// holds all four, and GDAL reads the hotspot GeoPackage back as polygons.
    @Test func hexesAndHotspotsExportInEveryFormat() throws {
        try CLITests.withStore { dir, env in
            let kmz = dir.appendingPathComponent("all.kmz").path
            let r = try CLITests.run(["export", "--layer", "incidents", "--layer", "zones", "--layer", "hotspots", "--layer", "hexes",
                                      "--kernel-radius", "5km", "--cell", "250m", "-o", kmz], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            let kml = try CLITests.run(["export", "--layer", "hotspots", "--format", "kml", "--country", "GE", "--kernel-radius", "3km", "--cell", "100m"],
                                       environment: env)
            #expect(kml.status == 0 && kml.stdout.contains("<styleUrl>#style-hotspot") && kml.stdout.contains("<Polygon>"), "\(kml.stderr)")
            let gpkg = dir.appendingPathComponent("hot.gpkg").path
            let d = try CLITests.run(["density", "--country", "GE", "--radius", "3km", "--cell", "100m", "--hotspots", gpkg], environment: env)
            #expect(d.status == 0, "\(d.stderr)")
            let info = try CLITests.tool("ogrinfo", ["-ro", "-so", "-al", gpkg])
            #expect(info.output.contains("Feature Count: 2") && info.output.contains("Multi Polygon"), "\(info.output)")
        }
    }

    @Test(arguments: [
        (["density", "--radius", "-1km", "-o", "x.tif"], "--radius"),
        (["density", "--cell", "0m", "-o", "x.tif"], "--cell must be greater than 0"),
        (["density", "-o", "x.png"], "give a .tif file name"),
        (["density"], "Say where to write"),
        (["density", "--hotspots", "h.geojson", "--levels", "1,0.5"], "--levels"),
        (["density", "--hotspots", "h.geojson", "--quantiles", "0.5,1.2"], "--quantiles"),
        (["density", "--hex", "2km", "--levels", "1"], "--hex makes hex bins"),
        (["density", "--weight", "submunitions", "--country", "SY", "-o", "x.tif"], "no incidents match"),
        (["density", "--near", "44,42", "-o", "x.tif"], "--near and --near-radius go together"),
    ])
    func badOptionsNameTheOption(arguments: [String], message: String) throws {
        try CLITests.withStore { dir, env in
            let r = try CLITests.run(arguments.map { $0.hasSuffix(".tif") || $0.hasSuffix(".geojson") ? dir.appendingPathComponent($0).path : $0 },
                                     environment: env)
            #expect(r.status != 0)
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
    }
}
