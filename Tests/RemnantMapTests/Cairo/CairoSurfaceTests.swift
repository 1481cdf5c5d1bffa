import Foundation
@testable import RemnantMap
import Testing

@Suite struct CairoSurfaceTests {
    @Test func imagePixelsRoundTripThroughPNG() throws {
        let dir = try MapTestSupport.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = try CairoSurface.image(width: 3, height: 2)
        // Premultiplied ARGB32: opaque red, half-transparent green (premultiplied 0x80), clear.
        image.setPixels([0xFFFF_0000, 0x8000_8000, 0, 0xFF00_00FF, 0xFFFF_FFFF, 0xFF00_0000])
        #expect(image.pixel(x: 1, y: 0) == 0x8000_8000)
        let path = dir.appendingPathComponent("p.png").path
        try image.writePNG(to: path)
        let read = try PNGImage(path: path)
        #expect(read.width == 3 && read.height == 2)
        #expect(read.rgba(x: 0, y: 0) == (255, 0, 0, 255))
        #expect(read.rgba(x: 1, y: 0).g > 250 && read.rgba(x: 1, y: 0).a == 128)
        #expect(read.rgba(x: 2, y: 0).a == 0)
        #expect(read.rgba(x: 0, y: 1) == (0, 0, 255, 255))
    }

    @Test func drawingFillsWhatItShould() throws {
        let image = try CairoSurface.image(width: 20, height: 20)
        let cairo = try CairoContext(surface: image)
        cairo.setAntialias(false)
        cairo.rectangle(Rect(x: 5, y: 5, width: 10, height: 10))
        cairo.setColor(RGBA(0, 0, 1))
        cairo.fill()
        try cairo.check("fill")
        #expect(image.pixel(x: 10, y: 10) == 0xFF00_00FF)
        #expect(image.pixel(x: 2, y: 2) == 0)
    }

    @Test func failuresCarryCairosMessage() {
        #expect(throws: MapError.self) { try CairoSurface.png(path: "/nonexistent/x.png") }
        #expect(throws: MapError.self) { try CairoSurface.image(width: 0, height: 5) }
        #expect(!CairoLibrary.version.isEmpty)
    }
}
