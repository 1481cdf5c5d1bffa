import Foundation
import Testing
import RemnantAnalysis
import RemnantGeometry
@testable import RemnantExport

/// GDAL (`gdalinfo`, `gdallocationinfo` from gdal-bin, installed by `make test`) is the
/// independent reader: it must see the grid's size, geotransform, CRS and values.
@Suite struct GeoTIFFWriterTests {
    @Test func gdalReadsSizeGeotransformCRSAndValues() throws {
        guard (try? ExportTestSupport.run("gdalinfo", ["--version"]))?.status == 0 else {
            Issue.record("gdalinfo (gdal-bin) is not installed; make test installs it")
            return
        }
        let points = [Coordinate(lon: 44.1129, lat: 41.9853), Coordinate(lon: 44.0114, lat: 42.1328)]
        let surface = try KernelDensity(radiusMeters: 3_000, cellMeters: 250).surface(lonLat: points, weights: [2, 1])
        let g = surface.grid
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-tiff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("density.tif")
        try GeoTIFFWriter.write(surface, to: url)

        let info = try ExportTestSupport.run("gdalinfo", ["-json", url.path])
        #expect(info.status == 0, "\(info.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(info.output.utf8)) as? [String: Any])
        #expect(json["size"] as? [Int] == [g.columns, g.rows])
        let transform = try #require(json["geoTransform"] as? [Double])
        #expect(abs(transform[0] - g.originX) < 1e-6 && abs(transform[3] - g.originY) < 1e-6)
        #expect(transform[1] == 250 && transform[5] == -250 && transform[2] == 0 && transform[4] == 0)
        let band = try #require((json["bands"] as? [[String: Any]])?.first)
        #expect(band["type"] as? String == "Float32")
        #expect(band["noDataValue"] as? Double == -9999)
        let wkt = try #require((json["coordinateSystem"] as? [String: Any])?["wkt"] as? String)
        #expect(wkt.contains("Lambert Azimuthal Equal Area"))
        #expect(wkt.contains("ID[\"EPSG\",4326]") || wkt.contains("WGS 84"))
        #expect(wkt.contains("\(surface.crs.center.lat)") && wkt.contains("\(surface.crs.center.lon)"))
        #expect(!info.output.contains("Warning"))

        // GDAL's corner coordinates, reprojected by GDAL itself, must bracket the incidents.
        let wgs84 = try #require((json["wgs84Extent"] as? [String: Any])?["coordinates"] as? [[[Double]]])
        let lons = wgs84[0].map { $0[0] }, lats = wgs84[0].map { $0[1] }
        for p in points { #expect(lons.min()! < p.lon && p.lon < lons.max()! && lats.min()! < p.lat && p.lat < lats.max()!) }

        // Values at three cells, read by GDAL, equal the grid's (as Float32).
        let peak = g.values.indices.max { g.values[$0] < g.values[$1] }!
        for index in [peak, peak + 3, g.columns * (g.rows / 3) + g.columns / 2] {
            let (row, column) = (index / g.columns, index % g.columns)
            let read = try ExportTestSupport.run("gdallocationinfo", ["-valonly", url.path, "\(column)", "\(row)"])
            let value = try #require(Double(read.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(read.output)")
            #expect(abs(value - Double(Float(g.values[index]))) <= 1e-6 * max(1, abs(value)), "cell (\(row), \(column))")
        }
        #expect(g.values[peak] > 1.9)
    }
}
