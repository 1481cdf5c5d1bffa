import Foundation
import RemnantGeometry

extension DensitySurface {
    /// The values at the given quantiles (0…1, by the nearest-rank rule) of the grid's non-zero
    /// cells: `--quantiles 0.5,0.9` gives the median and the 90th percentile of the density where
    /// there is any. Ascending, duplicates kept so every quantile maps to a level.
    public func levels(atQuantiles quantiles: [Double]) throws(AnalysisError) -> [Double] {
        for q in quantiles where !(q > 0 && q < 1) {
            throw .invalidOption(name: "--quantiles", value: "\(q)", reason: "each quantile must lie strictly between 0 and 1")
        }
        guard quantiles == quantiles.sorted(), Set(quantiles).count == quantiles.count else {
            throw .invalidOption(name: "--quantiles", value: quantiles.map { "\($0)" }.joined(separator: ","), reason: "must be strictly ascending")
        }
        let positive = grid.values.filter { $0 > 0 }.sorted()
        guard !positive.isEmpty else {
            throw .invalidOption(name: "--quantiles", value: "", reason: "the density is zero everywhere")
        }
        return quantiles.map { q in positive[min(positive.count - 1, max(0, Int((q * Double(positive.count)).rounded(.up)) - 1))] }
    }

    /// Hotspot bands at ascending `levels`: band i covers values in [levels[i], levels[i+1]), the
    /// last one everything ≥ its level. Each band is the difference of two superlevel sets
    /// {v ≥ L}, so the bands are disjoint and nested (each superlevel set lies inside the one
    /// below it). Superlevel sets are traced by marching squares over the cell-centre lattice
    /// with linear interpolation along cell edges (the cell-by-cell isoband construction of
    /// GDAL's `gdal_contour -p` and of matplotlib's `contourf`, saddles joined), the pieces
    /// unioned with GEOS (`GEOSUnaryUnion_r`) in the surface's metric frame, made valid, densified
    /// to the cell size and unprojected to lon/lat; areas are geodesic.
    public func hotspotBands(levels: [Double], quantiles: [Double]? = nil) throws(AnalysisError) -> [HotspotBand] {
        guard !levels.isEmpty else { throw .invalidOption(name: "--levels", value: "", reason: "give at least one level") }
        for (i, l) in levels.enumerated() {
            guard l.isFinite, l > 0 else { throw .invalidOption(name: "--levels", value: "\(l)", reason: "each level must be a number greater than 0") }
            if i > 0, !(l > levels[i - 1]) {
                throw .invalidOption(name: "--levels", value: levels.map { "\($0)" }.joined(separator: ","), reason: "levels must be strictly ascending")
            }
        }
        do {
            let geos = GEOSContext()
            let proj = PROJContext()
            let back = try crs.transformer(in: proj)
            let sets = try levels.map { level throws(GeometryError) in try superlevelSet(level, context: geos) }
            var bands: [HotspotBand] = []
            for (i, lower) in sets.enumerated() {
                var band = lower
                if i + 1 < sets.count, let upper = sets[i + 1], let l = lower { band = try l.difference(upper) }
                let polygons = try band.map { g throws(GeometryError) in try g.isEmpty ? [] : g.polygonRings() } ?? []
                var lonLat: [[[Coordinate]]] = []
                var area = 0.0
                for rings in polygons {
                    var out: [[Coordinate]] = []
                    for (k, ring) in rings.enumerated() {
                        let r = try back.transform(Self.densified(ring, step: grid.cellSize), inverse: true)
                        let a = Geodesic.wgs84.measureRing(r).areaSquareMeters
                        area += k == 0 ? a : -a
                        out.append(r)
                    }
                    lonLat.append(out)
                }
                bands.append(HotspotBand(index: i + 1, lowerLevel: levels[i], upperLevel: i + 1 < levels.count ? levels[i + 1] : nil,
                                         quantile: quantiles.flatMap { i < $0.count ? $0[i] : nil },
                                         polygons: lonLat, areaHectares: area / 10_000))
            }
            return bands
        } catch {
            throw .geometry(context: "tracing hotspot bands", message: "\(error)")
        }
    }

    /// The region {v ≥ level} in the surface's metric frame, or nil when no cell reaches the level.
    /// Grid nodes are the cell centres; the lattice square between four nodes contributes the
    /// polygon of its corners at or above the level and the crossings on its edges (a whole square
    /// when all four are above; runs of whole squares along a row are merged into one rectangle).
    /// Crossings are computed from the same two nodes in the same order on both sides of a shared
    /// edge, so neighbouring pieces meet exactly.
    func superlevelSet(_ level: Double, context: GEOSContext) throws(GeometryError) -> Geometry? {
        let g = grid
        let s = g.cellSize
        @inline(__always) func x(_ c: Int) -> Double { g.originX + (Double(c) + 0.5) * s }
        @inline(__always) func y(_ r: Int) -> Double { g.originY - (Double(r) + 0.5) * s }
        @inline(__always) func v(_ r: Int, _ c: Int) -> Double { g.values[r * g.columns + c] }
        // Crossing on the horizontal edge (r, c)–(r, c+1) and on the vertical edge (r, c)–(r+1, c).
        func across(_ r: Int, _ c: Int) -> Coordinate {
            let a = v(r, c), b = v(r, c + 1)
            return Coordinate(x: x(c) + (level - a) / (b - a) * s, y: y(r))
        }
        func down(_ r: Int, _ c: Int) -> Coordinate {
            let a = v(r, c), b = v(r + 1, c)
            return Coordinate(x: x(c), y: y(r) - (level - a) / (b - a) * s)
        }
        var pieces: [Geometry] = []
        for r in 0..<(g.rows - 1) {
            var runStart: Int? = nil
            func closeRun(at end: Int) throws(GeometryError) {
                guard let start = runStart else { return }
                let ring = [Coordinate(x: x(start), y: y(r)), Coordinate(x: x(start), y: y(r + 1)), Coordinate(x: x(end), y: y(r + 1)),
                            Coordinate(x: x(end), y: y(r)), Coordinate(x: x(start), y: y(r))]
                pieces.append(try Geometry.polygon(exterior: ring, context: context))
                runStart = nil
            }
            for c in 0..<(g.columns - 1) {
                let tl = v(r, c) >= level, tr = v(r, c + 1) >= level, br = v(r + 1, c + 1) >= level, bl = v(r + 1, c) >= level
                if tl && tr && br && bl {
                    if runStart == nil { runStart = c }
                    continue
                }
                try closeRun(at: c)
                guard tl || tr || br || bl else { continue }
                // Walk the square clockwise from the top-left node: nodes at or above the level,
                // and the crossing wherever an edge changes side.
                var ring: [Coordinate] = []
                if tl { ring.append(Coordinate(x: x(c), y: y(r))) }
                if tl != tr { ring.append(across(r, c)) }
                if tr { ring.append(Coordinate(x: x(c + 1), y: y(r))) }
                if tr != br { ring.append(down(r, c + 1)) }
                if br { ring.append(Coordinate(x: x(c + 1), y: y(r + 1))) }
                if br != bl { ring.append(across(r + 1, c)) }
                if bl { ring.append(Coordinate(x: x(c), y: y(r + 1))) }
                if bl != tl { ring.append(down(r, c)) }
                guard ring.count >= 3, abs(Self.shoelace(ring)) > 1e-9 * s * s else { continue }
                ring.append(ring[0])
                pieces.append(try Geometry.polygon(exterior: ring, context: context))
            }
            try closeRun(at: g.columns - 1)
        }
        guard let union = try Geometry.unionAll(pieces, context: context), !union.isEmpty else { return nil }
        return try union.isValid() ? union : union.makeValid()
    }

    static func shoelace(_ ring: [Coordinate]) -> Double {
        var sum = 0.0
        for i in ring.indices {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            sum += a.x * b.y - b.x * a.y
        }
        return sum / 2
    }

    /// `ring` with points inserted so no edge is longer than `step` (metres), so straight edges of
    /// the metric frame stay close to their images when unprojected.
    static func densified(_ ring: [Coordinate], step: Double) -> [Coordinate] {
        guard ring.count > 1 else { return ring }
        var out: [Coordinate] = [ring[0]]
        for i in 1..<ring.count {
            let a = ring[i - 1], b = ring[i]
            let n = Int((hypot(b.x - a.x, b.y - a.y) / step).rounded(.up))
            if n > 1 { for k in 1..<n { let t = Double(k) / Double(n); out.append(Coordinate(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y))) } }
            out.append(b)
        }
        return out
    }
}
