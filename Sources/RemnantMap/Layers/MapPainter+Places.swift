import RemnantGeometry
import RemnantStore

extension MapPainter {
    /// Populated places, most populous first, each with a label placed at the first of six
    /// positions around its dot that overlaps no label, symbol or dot placed before it; a place
    /// whose label fits nowhere is left out entirely (dot and all), so no label is ambiguous.
    /// Places are drawn after the incidents, so a dot on a struck village shows on its symbol.
    func drawPlaces(maximum: Int) throws(MapError) {
        let candidates = data.places.filter { clipBox.contains($0.location) }
            .sorted { (($0.population ?? 0), $1.name) > (($1.population ?? 0), $0.name) }
        var placed = 0
        for place in candidates {
            guard placed < maximum else { break }
            let p = try frame.project(place.location)
            guard frame.rect.insetBy(4, 4).contains(p) else { continue }
            let population = place.population ?? 0
            let radius = population >= 1_000_000 ? 2.6 : (population >= 100_000 ? 2.0 : 1.4)
            let size = population >= 1_000_000 ? 8.0 : (population >= 100_000 ? 7.0 : 6.2)
            let dot = Rect(x: p.x - radius, y: p.y - radius, width: 2 * radius, height: 2 * radius)
            // A dot may sit on an incident symbol (the village struck is the point of the map),
            // never on another place's dot or label; the label must touch nothing.
            guard isFree(dot, symbolsToo: false) else { continue }
            cairo.font(size: size, bold: population >= 1_000_000)
            let e = cairo.extents(place.name)
            // On a symbol, the label starts clear of the symbol rather than of the dot.
            let onSymbol = symbols.contains { $0.intersects(dot) }
            let w = e.xAdvance, h = size * 0.75, gap = onSymbol ? symbolSize / 2 + 2.5 : radius + 1.5
            let positions = [Point(p.x + gap, p.y + h / 2), Point(p.x - gap - w, p.y + h / 2), Point(p.x + gap * 0.7, p.y - gap * 0.7),
                             Point(p.x + gap * 0.7, p.y + gap * 0.7 + h), Point(p.x - w / 2, p.y - gap - 1), Point(p.x - w / 2, p.y + gap + h + 1)]
            for at in positions {
                let box = Rect(x: at.x - 0.5, y: at.y - h - 0.5, width: w + 1, height: h + size * 0.25 + 1)
                guard isFree(box), !box.intersects(dot) else { continue }
                occupied.append(box)
                occupied.append(dot)
                placeLabels.append((place.name, box))
                cairo.newPath()
                cairo.circle(center: p, radius: radius)
                cairo.setColor(.white)
                cairo.fill(preserve: true)
                cairo.setColor(MapStyle.text)
                cairo.setLineWidth(0.7)
                cairo.stroke()
                cairo.haloText(place.name, at: at, color: MapStyle.text, halo: RGBA(1, 1, 1, 0.85), haloWidth: 1.8)
                placed += 1
                break
            }
        }
    }
}
