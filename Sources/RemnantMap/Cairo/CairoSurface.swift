import CCairo

/// Owns one `cairo_surface_t` (`cairo_*_surface_create` … `cairo_surface_destroy`).
///
/// Vector surfaces (PDF, SVG) are sized in points (1/72 in) and write their file as pages are
/// finished; image surfaces are ARGB32 (premultiplied) pixels, written with ``writePNG(to:)``.
final class CairoSurface {
    enum Kind { case pdf, svg, image }

    let kind: Kind
    let handle: OpaquePointer

    private init(kind: Kind, handle: OpaquePointer?, operation: String) throws(MapError) {
        guard let handle else { throw .cairo(operation: operation, message: "returned NULL") }
        self.kind = kind
        self.handle = handle
        let status = cairo_surface_status(handle)
        if status != CAIRO_STATUS_SUCCESS {
            cairo_surface_destroy(handle)
            throw .cairo(operation: operation, message: String(cString: cairo_status_to_string(status)))
        }
    }

    deinit {
        cairo_surface_destroy(handle)
    }

    /// A PDF file of pages `width` × `height` points (`cairo_pdf_surface_create`), with its
    /// document title and creator set (`cairo_pdf_surface_set_metadata`, Cairo ≥ 1.16).
    static func pdf(path: String, width: Double, height: Double, title: String, creator: String) throws(MapError) -> CairoSurface {
        let s = try CairoSurface(kind: .pdf, handle: cairo_pdf_surface_create(path, width, height), operation: "cairo_pdf_surface_create(\(path))")
        cairo_pdf_surface_set_metadata(s.handle, CAIRO_PDF_METADATA_TITLE, title)
        cairo_pdf_surface_set_metadata(s.handle, CAIRO_PDF_METADATA_CREATOR, creator)
        return s
    }

    /// An SVG file of one page `width` × `height` points (`cairo_svg_surface_create`).
    static func svg(path: String, width: Double, height: Double) throws(MapError) -> CairoSurface {
        try CairoSurface(kind: .svg, handle: cairo_svg_surface_create(path, width, height), operation: "cairo_svg_surface_create(\(path))")
    }

    /// An ARGB32 image of `width` × `height` pixels, transparent (`cairo_image_surface_create`).
    static func image(width: Int, height: Int) throws(MapError) -> CairoSurface {
        guard width > 0, height > 0, width <= 20_000, height <= 20_000 else {
            throw .invalidOption(name: "image size", value: "\(width)x\(height)", reason: "must be 1…20000 pixels each way")
        }
        return try CairoSurface(kind: .image, handle: cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)),
                                operation: "cairo_image_surface_create")
    }

    /// Reads a PNG file into an image surface (`cairo_image_surface_create_from_png`).
    static func png(path: String) throws(MapError) -> CairoSurface {
        try CairoSurface(kind: .image, handle: cairo_image_surface_create_from_png(path), operation: "cairo_image_surface_create_from_png(\(path))")
    }

    var width: Int { Int(cairo_image_surface_get_width(handle)) }
    var height: Int { Int(cairo_image_surface_get_height(handle)) }

    /// Writes premultiplied ARGB32 pixels (row-major, top row first; one `UInt32` per pixel,
    /// alpha in the high byte) into an image surface, then marks it dirty for Cairo.
    func setPixels(_ pixels: [UInt32]) {
        precondition(kind == .image && pixels.count == width * height)
        cairo_surface_flush(handle)
        guard let data = cairo_image_surface_get_data(handle) else { return }
        let stride = Int(cairo_image_surface_get_stride(handle))
        let w = width
        pixels.withUnsafeBufferPointer { src in
            for row in 0..<height {
                let dst = UnsafeMutableRawPointer(data + row * stride).assumingMemoryBound(to: UInt32.self)
                for c in 0..<w { dst[c] = src[row * w + c] }
            }
        }
        cairo_surface_mark_dirty(handle)
    }

    /// The premultiplied ARGB32 pixel at column `x`, row `y` of an image surface.
    func pixel(x: Int, y: Int) -> UInt32 {
        precondition(kind == .image && (0..<width).contains(x) && (0..<height).contains(y))
        cairo_surface_flush(handle)
        guard let data = cairo_image_surface_get_data(handle) else { return 0 }
        let stride = Int(cairo_image_surface_get_stride(handle))
        return UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)[x]
    }

    /// `cairo_surface_write_to_png`.
    func writePNG(to path: String) throws(MapError) {
        let status = cairo_surface_write_to_png(handle, path)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .cairo(operation: "cairo_surface_write_to_png(\(path))", message: String(cString: cairo_status_to_string(status)))
        }
    }

    /// Finishes the document (`cairo_surface_finish`): vector files are complete afterwards.
    func finish() throws(MapError) {
        cairo_surface_finish(handle)
        let status = cairo_surface_status(handle)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw .cairo(operation: "cairo_surface_finish", message: String(cString: cairo_status_to_string(status)))
        }
    }
}
