/// A PNG file read back as pixels (through Cairo's image surface), to check what a map drew.
public final class PNGImage {
    let surface: CairoSurface

    /// Reads `path` (`cairo_image_surface_create_from_png`).
    public init(path: String) throws(MapError) {
        surface = try .png(path: path)
    }

    public var width: Int { surface.width }
    public var height: Int { surface.height }

    /// The colour at column `x`, row `y` (from the top-left), 0…255, alpha not premultiplied.
    public func rgba(x: Int, y: Int) -> (r: Int, g: Int, b: Int, a: Int) {
        let p = surface.pixel(x: x, y: y)
        let a = Int(p >> 24), r = Int((p >> 16) & 0xff), g = Int((p >> 8) & 0xff), b = Int(p & 0xff)
        guard a > 0, a < 255 else { return (r, g, b, a) }
        return (min(255, r * 255 / a), min(255, g * 255 / a), min(255, b * 255 / a), a)
    }
}
