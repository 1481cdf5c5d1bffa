import RemnantAnalysis
import RemnantStore

extension MapPainter {
    /// The legend, in columns flowing left to right inside `rect`: only what the map shows.
    func drawLegend(in rect: Rect, areas: [HazardArea], density: DensitySummary?) throws(MapError) {
        let line = 9.5
        let columnWidth = min(rect.width, max(150, rect.width / max(1, (rect.width / 175).rounded(.down))))
        var x = rect.minX, y = rect.minY + 9
        func advance(_ h: Double = line) {
            y += h
            if y > rect.maxY - 2 {
                x += columnWidth
                y = rect.minY + 9
            }
        }
        func heading(_ text: String) {
            if y + line * 1.5 > rect.maxY { x += columnWidth; y = rect.minY + 9 }
            cairo.font(size: 7, bold: true)
            cairo.setColor(MapStyle.text)
            cairo.text(text, at: Point(x, y))
            advance()
        }
        func entry(_ text: String, swatch: (Point) throws(MapError) -> Void) throws(MapError) {
            try swatch(Point(x + 6, y - 2.5))
            cairo.font(size: 6.5)
            cairo.setColor(MapStyle.text)
            cairo.text(text, at: Point(x + 16, y))
            advance()
        }
        cairo.font(size: 9, bold: true)
        cairo.setColor(MapStyle.text)
        cairo.text("Legend", at: Point(x, y))
        advance(line + 1)
        if layers.contains(.zones) {
            heading("Hazard areas (fill: class and priority)")
            for c in HazardClass.allCases where areas.contains(where: { $0.hazardClass == c }) {
                cairo.font(size: 6.5)
                cairo.setColor(MapStyle.text)
                for tier in 1...3 {
                    let r = Rect(x: x + Double(tier - 1) * 11, y: y - 6.5, width: 10, height: 7.5)
                    cairo.newPath()
                    cairo.rectangle(r)
                    cairo.setColor(MapStyle.zoneFill(c, tier: tier).over(.white))
                    cairo.fill(preserve: true)
                    cairo.setColor(MapStyle.zoneOutline(c))
                    cairo.setLineWidth(0.6)
                    cairo.stroke()
                }
                cairo.setColor(MapStyle.text)
                cairo.text(MapStyle.classNames[c]!, at: Point(x + 36, y))
                advance()
            }
            cairo.font(size: 6)
            cairo.setColor(MapStyle.muted)
            cairo.text("left to right: priority rank 1–3, 4–10, 11+; #N = rank", at: Point(x, y))
            advance()
            if smallAreas > 0 {
                try entry("ring: area too small to show at this scale") { p in
                    cairo.newPath()
                    cairo.circle(center: p, radius: 3.5)
                    cairo.setColor(MapStyle.zoneOutline(.cha))
                    cairo.setLineWidth(1.1)
                    cairo.stroke()
                }
            }
        }
        let shown = visibleIncidents
        if layers.contains(.incidents), !shown.isEmpty {
            heading("Incidents (shape: delivery; fill: site)")
            for d in Delivery.allCases where shown.contains(where: { $0.delivery == d }) {
                try entry(MapStyle.deliveryNames[d]!) { p in drawSymbol(MapStyle.shape(d), at: p, size: 6, fill: MapStyle.symbolFill(.strike)) }
            }
            let sites: [(SiteType, String)] = [(.strike, "strike"), (.remnantFind, "remnant find"), (.stockpile, "stockpile")]
            for (s, name) in sites where shown.contains(where: { $0.siteType == s }) {
                try entry("fill: " + name) { p in
                    cairo.newPath()
                    cairo.rectangle(Rect(x: p.x - 5, y: p.y - 2.5, width: 10, height: 5))
                    cairo.setColor(MapStyle.symbolFill(s))
                    cairo.fill(preserve: true)
                    cairo.setColor(.black)
                    cairo.setLineWidth(0.6)
                    cairo.stroke()
                }
            }
            try entry("×N: N incidents reported at one point") { _ in }
        }
        if layers.contains(.density), let density = density {
            heading("Incident density")
            let bar = Rect(x: x, y: y - 6.5, width: 60, height: 7)
            let pattern = try CairoPattern(linearFrom: Point(bar.minX, 0), to: Point(bar.maxX, 0),
                                           stops: stride(from: 0.0, through: 1.0, by: 0.25).map { ($0, MapStyle.densityColor($0).over(.white)) })
            cairo.newPath()
            cairo.rectangle(bar)
            cairo.setSource(pattern)
            cairo.fill()
            cairo.font(size: 6.5)
            cairo.setColor(MapStyle.text)
            cairo.text("low → high (square-root ramp)", at: Point(x + 64, y))
            advance()
            cairo.font(size: 6)
            cairo.setColor(MapStyle.muted)
            cairo.text("quartic kernel, radius \(Self.distanceText(density.radiusMeters, unit: true)), cell \(Self.distanceText(density.cellMeters.rounded(), unit: true))", at: Point(x, y))
            advance()
        }
        if layers.contains(.places) {
            heading("Places")
            try entry("populated place (GeoNames)") { p in
                cairo.newPath()
                cairo.circle(center: p, radius: 2)
                cairo.setColor(.white)
                cairo.fill(preserve: true)
                cairo.setColor(MapStyle.text)
                cairo.setLineWidth(0.7)
                cairo.stroke()
            }
        }
        if layers.contains(.boundaries) {
            heading("Boundaries")
            try entry("country (Natural Earth)") { p in
                cairo.newPath()
                cairo.polyline([Point(p.x - 6, p.y), Point(p.x + 6, p.y)])
                cairo.setColor(MapStyle.countryLine)
                cairo.setLineWidth(0.8)
                cairo.stroke()
            }
            try entry("admin-1 unit") { p in
                cairo.newPath()
                cairo.polyline([Point(p.x - 6, p.y), Point(p.x + 6, p.y)])
                cairo.setColor(MapStyle.admin1Line)
                cairo.setLineWidth(0.5)
                cairo.setDash([2, 1.5])
                cairo.stroke()
                cairo.setDash([])
            }
            try entry("sea, or outside the boundary data") { p in
                cairo.newPath()
                cairo.rectangle(Rect(x: p.x - 5, y: p.y - 3.5, width: 10, height: 7))
                cairo.setColor(MapStyle.background)
                cairo.fill()
            }
        }
        try entry("graticule (WGS84 lat/lon)") { p in
            cairo.newPath()
            cairo.polyline([Point(p.x - 6, p.y), Point(p.x + 6, p.y)])
            cairo.setColor(MapStyle.graticule)
            cairo.setLineWidth(0.5)
            cairo.stroke()
        }
    }
}

extension MapPainter {
    /// A one-line legend for sheets: the hazard classes, and the delivery symbols and site fills
    /// of the incidents in the frame, flowing left to right from `origin` within `width`.
    func drawCompactLegend(at origin: Point, width: Double) throws(MapError) {
        var x = origin.x
        let y = origin.y
        cairo.font(size: 6.3)
        func item(_ text: String, swatch: (Point) -> Void) {
            let w = cairo.extents(text).xAdvance + 14
            guard x + w <= origin.x + width else { return }
            swatch(Point(x + 4, y - 2.3))
            cairo.font(size: 6.3)
            cairo.setColor(MapStyle.text)
            cairo.text(text, at: Point(x + 11, y))
            x += w + 6
        }
        for c in HazardClass.allCases {
            item(c.rawValue) { p in
                cairo.newPath()
                cairo.rectangle(Rect(x: p.x - 4, y: p.y - 3, width: 8, height: 6))
                cairo.setColor(MapStyle.zoneFill(c, tier: 2).over(.white))
                cairo.fill(preserve: true)
                cairo.setColor(MapStyle.zoneOutline(c))
                cairo.setLineWidth(0.6)
                cairo.stroke()
            }
        }
        let shown = visibleIncidents
        for d in Delivery.allCases where shown.contains(where: { $0.delivery == d }) {
            item(MapStyle.deliveryNames[d]!) { p in drawSymbol(MapStyle.shape(d), at: p, size: 5.5, fill: MapStyle.symbolFill(.strike)) }
        }
        let sites: [(SiteType, String)] = [(.strike, "strike"), (.remnantFind, "remnant find"), (.stockpile, "stockpile")]
        for (s, name) in sites where shown.contains(where: { $0.siteType == s }) {
            item("fill: " + name) { p in
                cairo.newPath()
                cairo.rectangle(Rect(x: p.x - 4, y: p.y - 2, width: 8, height: 4))
                cairo.setColor(MapStyle.symbolFill(s))
                cairo.fill(preserve: true)
                cairo.setColor(.black)
                cairo.setLineWidth(0.5)
                cairo.stroke()
            }
        }
        if layers.contains(.places) {
            item("populated place (GeoNames)") { p in
                cairo.newPath()
                cairo.circle(center: p, radius: 1.8)
                cairo.setColor(.white)
                cairo.fill(preserve: true)
                cairo.setColor(MapStyle.text)
                cairo.setLineWidth(0.6)
                cairo.stroke()
            }
        }
    }
}
