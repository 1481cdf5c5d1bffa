import Foundation
import RemnantGeometry
import RemnantStore

extension MapPainter {
    /// Country fills (focus countries lighter), admin-1 lines dashed, country lines solid.
    func drawBoundaries() throws(MapError) {
        var countryRings: [(BoundaryFeature, [[[Point]]])] = []
        for c in data.countries {
            countryRings.append((c, try pageRings(c.polygons)))
        }
        cairo.setEvenOddFill(true)
        for (c, rings) in countryRings where !rings.isEmpty {
            cairo.newPath()
            addRings(rings)
            cairo.setColor(MapStyle.focusCountries.contains(c.code) ? MapStyle.focusLand : MapStyle.otherLand)
            cairo.fill()
        }
        if frame.metersPerPoint < 8_000 {  // admin-1 lines only where they can be told apart
            cairo.setColor(MapStyle.admin1Line)
            cairo.setLineWidth(0.35)
            cairo.setDash([2, 1.5])
            for a in data.admin1 where MapStyle.focusCountries.contains(a.country) {
                cairo.newPath()
                addRings(try pageRings(a.polygons))
                cairo.stroke()
            }
            cairo.setDash([])
        }
        cairo.setColor(MapStyle.countryLine)
        cairo.setLineWidth(0.8)
        for (_, rings) in countryRings where !rings.isEmpty {
            cairo.newPath()
            addRings(rings)
            cairo.stroke()
        }
    }

    /// Country names in spaced grey capitals at the middle of each country's largest visible
    /// part, placed first so place labels avoid them.
    func drawCountryLabels() throws(MapError) {
        cairo.font(size: 8.5, bold: true)
        for c in data.countries where !c.code.isEmpty {
            let rings = try pageRings(c.polygons)
            // The visible part of the largest ring, measured by its box clipped to the frame.
            var best: (Rect, Double, [[Point]])?
            for r in rings {
                guard let shell = r.first, let b = BoundingBox(covering: shell.map { Coordinate(x: $0.x, y: $0.y) }) else { continue }
                let x0 = max(b.minX, frame.rect.minX), x1 = min(b.maxX, frame.rect.maxX)
                let y0 = max(b.minY, frame.rect.minY), y1 = min(b.maxY, frame.rect.maxY)
                guard x1 > x0, y1 > y0 else { continue }
                let area = (x1 - x0) * (y1 - y0)
                if best == nil || area > best!.1 { best = (Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0), area, r) }
            }
            guard let (box, _, polygon) = best else { continue }
            let name = c.name.uppercased()
            let e = cairo.extents(name)
            guard e.xAdvance < box.width * 0.9, box.height > 14 else { continue }
            // The free spot nearest the box centre whose label box lies inside the country
            // (a 9 × 9 grid of candidates: a box centre can fall in a neighbour, as Russia's does
            // in Ukraine).
            var spots: [Point] = []
            for i in 1...9 { for j in 1...9 { spots.append(Point(box.minX + box.width * Double(i) / 10, box.minY + box.height * Double(j) / 10)) } }
            let c = box.center
            func distance(_ p: Point) -> Double { hypot(p.x - c.x, p.y - c.y) }
            spots.sort { distance($0) < distance($1) }
            var chosen: (Point, Rect)?
            for s in spots {
                let at = Point(s.x - e.xAdvance / 2, s.y + 3)
                let r = Rect(x: at.x - 1, y: at.y - 9, width: e.xAdvance + 2, height: 11)
                let corners = [Point(r.minX, r.minY), Point(r.maxX, r.minY), Point(r.minX, r.maxY), Point(r.maxX, r.maxY)]
                if isFree(r), corners.allSatisfy({ Self.contains(polygon, $0) }) { chosen = (at, r); break }
            }
            guard let (at, r) = chosen else { continue }
            occupied.append(r)
            cairo.haloText(name, at: at, color: RGBA(bytes: 120, 120, 120), halo: RGBA(1, 1, 1, 0.7), haloWidth: 2)
        }
    }
}
