import Foundation
import RemnantGeometry

/// The GeoPackage geometry encoding (OGC 12-128r18 §2.1.3, "GeoPackageBinary"): a header
/// (`GP`, version 0, flags, srs_id, optional envelope) followed by standard WKB.
///
/// Flags: bit 0 = little-endian header, bits 1–3 = envelope code (0 none, 1 xy, 2 xyz, 3 xym,
/// 4 xyzm), bit 4 = empty geometry, bit 5 = extended type. Points are written without an
/// envelope, as GDAL writes them; their envelope is the point.
public enum GeoPackageBinary {
    /// Encodes a 2D point, little-endian, no envelope: 8 header bytes + 21 WKB bytes.
    public static func point(_ c: Coordinate, srsID: Int32 = 4326) -> Data {
        var bytes = [UInt8]()
        appendPoint(c, srsID: srsID, to: &bytes)
        return Data(bytes)
    }

    /// ``point(_:srsID:)``'s 29 bytes, appended to `bytes` (a bulk write reuses one buffer).
    static func appendPoint(_ c: Coordinate, srsID: Int32 = 4326, to bytes: inout [UInt8]) {
        bytes += [0x47, 0x50, 0x00, 0x01]         // "GP", version 0, flags: little-endian, no envelope
        append(UInt32(bitPattern: srsID), to: &bytes)
        bytes.append(0x01)                        // WKB little-endian
        append(UInt32(1), to: &bytes)             // wkbPoint
        append(c.x.bitPattern, to: &bytes)
        append(c.y.bitPattern, to: &bytes)
    }

    /// Encodes any geometry's WKB with an xy envelope (code 1), as GDAL does for non-points.
    public static func geometry(wkb: WKBBytes, envelope: BoundingBox?, srsID: Int32 = 4326) -> Data {
        var bytes: [UInt8] = [0x47, 0x50, 0x00, envelope == nil ? 0x11 : 0x03]
        append(UInt32(bitPattern: srsID), to: &bytes)
        if let e = envelope {
            for v in [e.minX, e.maxX, e.minY, e.maxY] { append(v.bitPattern, to: &bytes) }
        }
        bytes += wkb.bytes
        return Data(bytes)
    }

    /// What the header says, and where the WKB starts.
    public struct Header: Equatable, Sendable {
        public var srsID: Int32
        public var isEmpty: Bool
        /// The stored envelope, if any (minX, minY, maxX, maxY).
        public var envelope: BoundingBox?
        public var wkbOffset: Int
    }

    /// Parses the header; nil when the blob is not GeoPackageBinary.
    public static func header(_ data: Data) -> Header? {
        data.withUnsafeBytes { raw -> Header? in
            let b = raw.bindMemory(to: UInt8.self)
            guard b.count >= 8, b[0] == 0x47, b[1] == 0x50, b[2] == 0 else { return nil }
            let flags = b[3]
            let little = flags & 1 == 1
            let code = Int((flags >> 1) & 0x07)
            let envelopeDoubles = [0, 4, 6, 6, 8]
            guard code < envelopeDoubles.count else { return nil }
            let size = 8 + envelopeDoubles[code] * 8
            guard b.count >= size else { return nil }
            let srs = Int32(bitPattern: readUInt32(b, 4, little: little))
            var envelope: BoundingBox?
            if code > 0 {
                let minX = Double(bitPattern: readUInt64(b, 8, little: little))
                let maxX = Double(bitPattern: readUInt64(b, 16, little: little))
                let minY = Double(bitPattern: readUInt64(b, 24, little: little))
                let maxY = Double(bitPattern: readUInt64(b, 32, little: little))
                envelope = BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
            }
            return Header(srsID: srs, isEmpty: flags & 0x10 != 0, envelope: envelope, wkbOffset: size)
        }
    }

    /// The point of a GeoPackageBinary 2D point (any byte order), or nil for other geometries.
    public static func pointCoordinate(_ data: Data) -> Coordinate? {
        guard let h = header(data), !h.isEmpty, data.count >= h.wkbOffset + 21 else { return nil }
        return data.withUnsafeBytes { raw -> Coordinate? in
            let b = raw.bindMemory(to: UInt8.self)
            let o = h.wkbOffset
            let little = b[o] == 1
            let type = readUInt32(b, o + 1, little: little)
            guard type == 1 || type == 1001 || type == 2001 || type == 3001 else { return nil }
            let x = Double(bitPattern: readUInt64(b, o + 5, little: little))
            let y = Double(bitPattern: readUInt64(b, o + 13, little: little))
            if x.isNaN && y.isNaN { return nil }  // WKB's empty point
            return Coordinate(x: x, y: y)
        }
    }

    /// The envelope of a GeoPackageBinary geometry: the stored one, the point itself, or nil
    /// for empty or non-point geometries without a stored envelope.
    public static func envelope(_ data: Data) -> BoundingBox? {
        guard let h = header(data), !h.isEmpty else { return nil }
        if let e = h.envelope { return e }
        if let p = pointCoordinate(data) { return BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y) }
        return nil
    }

    private static func append(_ v: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { bytes += $0 }
    }

    private static func append(_ v: UInt64, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { bytes += $0 }
    }

    private static func readUInt32(_ b: UnsafeBufferPointer<UInt8>, _ o: Int, little: Bool) -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(b[o + i]) << (8 * UInt32(little ? i : 3 - i)) }
        return v
    }

    private static func readUInt64(_ b: UnsafeBufferPointer<UInt8>, _ o: Int, little: Bool) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(b[o + i]) << (8 * UInt64(little ? i : 7 - i)) }
        return v
    }
}
