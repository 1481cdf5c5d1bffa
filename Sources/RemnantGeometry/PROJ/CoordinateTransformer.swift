import CPROJ

/// A coordinate operation between two CRSs, normalised to lon/lat order
/// (`proj_create_crs_to_crs` then `proj_normalize_for_visualization`), owning its `PJ*`.
///
/// Geographic coordinates go in and come out as longitude, latitude in degrees; projected ones as
/// easting, northing. Made through ``PROJContext/transformer(from:to:)``, which caches it. The
/// transformer keeps the underlying PROJ context alive, so it stays usable on its own.
public final class CoordinateTransformer {
    public let source: String
    public let target: String
    let context: PROJContextHandle
    let handle: OpaquePointer

    init(owner: PROJContextHandle, source: String, target: String) throws(GeometryError) {
        self.context = owner
        self.source = source
        self.target = target
        guard let raw = proj_create_crs_to_crs(owner.pointer, source, target, nil) else {
            throw owner.error("proj_create_crs_to_crs(\(source) → \(target))")
        }
        defer { proj_destroy(raw) }
        guard let normalised = proj_normalize_for_visualization(owner.pointer, raw) else {
            throw owner.error("proj_normalize_for_visualization")
        }
        handle = normalised
    }

    deinit {
        proj_destroy(handle)
    }

    /// Transforms one coordinate (`proj_trans`, forward or inverse).
    /// - Throws: ``GeometryError/proj(operation:message:)`` when PROJ returns infinity (outside the
    ///   projection's domain) or sets an error.
    public func transform(_ c: Coordinate, inverse: Bool = false) throws(GeometryError) -> Coordinate {
        let input = proj_coord(c.x, c.y, 0, 0)
        let out = proj_trans(handle, inverse ? PJ_INV : PJ_FWD, input)
        let x = out.xy.x, y = out.xy.y
        guard x.isFinite, y.isFinite else {
            throw context.error("proj_trans(\(c.x), \(c.y))")
        }
        return Coordinate(x: x, y: y)
    }

    /// Transforms many coordinates in one call (`proj_trans_generic`), the fast path for rings and grids.
    public func transform(_ coordinates: [Coordinate], inverse: Bool = false) throws(GeometryError) -> [Coordinate] {
        if coordinates.isEmpty { return [] }
        var xs = coordinates.map(\.x)
        var ys = coordinates.map(\.y)
        let n = coordinates.count
        let stride = MemoryLayout<Double>.stride
        let done = xs.withUnsafeMutableBufferPointer { xb in
            ys.withUnsafeMutableBufferPointer { yb in
                proj_trans_generic(handle, inverse ? PJ_INV : PJ_FWD,
                                   xb.baseAddress, stride, n,
                                   yb.baseAddress, stride, n,
                                   nil, 0, 0, nil, 0, 0)
            }
        }
        var result = [Coordinate]()
        result.reserveCapacity(n)
        for i in 0..<n {
            guard xs[i].isFinite, ys[i].isFinite else {
                throw context.error("proj_trans_generic at index \(i) (\(coordinates[i].x), \(coordinates[i].y))")
            }
            result.append(Coordinate(x: xs[i], y: ys[i]))
        }
        guard done == n else { throw context.error("proj_trans_generic transformed \(done) of \(n)") }
        return result
    }
}
