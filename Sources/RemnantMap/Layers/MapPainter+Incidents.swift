import Foundation
import RemnantStore

extension MapPainter {
    /// One symbol per incident location: shape by delivery type, fill by site type; incidents
    /// reported at the same coordinates share a symbol with a count (`×8`).
    func drawIncidents() throws(MapError) {
        var groups: [String: [Incident]] = [:]
        var order: [String] = []
        for i in data.incidents {
            let key = String(format: "%.5f,%.5f", i.location.lon, i.location.lat)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        var counts: [(Point, String)] = []
        try clipped { () throws(MapError) in
            for key in order {
                let group = groups[key]!
                let p = try frame.project(group[0].location)
                guard frame.rect.insetBy(-symbolSize, -symbolSize).contains(p) else { continue }
                // The group's most common delivery, and a strike fill when any incident is a strike.
                let delivery = Dictionary(grouping: group, by: \.delivery).max { ($0.value.count, $1.key.rawValue) < ($1.value.count, $0.key.rawValue) }!.key
                let site: SiteType = group.contains { $0.siteType == .strike } ? .strike : group[0].siteType
                drawSymbol(MapStyle.shape(delivery), at: p, size: symbolSize, fill: MapStyle.symbolFill(site))
                symbols.append(Rect(x: p.x - symbolSize / 2 - 1, y: p.y - symbolSize / 2 - 1, width: symbolSize + 2, height: symbolSize + 2))
                if group.count > 1 { counts.append((p, "×\(group.count)")) }
            }
            // Counts after every symbol, so each can look for a corner no symbol covers.
            for (p, text) in counts { drawCount(text, at: p) }
        }
    }

    /// `×N` beside a symbol, at the first of its four corners that covers no symbol or count
    /// drawn so far (below right when none is free).
    func drawCount(_ text: String, at p: Point) {
        cairo.font(size: 6.5, bold: true)
        let w = cairo.extents(text).xAdvance, h = symbolSize / 2
        let spots = [Point(p.x + h + 1, p.y + h + 5), Point(p.x + h + 1, p.y - h - 1), Point(p.x - h - 1 - w, p.y + h + 5), Point(p.x - h - 1 - w, p.y - h - 1)]
        let boxes = spots.map { Rect(x: $0.x, y: $0.y - 7, width: w + 1, height: 8) }
        let k = boxes.firstIndex { b in !symbols.contains { $0.intersects(b) } } ?? 0
        cairo.haloText(text, at: spots[k], color: MapStyle.text)
        symbols.append(boxes[k])
    }

    /// A symbol centred on `p`, `size` points across, black outline.
    func drawSymbol(_ shape: MapStyle.Shape, at p: Point, size s: Double, fill: RGBA) {
        let h = s / 2
        cairo.newPath()
        switch shape {
        case .triangleDown: cairo.ring([Point(p.x - h * 1.1, p.y - h * 0.8), Point(p.x + h * 1.1, p.y - h * 0.8), Point(p.x, p.y + h * 1.1)])
        case .triangleUp: cairo.ring([Point(p.x - h * 1.1, p.y + h * 0.8), Point(p.x + h * 1.1, p.y + h * 0.8), Point(p.x, p.y - h * 1.1)])
        case .circle: cairo.circle(center: p, radius: h)
        case .diamond: cairo.ring([Point(p.x, p.y - h * 1.2), Point(p.x + h, p.y), Point(p.x, p.y + h * 1.2), Point(p.x - h, p.y)])
        case .square: cairo.rectangle(Rect(x: p.x - h * 0.85, y: p.y - h * 0.85, width: h * 1.7, height: h * 1.7))
        }
        cairo.setColor(fill)
        cairo.fill(preserve: true)
        cairo.setColor(.black)
        cairo.setLineWidth(0.6)
        cairo.stroke()
    }
}
