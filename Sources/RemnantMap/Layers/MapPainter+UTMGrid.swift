import Foundation
import RemnantGeometry

extension MapPainter {
    /// The kilometre grid of a UTM frame (the grid MGRS references count in): straight lines at
    /// 1, 2, 5 or 10 km, whichever gives 3–8 lines across, labelled inside the frame edges with
    /// the 100 km digit small and the two MGRS principal digits bold (`4`**`26`** = 426 km).
    /// Returns the interval in metres (nil when the frame is not UTM).
    @discardableResult
    func drawUTMGrid() throws(MapError) -> Double? {
        guard case .utm = frame.projection else { return nil }
        let e = frame.extent
        let span = max(e.width, e.height)
        let interval = [1_000.0, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000].first { span / $0 <= 8 } ?? 100_000
        let color = RGBA(bytes: 0, 90, 170, alpha: 0.75)
        var eastings: [Double] = [], northings: [Double] = []
        var x = (e.minX / interval).rounded(.up) * interval
        while x < e.maxX { eastings.append(x); x += interval }
        var y = (e.minY / interval).rounded(.up) * interval
        while y < e.maxY { northings.append(y); y += interval }
        try clipped { () throws(MapError) in
            cairo.setColor(color)
            cairo.setLineWidth(0.35)
            for x in eastings {
                cairo.newPath()
                cairo.polyline([frame.point(Coordinate(x: x, y: e.minY)), frame.point(Coordinate(x: x, y: e.maxY))])
                cairo.stroke()
            }
            for y in northings {
                cairo.newPath()
                cairo.polyline([frame.point(Coordinate(x: e.minX, y: y)), frame.point(Coordinate(x: e.maxX, y: y))])
                cairo.stroke()
            }
            func label(_ meters: Double, at p: Point, alignRight: Bool) {
                let km = Int((meters / 1000).rounded())
                let prefix = String(km / 100), principal = String(format: "%02d", km % 100)
                cairo.font(size: 5, bold: false)
                let pw = cairo.extents(prefix).xAdvance
                cairo.font(size: 6.5, bold: true)
                let w = pw + cairo.extents(principal).xAdvance
                let start = alignRight ? p.x - w : p.x
                cairo.font(size: 5, bold: false)
                cairo.haloText(prefix, at: Point(start, p.y), color: color.with(alpha: 1), halo: RGBA(1, 1, 1, 0.8), haloWidth: 1.6)
                cairo.font(size: 6.5, bold: true)
                cairo.haloText(principal, at: Point(start + pw, p.y), color: color.with(alpha: 1), halo: RGBA(1, 1, 1, 0.8), haloWidth: 1.6)
                occupied.append(Rect(x: start - 1, y: p.y - 6, width: w + 2, height: 7.5))
            }
            let r = frame.rect
            for x in eastings {
                let px = frame.point(Coordinate(x: x, y: e.minY)).x
                label(x, at: Point(px + 1.5, r.minY + 8), alignRight: false)
                label(x, at: Point(px + 1.5, r.maxY - 3), alignRight: false)
            }
            for y in northings {
                let py = frame.point(Coordinate(x: e.minX, y: y)).y
                label(y, at: Point(r.minX + 2, py - 1.5), alignRight: false)
                label(y, at: Point(r.maxX - 2, py - 1.5), alignRight: true)
            }
        }
        return interval
    }
}
