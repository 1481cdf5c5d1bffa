import Foundation
import RemnantGeometry
import RemnantStore

/// Draws the layers of one map frame onto a page. Holds the page's Cairo context, the frame and
/// a GEOS context for clipping reference polygons; not `Sendable` (one per document).
final class MapPainter {
    let cairo: CairoContext
    let frame: MapFrame
    let data: MapData
    let layers: MapLayers
    let geos = GEOSContext()
    /// Page rectangles already holding text or place dots, for label collision tests.
    var occupied: [Rect] = []
    /// Page rectangles of incident symbols: no label may cover one, but a place dot may.
    var symbols: [Rect] = []
    /// The lon/lat box the frame shows, grown so clipped polygons leave no edge in view.
    let clipBox: BoundingBox
    /// Symbol size in points (larger on sheets).
    var symbolSize = 5.5
    /// Hazard areas drawn too small to see, ringed (for the legend).
    var smallAreas = 0
    /// Place labels placed, with their text, for checking that none collide.
    var placeLabels: [(name: String, box: Rect)] = []

    init(cairo: CairoContext, frame: MapFrame, data: MapData, layers: MapLayers) throws(MapError) {
        self.cairo = cairo
        self.frame = frame
        self.data = data
        self.layers = layers
        let b = try frame.lonLatBounds()
        let pad = max(b.width, b.height) * 0.15 + 0.05
        clipBox = BoundingBox(minX: max(-180, b.minX - pad), minY: max(-89, b.minY - pad), maxX: min(180, b.maxX + pad), maxY: min(89, b.maxY + pad))
    }

    /// Runs `body` clipped to the map frame.
    func clipped(_ body: () throws(MapError) -> Void) throws(MapError) {
        cairo.save()
        cairo.newPath()
        cairo.rectangle(frame.rect)
        cairo.clip()
        defer { cairo.restore() }
        try body()
    }

    /// Page rings of lon/lat polygons, clipped to `clipBox` first (GEOS `GEOSIntersection_r`)
    /// when a polygon reaches beyond it, so far-away vertices are never projected.
    func pageRings(_ polygons: [[[Coordinate]]]) throws(MapError) -> [[[Point]]] {
        var out: [[[Point]]] = []
        for rings in polygons {
            guard let shell = rings.first, let box = BoundingBox(covering: shell), box.intersects(clipBox) else { continue }
            var parts = [rings]
            let inside = box.minX >= clipBox.minX && box.maxX <= clipBox.maxX && box.minY >= clipBox.minY && box.maxY <= clipBox.maxY
            if !inside {
                do {
                    let polygon = try Geometry.polygon(exterior: shell, holes: Array(rings.dropFirst()), context: geos)
                    let valid = try polygon.isValid() ? polygon : try polygon.makeValid()
                    let c = clipBox
                    let window = try Geometry.polygon(exterior: [Coordinate(lon: c.minX, lat: c.minY), Coordinate(lon: c.maxX, lat: c.minY),
                                                                 Coordinate(lon: c.maxX, lat: c.maxY), Coordinate(lon: c.minX, lat: c.maxY),
                                                                 Coordinate(lon: c.minX, lat: c.minY)], context: geos)
                    parts = try valid.intersection(window).polygonRings()
                } catch {
                    throw .geometry(layer: "clipping", message: "\(error)")
                }
            }
            for p in parts {
                var projected: [[Point]] = []
                for ring in p where ring.count >= 4 { projected.append(try frame.project(ring)) }
                if !projected.isEmpty { out.append(projected) }
            }
        }
        return out
    }

    /// Adds page rings to the current path (even-odd fill keeps holes open).
    func addRings(_ polygons: [[[Point]]]) {
        for rings in polygons { for ring in rings { cairo.ring(ring) } }
    }

    /// The incidents that fall inside the frame (for the legend, subtitle and credits).
    var visibleIncidents: [RemnantStore.Incident] {
        data.incidents.filter { i in (try? frame.project(i.location)).map { frame.rect.contains($0) } ?? false }
    }

    /// True when a page point lies inside page rings (even-odd over all rings).
    static func contains(_ rings: [[Point]], _ p: Point) -> Bool {
        var inside = false
        for ring in rings {
            var j = ring.count - 1
            for i in ring.indices {
                let a = ring[i], b = ring[j]
                if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
                j = i
            }
        }
        return inside
    }

    /// True when `r` lies in the frame and touches no text, dot or symbol placed yet
    /// (with `symbolsToo` false, incident symbols may lie under it).
    func isFree(_ r: Rect, symbolsToo: Bool = true) -> Bool {
        frame.rect.contains(r) && !occupied.contains { $0.intersects(r) } && !(symbolsToo && symbols.contains { $0.intersects(r) })
    }
}

extension MapPainter {
    /// Splits `text` into lines no wider than `width` in the current font.
    static func wrap(_ text: String, width: Double, cairo: CairoContext) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if cairo.extents(candidate).xAdvance > width, !line.isEmpty {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
