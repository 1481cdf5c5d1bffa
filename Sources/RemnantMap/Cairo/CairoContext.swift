import CCairo

/// Text metrics in user units (`cairo_text_extents_t`).
struct TextExtents {
    var width: Double
    var height: Double
    var xBearing: Double
    var yBearing: Double
    var xAdvance: Double
}

/// An RGBA colour, components 0…1, not premultiplied.
struct RGBA: Equatable, Sendable {
    var r: Double
    var g: Double
    var b: Double
    var a: Double = 1

    init(_ r: Double, _ g: Double, _ b: Double, _ a: Double = 1) {
        (self.r, self.g, self.b, self.a) = (r, g, b, a)
    }

    /// From 0…255 components.
    init(bytes r: Int, _ g: Int, _ b: Int, alpha: Double = 1) {
        self.init(Double(r) / 255, Double(g) / 255, Double(b) / 255, alpha)
    }

    func with(alpha: Double) -> RGBA { RGBA(r, g, b, alpha) }

    /// This colour composited over an opaque `background` (Porter–Duff OVER).
    func over(_ background: RGBA) -> RGBA {
        RGBA(r * a + background.r * (1 - a), g * a + background.g * (1 - a), b * a + background.b * (1 - a), 1)
    }

    static let black = RGBA(0, 0, 0)
    static let white = RGBA(1, 1, 1)
}

/// Owns one `cairo_t` (`cairo_create` … `cairo_destroy`) drawing on a ``CairoSurface``, which it
/// keeps alive. Coordinates are in the surface's user units (points for the map pages).
final class CairoContext {
    let surface: CairoSurface
    let handle: OpaquePointer

    init(surface: CairoSurface) throws(MapError) {
        guard let h = cairo_create(surface.handle) else { throw .cairo(operation: "cairo_create", message: "returned NULL") }
        self.surface = surface
        self.handle = h
        try check("cairo_create")
        cairo_set_line_join(h, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(h, CAIRO_LINE_CAP_ROUND)
    }

    deinit {
        cairo_destroy(handle)
    }

    /// Throws Cairo's sticky error status, if any (`cairo_status`).
    func check(_ operation: String) throws(MapError) {
        let status = cairo_status(handle)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .cairo(operation: operation, message: String(cString: cairo_status_to_string(status)))
        }
    }

    func save() { cairo_save(handle) }
    func restore() { cairo_restore(handle) }
    func translate(_ x: Double, _ y: Double) { cairo_translate(handle, x, y) }
    func scale(_ x: Double, _ y: Double) { cairo_scale(handle, x, y) }
    func rotate(_ radians: Double) { cairo_rotate(handle, radians) }

    func setColor(_ c: RGBA) { cairo_set_source_rgba(handle, c.r, c.g, c.b, c.a) }
    func setLineWidth(_ w: Double) { cairo_set_line_width(handle, w) }
    func setDash(_ pattern: [Double]) {
        pattern.withUnsafeBufferPointer { cairo_set_dash(handle, $0.baseAddress, Int32($0.count), 0) }
    }
    func setEvenOddFill(_ on: Bool) { cairo_set_fill_rule(handle, on ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING) }
    /// Antialiasing for raster output (`cairo_set_antialias`): the default, or none for crisp tests.
    func setAntialias(_ on: Bool) { cairo_set_antialias(handle, on ? CAIRO_ANTIALIAS_DEFAULT : CAIRO_ANTIALIAS_NONE) }

    func newPath() { cairo_new_path(handle) }
    func move(to p: Point) { cairo_move_to(handle, p.x, p.y) }
    func line(to p: Point) { cairo_line_to(handle, p.x, p.y) }
    func closePath() { cairo_close_path(handle) }
    func rectangle(_ r: Rect) { cairo_rectangle(handle, r.x, r.y, r.width, r.height) }
    func circle(center: Point, radius: Double) {
        cairo_new_sub_path(handle)
        cairo_arc(handle, center.x, center.y, radius, 0, 2 * Double.pi)
    }

    /// Adds a closed polygon ring as a sub-path.
    func ring(_ points: [Point]) {
        guard let first = points.first else { return }
        move(to: first)
        for p in points.dropFirst() { line(to: p) }
        closePath()
    }

    /// An open polyline.
    func polyline(_ points: [Point]) {
        guard let first = points.first else { return }
        move(to: first)
        for p in points.dropFirst() { line(to: p) }
    }

    func fill(preserve: Bool = false) { preserve ? cairo_fill_preserve(handle) : cairo_fill(handle) }
    func stroke(preserve: Bool = false) { preserve ? cairo_stroke_preserve(handle) : cairo_stroke(handle) }
    func clip() { cairo_clip(handle) }
    func paint() { cairo_paint(handle) }

    /// Sets the font through Cairo's toy API (`cairo_select_font_face`, fontconfig): DejaVu Sans
    /// (Debian `fonts-dejavu-core`), bold or monospaced on request.
    func font(size: Double, bold: Bool = false, mono: Bool = false, italic: Bool = false) {
        cairo_select_font_face(handle, mono ? "DejaVu Sans Mono" : "DejaVu Sans",
                               italic ? CAIRO_FONT_SLANT_ITALIC : CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(handle, size)
    }

    /// `cairo_text_extents` of `text` in the current font.
    func extents(_ text: String) -> TextExtents {
        var e = cairo_text_extents_t()
        cairo_text_extents(handle, text, &e)
        return TextExtents(width: e.width, height: e.height, xBearing: e.x_bearing, yBearing: e.y_bearing, xAdvance: e.x_advance)
    }

    /// Draws `text` with its baseline starting at `p` (`cairo_show_text`).
    func text(_ text: String, at p: Point) {
        move(to: p)
        cairo_show_text(handle, text)
    }

    /// Text with a light halo behind it so it reads over any fill (stroked outline, then fill).
    func haloText(_ text: String, at p: Point, color: RGBA, halo: RGBA = .white, haloWidth: Double = 2) {
        newPath()
        move(to: p)
        cairo_text_path(handle, text)
        setColor(halo)
        setLineWidth(haloWidth)
        stroke(preserve: true)
        setColor(color)
        fill()
    }

    /// Paints an image surface with its top-left pixel at `origin`, each pixel `pixelSize` user
    /// units wide, sampled nearest-neighbour so grid cells stay cells.
    func paintImage(_ image: CairoSurface, origin: Point, pixelWidth: Double, pixelHeight: Double, alpha: Double = 1) {
        save()
        translate(origin.x, origin.y)
        scale(pixelWidth, pixelHeight)
        cairo_set_source_surface(handle, image.handle, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(handle), CAIRO_FILTER_NEAREST)
        cairo_paint_with_alpha(handle, alpha)
        restore()
    }

    /// Uses a gradient as the source for the next fill or stroke.
    func setSource(_ pattern: CairoPattern) { cairo_set_source(handle, pattern.handle) }

    /// Ends the page (`cairo_show_page`); vector surfaces start a new one.
    func showPage() { cairo_show_page(handle) }
}

/// Owns one `cairo_pattern_t` (`cairo_pattern_create_linear` … `cairo_pattern_destroy`).
final class CairoPattern {
    let handle: OpaquePointer

    /// A linear gradient from `start` to `end` with colour stops at offsets 0…1.
    init(linearFrom start: Point, to end: Point, stops: [(Double, RGBA)]) throws(MapError) {
        guard let h = cairo_pattern_create_linear(start.x, start.y, end.x, end.y) else {
            throw .cairo(operation: "cairo_pattern_create_linear", message: "returned NULL")
        }
        handle = h
        for (offset, c) in stops { cairo_pattern_add_color_stop_rgba(h, offset, c.r, c.g, c.b, c.a) }
        let status = cairo_pattern_status(h)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .cairo(operation: "cairo_pattern_create_linear", message: String(cString: cairo_status_to_string(status)))
        }
    }

    deinit {
        cairo_pattern_destroy(handle)
    }
}

/// The version of the Cairo library linked (`cairo_version_string`).
public enum CairoLibrary {
    public static var version: String { String(cString: cairo_version_string()) }
}
