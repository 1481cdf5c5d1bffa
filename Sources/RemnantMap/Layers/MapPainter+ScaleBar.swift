import Foundation

extension MapPainter {
    /// A metric scale bar starting at `origin` (its left end, baseline of the bar), at most
    /// `maxWidth` points: true at the frame centre, where the bar's ground length L is drawn
    /// L × k / (metres per point) long with k the projection's point scale factor there.
    /// Returns the y below its last line of text.
    @discardableResult
    func drawScaleBar(at origin: Point, maxWidth: Double) throws(MapError) -> Double {
        let k = try frame.scaleFactorAtCenter()
        let pointsPerGroundMeter = k / frame.metersPerPoint
        let target = maxWidth / pointsPerGroundMeter
        var length = 1.0
        for e in 0...7 {
            for m in [1.0, 2.0, 5.0] {
                let v = m * pow(10, Double(e))
                if v <= target { length = v }
            }
        }
        let total = length * pointsPerGroundMeter
        let segments = 4
        let h = 4.0
        for s in 0..<segments {
            let r = Rect(x: origin.x + total * Double(s) / Double(segments), y: origin.y - h, width: total / Double(segments), height: h)
            cairo.newPath()
            cairo.rectangle(r)
            cairo.setColor(s % 2 == 0 ? MapStyle.text : .white)
            cairo.fill(preserve: true)
            cairo.setColor(MapStyle.text)
            cairo.setLineWidth(0.5)
            cairo.stroke()
        }
        cairo.font(size: 6.5)
        cairo.setColor(MapStyle.text)
        func label(_ meters: Double, at x: Double, unit: Bool) {
            let text = Self.distanceText(meters, unit: unit)
            let w = cairo.extents(text).xAdvance
            cairo.text(text, at: Point(x - (unit ? 0 : w / 2), origin.y + 8))
        }
        label(0, at: origin.x, unit: false)
        label(length / 2, at: origin.x + total / 2, unit: false)
        let end = Self.distanceText(length, unit: false)
        label(length, at: origin.x + total - cairo.extents(end).xAdvance / 2, unit: true)
        let scale = try frame.nominalScale()
        cairo.font(size: 6.5)
        cairo.setColor(MapStyle.muted)
        var y = origin.y + 17
        for line in Self.wrap("Scale 1:\(Self.grouped(Self.roundedScale(scale))) at this page size; the bar is true at the map centre",
                              width: max(maxWidth, 110), cairo: cairo) {
            cairo.text(line, at: Point(origin.x, y))
            y += 7.5
        }
        return y
    }

    /// `500`, `2 km`, `2.5` … in metres or kilometres.
    static func distanceText(_ m: Double, unit: Bool) -> String {
        if m == 0 { return "0" }
        if m >= 1000 {
            let km = m / 1000
            let s = km == km.rounded() ? "\(Int(km))" : String(format: "%.1f", km)
            return s + (unit ? " km" : "")
        }
        return "\(Int(m))" + (unit ? " m" : "")
    }

    /// Three significant figures: 1:2,487,312 → 1:2,490,000.
    static func roundedScale(_ s: Double) -> Int {
        let magnitude = pow(10, (log10(s).rounded(.down) - 2))
        return Int((s / magnitude).rounded() * magnitude)
    }

    static func grouped(_ n: Int) -> String {
        var s = String(n), out = ""
        while s.count > 3 { out = "," + s.suffix(3) + out; s = String(s.dropLast(3)) }
        return s + out
    }

    /// A north arrow pointing to true north at the frame centre (rotated by the meridian
    /// convergence, shown in degrees when it is not zero).
    func drawNorthArrow(at center: Point, size: Double) throws(MapError) {
        let angle = try frame.northAngleAtCenter()
        cairo.save()
        cairo.translate(center.x, center.y)
        cairo.rotate(angle)
        let h = size / 2
        cairo.newPath()
        cairo.ring([Point(0, -h), Point(h * 0.45, h * 0.6), Point(0, h * 0.3)])
        cairo.setColor(MapStyle.text)
        cairo.fill()
        cairo.newPath()
        cairo.ring([Point(0, -h), Point(-h * 0.45, h * 0.6), Point(0, h * 0.3)])
        cairo.setColor(.white)
        cairo.fill(preserve: true)
        cairo.setColor(MapStyle.text)
        cairo.setLineWidth(0.6)
        cairo.stroke()
        cairo.font(size: 8, bold: true)
        let w = cairo.extents("N").xAdvance
        cairo.text("N", at: Point(-w / 2, -h - 2))
        cairo.restore()
        let degrees = angle * 180 / .pi
        if abs(degrees) >= 0.05 {
            cairo.font(size: 5.5)
            cairo.setColor(MapStyle.muted)
            let text = String(format: "true north %.1f° %@ of grid north", abs(degrees), degrees > 0 ? "E" : "W")
            let tw = cairo.extents(text).xAdvance
            cairo.text(text, at: Point(center.x - tw / 2, center.y + h + 7))
        }
    }
}
