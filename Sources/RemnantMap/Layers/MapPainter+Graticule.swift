import Foundation
import RemnantGeometry

extension MapPainter {
    /// A lat/lon graticule (curved as the projection makes it) with labels where the lines
    /// leave the frame: meridians along the bottom and top, parallels along the left and right.
    func drawGraticule() throws(MapError) {
        let b = try frame.lonLatBounds()
        let span = max(b.width, b.height)
        let steps = [1.0 / 60, 2.0 / 60, 5.0 / 60, 10.0 / 60, 0.25, 0.5, 1, 2, 5, 10, 15, 30]
        let step = steps.first { span / $0 <= 7 } ?? 30
        var meridians: [(Double, [Point])] = []
        var parallels: [(Double, [Point])] = []
        let lat0 = max(-89, b.minY - step), lat1 = min(89, b.maxY + step)
        var lon = (b.minX / step).rounded(.down) * step
        while lon <= b.maxX + 1e-9 {
            let line = (0...80).map { Coordinate(lon: lon, lat: lat0 + (lat1 - lat0) * Double($0) / 80) }
            meridians.append((lon, try frame.project(line)))
            lon += step
        }
        let lon0 = b.minX - step, lon1 = b.maxX + step
        var lat = (b.minY / step).rounded(.down) * step
        while lat <= b.maxY + 1e-9 {
            let line = (0...80).map { Coordinate(lon: lon0 + (lon1 - lon0) * Double($0) / 80, lat: lat) }
            parallels.append((lat, try frame.project(line)))
            lat += step
        }
        try clipped { () throws(MapError) in
            cairo.setColor(MapStyle.graticule)
            cairo.setLineWidth(0.4)
            for (_, line) in meridians + parallels {
                cairo.newPath()
                cairo.polyline(line)
                cairo.stroke()
            }
        }
        cairo.font(size: 6.5)
        cairo.setColor(MapStyle.muted)
        let r = frame.rect
        var used: [Rect] = []
        func label(_ text: String, at p: Point) {
            let e = cairo.extents(text)
            let box = Rect(x: p.x - 1, y: p.y - e.height - 1, width: e.xAdvance + 2, height: e.height + 2)
            guard !used.contains(where: { $0.intersects(box) }) else { return }
            used.append(box)
            cairo.text(text, at: p)
        }
        for (value, line) in meridians {
            let text = Self.angle(value, step: step, positive: "E", negative: "W")
            let w = cairo.extents(text).xAdvance
            if let x = Self.crossing(line, y: r.maxY), x > r.minX + w / 2, x < r.maxX - w / 2 { label(text, at: Point(x - w / 2, r.maxY + 8)) }
            if let x = Self.crossing(line, y: r.minY), x > r.minX + w / 2, x < r.maxX - w / 2 { label(text, at: Point(x - w / 2, r.minY - 2.5)) }
        }
        for (value, line) in parallels {
            let text = Self.angle(value, step: step, positive: "N", negative: "S")
            let w = cairo.extents(text).xAdvance
            if let y = Self.crossing(line, x: r.minX), y > r.minY + 4, y < r.maxY - 4 { label(text, at: Point(r.minX - w - 2.5, y + 2.3)) }
            if let y = Self.crossing(line, x: r.maxX), y > r.minY + 4, y < r.maxY - 4 { label(text, at: Point(r.maxX + 2.5, y + 2.3)) }
        }
    }

    /// `36°E`, or `44°15′E` when the step is below a degree.
    static func angle(_ v: Double, step: Double, positive: String, negative: String) -> String {
        let hemisphere = v < -1e-9 ? negative : (abs(v) < 1e-9 ? "" : positive)
        let a = abs(v)
        if step >= 1 { return "\(Int(a.rounded()))°\(hemisphere)" }
        var d = Int(a.rounded(.down)), m = Int(((a - Double(d)) * 60).rounded())
        if m == 60 { d += 1; m = 0 }
        return "\(d)°\(m < 10 ? "0" : "")\(m)′\(hemisphere)"
    }

    /// The x where a polyline first crosses the horizontal line `y`.
    static func crossing(_ line: [Point], y: Double) -> Double? {
        for (a, b) in zip(line, line.dropFirst()) where (a.y - y) * (b.y - y) <= 0 && a.y != b.y {
            return a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x)
        }
        return nil
    }

    /// The y where a polyline first crosses the vertical line `x`.
    static func crossing(_ line: [Point], x: Double) -> Double? {
        for (a, b) in zip(line, line.dropFirst()) where (a.x - x) * (b.x - x) <= 0 && a.x != b.x {
            return a.y + (x - a.x) / (b.x - a.x) * (b.y - a.y)
        }
        return nil
    }
}
