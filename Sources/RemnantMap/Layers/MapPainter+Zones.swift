import RemnantAnalysis
import RemnantGeometry

extension MapPainter {
    /// Hazard areas filled by class and priority tier with a darker outline, largest first so
    /// small areas stay visible on top; `focus` (a sheet's own area) gets a heavy outline.
    /// Returns the areas that show in the frame.
    @discardableResult
    func drawZones(focus: String? = nil) throws(MapError) -> [HazardArea] {
        var drawn: [HazardArea] = []
        try clipped { () throws(MapError) in
            cairo.setEvenOddFill(true)
            for area in data.areas.sorted(by: { ($0.areaHectares, $1.id) > ($1.areaHectares, $0.id) }) {
                let rings = try pageRings(area.polygons)
                guard !rings.isEmpty else { continue }
                if let b = BoundingBox(covering: rings.flatMap { $0.first ?? [] }.map { Coordinate(x: $0.x, y: $0.y) }),
                   Rect(x: b.minX, y: b.minY, width: b.width, height: b.height).intersects(frame.rect) {
                    drawn.append(area)
                }
                cairo.newPath()
                addRings(rings)
                cairo.setColor(MapStyle.zoneFill(area))
                cairo.fill(preserve: true)
                cairo.setColor(MapStyle.zoneOutline(area.hazardClass))
                cairo.setLineWidth(area.id == focus ? 1.8 : 0.7)
                cairo.stroke()
                // An area smaller than its own outline at this scale gets a hollow ring around
                // it, so it is not lost under symbols (the legend says so).
                if let b = BoundingBox(covering: rings.flatMap { $0.first ?? [] }.map { Coordinate(x: $0.x, y: $0.y) }), max(b.width, b.height) < 5 {
                    cairo.newPath()
                    cairo.circle(center: Point((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2), radius: 4.5)
                    cairo.setColor(MapStyle.zoneOutline(area.hazardClass))
                    cairo.setLineWidth(1.1)
                    cairo.stroke()
                    smallAreas += 1
                }
            }
        }
        return drawn
    }

    /// `#rank` beside each drawn area (top-right of its page box), so the overview points to the
    /// sheets; labels that would collide are left out.
    func drawZoneLabels(_ areas: [HazardArea]) throws(MapError) {
        cairo.font(size: 7, bold: true)
        for area in areas.sorted(by: { $0.priorityRank < $1.priorityRank }) {
            let rings = try pageRings(area.polygons)
            guard let box = BoundingBox(covering: rings.flatMap { $0.first ?? [] }.map { Coordinate(x: $0.x, y: $0.y) }) else { continue }
            let text = "#\(area.priorityRank)"
            let e = cairo.extents(text)
            let candidates = [Point(box.maxX - box.width * 0.15 + 1, box.minY + box.height * 0.15 - 1),
                              Point(box.maxX + 1, box.maxY), Point(box.minX - e.xAdvance - 1, box.minY + 7)]
            for at in candidates {
                let r = Rect(x: at.x - 1, y: at.y - 7, width: e.xAdvance + 2, height: 9)
                guard isFree(r) else { continue }
                occupied.append(r)
                cairo.haloText(text, at: at, color: MapStyle.zoneOutline(area.hazardClass))
                break
            }
        }
    }
}
