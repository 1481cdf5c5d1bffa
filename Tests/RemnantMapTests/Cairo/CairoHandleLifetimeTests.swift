import Foundation
@testable import RemnantMap
import Testing

/// Every Cairo handle (surface, context, pattern) is freed in `deinit`: many create/destroy
/// cycles must not grow resident memory. `make test` runs this with the other
/// `HandleLifetimeTests` in their own process, since resident memory is process-wide.
@Suite(.serialized) struct CairoHandleLifetimeTests {
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// A 64 × 64 image (16 KiB of pixels), a context drawing text and a gradient on it, and a
    /// small density-style image painted through it.
    static func cycle(_ i: Int) throws {
        let surface = try CairoSurface.image(width: 64, height: 64)
        let cairo = try CairoContext(surface: surface)
        let pattern = try CairoPattern(linearFrom: Point(0, 0), to: Point(64, 0), stops: [(0, .white), (1, .black)])
        cairo.rectangle(Rect(x: 0, y: 0, width: 64, height: 64))
        cairo.setSource(pattern)
        cairo.fill()
        cairo.font(size: 9, bold: i % 2 == 0)
        cairo.haloText("Gori \(i)", at: Point(4, 20), color: .black)
        let tile = try CairoSurface.image(width: 8, height: 8)
        tile.setPixels([UInt32](repeating: 0x8040_0080, count: 64))
        cairo.paintImage(tile, origin: Point(10, 10), pixelWidth: 2, pixelHeight: 2)
        try cairo.check("cycle")
    }

    @Test func createDestroyCyclesDoNotGrowMemory() throws {
        for i in 0..<1_000 { try Self.cycle(i) }
        let before = Self.residentBytes()
        for i in 0..<10_000 { try Self.cycle(i) }
        let grown = Self.residentBytes() - before
        // One leaked 64 × 64 surface per cycle would add ~160 MB; allow allocator noise.
        #expect(grown < 8 * 1024 * 1024, "resident memory grew by \(grown / 1024) KiB over 10,000 cycles")
    }
}
