import Foundation
import ZIPFoundation

/// The incident icon shipped inside KMZ files: a 32 × 32 white disc with a dark rim, as an RGBA
/// PNG (ISO/IEC 15948) made here, so the archive needs no files from disk. KML's IconStyle colour
/// multiplies it, so one white icon serves every delivery-type colour.
enum KMLIcon {
    static let path = "files/incident.png"

    static let png: [UInt8] = {
        let size = 32
        var raw: [UInt8] = []
        raw.reserveCapacity(size * (size * 4 + 1))
        let c = Double(size - 1) / 2
        for y in 0..<size {
            raw.append(0)  // filter: none
            for x in 0..<size {
                let d = ((Double(x) - c) * (Double(x) - c) + (Double(y) - c) * (Double(y) - c)).squareRoot()
                let alpha = max(0, min(1, 14.5 - d))  // antialiased edge at r = 14.5 px
                let shade: UInt8 = d > 11.5 ? 40 : 255  // a 3 px dark rim
                raw += [shade, shade, shade, UInt8((alpha * 255).rounded())]
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ data: [UInt8]) {
            let body = Array(type.utf8) + data
            png += be32(UInt32(data.count)) + body + be32(Data(body).crc32(checksum: 0))
        }
        chunk("IHDR", be32(UInt32(size)) + be32(UInt32(size)) + [8, 6, 0, 0, 0])  // 8-bit RGBA
        // zlib (RFC 1950) with stored deflate blocks (RFC 1951 §3.2.4): small and dependency-free.
        var z: [UInt8] = [0x78, 0x01]
        var offset = 0
        while offset < raw.count {
            let n = min(65_535, raw.count - offset)
            let final: UInt8 = offset + n == raw.count ? 1 : 0
            z += [final, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
            z += raw[offset..<(offset + n)]
            offset += n
        }
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in raw { a = (a + UInt32(byte)) % 65_521; b = (b + a) % 65_521 }
        z += be32(b << 16 | a)
        chunk("IDAT", z)
        chunk("IEND", [])
        return png
    }()
}
