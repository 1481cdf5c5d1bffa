import Foundation
import Testing

/// Every option that takes a number, distance or coordinate refuses an out-of-range value with a
/// non-zero exit and a message naming the option; nothing is written.
@Suite struct ValidationCLITests {
    @Test(arguments: [
        (["query", "--near", "44,42", "--radius", "0m"], "--radius must be greater than 0"),
        (["query", "--near", "44,42", "--radius=-1km"], "--radius"),
        (["query", "--near", "44,95", "--radius", "1km"], "--near"),
        (["query", "--near", "44", "--radius", "1km"], "--near"),
        (["query", "--bbox", "40,-95,50,10"], "--bbox"),
        (["query", "--bbox", "-190,0,10,10"], "--bbox '-190,0,10,10': longitudes must be in [-180, 180]"),
        (["query", "--near", "-200,0", "--radius", "1km"], "invalid --near '-200,0'"),
        (["query", "--bbox", "nan,0,10,10"], "--bbox"),
        (["query", "--limit", "0"], "--limit"),
        (["query", "--limit=-3"], "--limit"),
        (["query", "--country", "XX"], "--country 'XX'"),
        (["nearest", "44,42", "-k", "0"], "-k"),
        (["nearest", "44,42", "-k", "100000"], "-k"),
        (["nearest", "44,95"], "invalid point '44,95'"),
        (["zones", "--margin=-5m"], "--margin"),
        (["zones", "--precision", "16"], "--precision"),
        (["zones", "--precision=-1"], "--precision"),
        (["zones", "--at", "200,0"], "--at"),
        (["density", "--radius", "0m", "-o", "x.tif"], "--radius"),
        (["density", "--radius=-2km", "-o", "x.tif"], "--radius"),
        (["density", "--cell", "0m", "-o", "x.tif"], "--cell"),
        (["density", "--cell", "5000km", "-o", "x.tif"], "--cell '5000000.0 m': is larger than the grid's"),
        (["density", "--decay", "2", "--kernel", "triangular", "-o", "x.tif"], "--decay"),
        (["density", "--quantiles", "0.5,1.5", "--hotspots", "h.geojson"], "--quantiles"),
        (["density", "--levels", "3,1", "--hotspots", "h.geojson"], "--levels"),
        (["density", "--near", "44,42", "--near-radius", "0km", "-o", "x.tif"], "--near-radius"),
        (["density", "--hex", "0km"], "--hex"),
        (["export", "--format", "geojson", "--precision=-1"], "--precision"),
        (["export", "--layer", "hotspots", "--format", "geojson", "--cell", "0m"], "--cell"),
        (["export", "--layer", "hotspots", "--format", "geojson", "--kernel-radius=-1km"], "--kernel-radius"),
        (["export", "--layer", "zones", "--format", "geojson", "--margin=-1m"], "--margin"),
        (["serve", "--port", "70000"], "--port"),
        (["serve", "--port=-1"], "--port"),
        (["serve", "--cache-mb=-1"], "--cache-mb"),
        (["footprint", "44,42", "--radius", "0m"], "--radius"),
        (["footprint", "44,42", "--radius", "500m", "--semi-minor", "600m", "--azimuth", "0"], "--semi-minor"),
        (["footprint", "44,42", "--radius", "500m", "--semi-minor", "100m", "--azimuth", "nan"], "--azimuth"),
        (["footprint", "44,42", "--radius", "500m", "--tolerance", "0.7"], "--tolerance"),
        (["map", "-o", "x.pdf", "--margin=-1m"], "--margin"),
        (["show", "GE-2008-ruisi", "--format", "xml"], "--format"),
    ])
    func outOfRangeValuesNameTheOption(arguments: [String], option: String) throws {
        try CLITests.withStore { dir, env in
            let paths = arguments.map { ["x.tif", "h.geojson", "x.pdf"].contains($0) ? dir.appendingPathComponent($0).path : $0 }
            let r = try CLITests.run(paths, environment: env)
            #expect(r.status != 0)
            #expect(r.stderr.contains(option), "stderr: \(r.stderr)")
            #expect(r.stdout.isEmpty, "stdout: \(r.stdout)")
            let written = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix("s.gpkg") }
            #expect(written.isEmpty, "\(written)")
        }
    }

    /// W > E is a box across the antimeridian, as GIS officers write it for Fiji or Chukotka.
    @Test func bboxAcrossTheAntimeridianIsSplitNotRefused() throws {
        try CLITests.withStore { dir, env in
            let fiji = dir.appendingPathComponent("fiji.csv")
            try Data("""
                id,date,country,lon,lat,geo_precision,munition,source1_org
                FJ-east,2015-01-01,FJ,179.5,-17.0,1,,synthetic test data
                FJ-west,2015-01-01,FJ,-179.5,-17.0,1,,synthetic test data

                """.utf8).write(to: fiji)
            let imported = try CLITests.run(["import", fiji.path], environment: env)
            #expect(imported.status == 0, "\(imported.stderr)")
            let across = try CLITests.run(["query", "--bbox", "179,-20,-179,-15", "--format", "csv"], environment: env)
            #expect(across.status == 0, "\(across.stderr)")
            let ids = across.stdout.split(whereSeparator: \.isNewline).dropFirst().map { $0.split(separator: ",")[0] }
            #expect(Set(ids) == ["FJ-east", "FJ-west"])
            // The same numbers the other way round are the rest of the world, without Fiji's two.
            let rest = try CLITests.run(["query", "--bbox", "-179,-90,179,90", "--format", "csv"], environment: env)
            #expect(rest.status == 0 && rest.stdout.contains("GE-2008-ruisi") && !rest.stdout.contains("FJ-"))
        }
    }
}
