/// A geometry as ISO/OGC Well-Known Binary bytes (little-endian as GEOS writes it).
///
/// GEOS handles are tied to one context and are not `Sendable`; this value is. Pass geometries
/// between tasks as `WKBBytes` and rebuild them with ``Geometry/init(wkb:context:)`` on the other side.
public struct WKBBytes: Hashable, Sendable {
    public var bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var count: Int { bytes.count }

    /// Upper-case hexadecimal, as PostGIS and `ogrinfo` print WKB.
    public var hex: String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
