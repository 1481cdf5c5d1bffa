import Foundation
import RemnantAnalysis
import RemnantGeometry
import RemnantStore

/// Writes a density surface as a single-band Float32 GeoTIFF (TIFF 6.0 baseline, uncompressed,
/// one row per strip) with GeoTIFF 1.0 keys for its local frame, so `gdalinfo` and QGIS read the
/// size, geotransform and CRS without any side-car file.
///
/// Written by hand rather than through libtiff/libgeotiff: the format needed is small (one IFD,
/// fixed tags, no compression), the writer streams row by row at constant memory beyond the grid,
/// and it spares users two more system libraries. The CRS is described by user-defined GeoKeys
/// (GeoTIFF 1.0 §6.3.3): `ProjCoordTransGeoKey` = CT_LambertAzimEqualArea (10) or
/// CT_AzimuthalEquidistant (12), centre longitude and latitude, false easting/northing 0, metre
/// units, on `GeographicTypeGeoKey` = 4326 (WGS 84). The tie point puts the north-west corner of
/// cell (0, 0) at the grid origin (PixelIsArea). Zero density is a value, so every cell holds
/// data; `GDAL_NODATA` is still declared (−9999) for tools that expect it.
public enum GeoTIFFWriter {
    public static let noData: Float = -9999

    public static func write(_ surface: DensitySurface, to url: URL) throws {
        let g = surface.grid
        let rowBytes = g.columns * 4
        let imageBytes = UInt64(rowBytes) * UInt64(g.rows)
        guard imageBytes < UInt64(UInt32.max) - 1_000_000 else {
            throw ExportError.unsupported(format: "GeoTIFF", reason: "a \(g.columns) × \(g.rows) grid needs BigTIFF (over 4 GiB); use a larger --cell")
        }
        let crs = surface.crs
        var keys: [(UInt16, UInt16, UInt16, UInt16)] = []   // key, location, count, value/offset
        var doubles: [Double] = []
        let citation = "Remnant density: WGS 84 / \(crs.projection == .lambertAzimuthalEqualArea ? "Lambert azimuthal equal-area" : "azimuthal equidistant") centred \(crs.center.lat)N \(crs.center.lon)E|"
        func short(_ key: UInt16, _ value: UInt16) { keys.append((key, 0, 1, value)) }
        func double(_ key: UInt16, _ value: Double) { keys.append((key, 34736, 1, UInt16(doubles.count))); doubles.append(value) }
        short(1024, 1)                                            // GTModelTypeGeoKey: projected
        short(1025, 1)                                            // GTRasterTypeGeoKey: PixelIsArea
        keys.append((1026, 34737, UInt16(citation.utf8.count), 0)) // GTCitationGeoKey
        short(2048, 4326)                                         // GeographicTypeGeoKey: WGS 84
        short(3072, 32767)                                        // ProjectedCSTypeGeoKey: user-defined
        short(3074, 32767)                                        // ProjectionGeoKey: user-defined
        short(3075, crs.projection == .lambertAzimuthalEqualArea ? 10 : 12) // ProjCoordTransGeoKey
        short(3076, 9001)                                         // ProjLinearUnitsGeoKey: metre
        double(3082, 0)                                           // ProjFalseEastingGeoKey
        double(3083, 0)                                           // ProjFalseNorthingGeoKey
        double(3088, crs.center.lon)                              // ProjCenterLongGeoKey
        double(3089, crs.center.lat)                              // ProjCenterLatGeoKey
        var directory: [UInt16] = [1, 1, 0, UInt16(keys.count)]
        for k in keys { directory += [k.0, k.1, k.2, k.3] }
        let ascii = Array(citation.utf8) + [0]
        let nodata = Array("-9999".utf8) + [0]

        // Layout: header, image rows, then the IFD and its out-of-line values.
        var tail = TIFFDirectory(start: 8 + imageBytes)
        tail.add(256, .long, [UInt64(g.columns)])
        tail.add(257, .long, [UInt64(g.rows)])
        tail.add(258, .short, [32])
        tail.add(259, .short, [1])
        tail.add(262, .short, [1])
        tail.add(273, .long, (0..<g.rows).map { 8 + UInt64($0) * UInt64(rowBytes) })
        tail.add(277, .short, [1])
        tail.add(278, .long, [1])
        tail.add(279, .long, Array(repeating: UInt64(rowBytes), count: g.rows))
        tail.add(284, .short, [1])
        tail.add(339, .short, [3])                                // SampleFormat: IEEE float
        tail.add(33550, .double, doubleBits([g.cellSize, g.cellSize, 0]))
        tail.add(33922, .double, doubleBits([0, 0, 0, g.originX, g.originY, 0]))
        tail.add(34735, .short, directory.map(UInt64.init))
        tail.add(34736, .double, doubleBits(doubles))
        tail.add(34737, .ascii, ascii.map(UInt64.init))
        tail.add(42113, .ascii, nodata.map(UInt64.init))           // GDAL_NODATA

        try AtomicFile.write(to: url) { handle in
            var header: [UInt8] = [0x49, 0x49, 42, 0]
            header += le32(UInt32(8 + imageBytes + UInt64(tail.padding)))
            try handle.write(contentsOf: header)
            // Rows are converted to Float32 little-endian (the "II" byte order) and written 64
            // rows at a time; `littleEndian` is a no-op on x86-64 and ARM64.
            let rowsPerWrite = 64
            var chunk = [UInt32](repeating: 0, count: rowsPerWrite * g.columns)
            var r = 0
            while r < g.rows {
                let n = min(rowsPerWrite, g.rows - r)
                g.values.withUnsafeBufferPointer { values in
                    chunk.withUnsafeMutableBufferPointer { out in
                        let base = r * g.columns
                        for k in 0..<(n * g.columns) { out[k] = Float(values[base + k]).bitPattern.littleEndian }
                    }
                }
                try chunk.withUnsafeBytes { bytes in try handle.write(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<(n * rowBytes)])) }
                r += n
            }
            try handle.write(contentsOf: tail.bytes())
        }
    }

    static func doubleBits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }
}

func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

/// One classic-TIFF image file directory placed at `start` (word-aligned), with the values that
/// do not fit in an entry's 4 bytes written after it.
struct TIFFDirectory {
    enum FieldType: UInt16 {
        case ascii = 2, short = 3, long = 4, double = 12
        var size: Int { switch self { case .ascii: 1; case .short: 2; case .long: 4; case .double: 8 } }
    }

    let start: UInt64
    private var entries: [(tag: UInt16, type: FieldType, values: [UInt64])] = []

    init(start: UInt64) { self.start = start }

    /// Bytes between the image data and the directory, so the directory starts on a word boundary.
    var padding: Int { Int(start % 2) }

    mutating func add(_ tag: UInt16, _ type: FieldType, _ values: [UInt64]) {
        entries.append((tag, type, values))
    }

    func bytes() -> [UInt8] {
        let sorted = entries.sorted { $0.tag < $1.tag }
        let ifdStart = start + UInt64(padding)
        var extra: [UInt8] = []
        let extraStart = ifdStart + 2 + UInt64(sorted.count) * 12 + 4
        var out: [UInt8] = Array(repeating: 0, count: padding)
        out += le16(UInt16(sorted.count))
        for e in sorted {
            var data: [UInt8] = []
            for v in e.values {
                switch e.type {
                case .ascii: data.append(UInt8(v))
                case .short: data += le16(UInt16(v))
                case .long: data += le32(UInt32(v))
                case .double: data += le64(v)
                }
            }
            out += le16(e.tag) + le16(e.type.rawValue) + le32(UInt32(e.values.count))
            if data.count <= 4 {
                out += data + Array(repeating: 0, count: 4 - data.count)
            } else {
                if extra.count % 2 == 1 { extra.append(0) }
                out += le32(UInt32(extraStart + UInt64(extra.count)))
                extra += data
            }
        }
        out += le32(0)   // no next IFD
        return out + extra
    }
}
