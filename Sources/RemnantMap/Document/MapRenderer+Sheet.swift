import Foundation
import RemnantAnalysis
import RemnantGeometry
import RemnantStore

extension MapRenderer {
    /// One hazard area's sheet: the area at a large scale in the UTM zone of its centroid, its
    /// figures, incidents, centroid and every turning point in lat/lon and MGRS. Turning points
    /// that do not fit continue on further pages.
    func drawSheet(_ area: HazardArea, page: inout PageState) throws(MapError) {
        let cairo = page.cairo
        let (w, h) = (page.width, page.height)
        let m = max(14, min(28, min(w, h) * 0.035))
        let title = Rect(x: m, y: m, width: w - 2 * m, height: 40)
        let footer = Rect(x: m, y: h - m - 36, width: w - 2 * m, height: 36)
        let body = Rect(x: m, y: title.maxY + 10, width: w - 2 * m, height: footer.minY - 10 - title.maxY - 10)
        let landscape = w > h
        let mapRect = landscape
            ? Rect(x: body.minX + PageLayout.labelMargin, y: body.minY, width: body.width * 0.55 - PageLayout.labelMargin, height: body.height - 52)
            : Rect(x: body.minX + PageLayout.labelMargin, y: body.minY, width: body.width - PageLayout.labelMargin * 1.3, height: body.height * 0.47)
        let strip = Rect(x: mapRect.minX, y: mapRect.maxY + 16, width: mapRect.width, height: 46)
        let text = landscape
            ? Rect(x: mapRect.maxX + 30, y: body.minY, width: body.maxX - mapRect.maxX - 30, height: body.height)
            : Rect(x: body.minX, y: strip.maxY + 6, width: body.width, height: body.maxY - strip.maxY - 6)

        // Projection: UTM zone of the area's centroid; the centroid itself is the area-weighted
        // centroid of the polygons in that plane.
        let rough = MapRenderer.bounds(of: area)
        let roughCenter = Coordinate(lon: (rough.minX + rough.maxX) / 2, lat: (rough.minY + rough.maxY) / 2)
        let zone: UTMZone
        do { zone = try UTMZone(containing: roughCenter) } catch { throw .geometry(layer: "sheet \(area.id)", message: "\(error)") }
        let projection = MapProjection.utm(zone)
        let t = try MapFrame.transformer(projection, page.proj)
        let projected: [[[Coordinate]]]
        do { projected = try area.polygons.map { try $0.map { ring throws(GeometryError) in try t.transform(ring) } } } catch {
            throw .geometry(layer: "sheet \(area.id)", message: "\(error)")
        }
        var content = BoundingBox(covering: projected.flatMap { $0.first ?? [] })!
        let minimum = 2_500.0
        if content.width < minimum || content.height < minimum {
            let (cx, cy) = ((content.minX + content.maxX) / 2, (content.minY + content.maxY) / 2)
            let half = max(content.width, content.height, minimum) / 2
            content = BoundingBox(minX: cx - half, minY: cy - half, maxX: cx + half, maxY: cy + half)
        }
        let frame = MapFrame(projection: projection, content: content, rect: mapRect, margin: 0.08, transformer: t)
        let centroidMeters = Self.centroid(projected)
        let centroid: Coordinate
        do { centroid = try t.transform(centroidMeters, inverse: true) } catch { throw .geometry(layer: "centroid", message: "\(error)") }

        cairo.newPath()
        cairo.rectangle(Rect(x: 0, y: 0, width: w, height: h))
        cairo.setColor(MapStyle.paper)
        cairo.fill()
        let layers = page.request.layers.union(.zones)
        let painter = try MapPainter(cairo: cairo, frame: frame, data: page.data, layers: layers)
        painter.symbolSize = 8
        try painter.clipped { () throws(MapError) in
            cairo.newPath()
            cairo.rectangle(frame.rect)
            cairo.setColor(layers.contains(.boundaries) ? MapStyle.background : MapStyle.paper)
            cairo.fill()
            if layers.contains(.boundaries) { try painter.drawBoundaries() }
        }
        if layers.contains(.density) { _ = try painter.drawDensity() }
        try painter.drawGraticule()
        let gridInterval = try painter.drawUTMGrid()
        let drawn = try painter.drawZones(focus: area.id)
        let insetWidth = min(150, mapRect.width * 0.28)
        let inset = Rect(x: mapRect.maxX - insetWidth - 6, y: mapRect.minY + 6, width: insetWidth, height: insetWidth * 0.72)
        painter.occupied.append(inset.insetBy(-2, -2))
        let turningPoints = Self.turningPoints(area)
        try painter.clipped { () throws(MapError) in
            try drawTurningPointMarks(turningPoints, centroid: centroidMeters, painter: painter)
            if layers.contains(.incidents) { try painter.drawIncidents() }
            try painter.drawZoneLabels(drawn.filter { $0.id != area.id })
            if layers.contains(.places) { try painter.drawPlaces(maximum: 40) }
        }
        try painter.drawLocator(in: inset, around: centroid, context: page.proj)
        drawFrameBorder(frame, cairo: cairo)
        try painter.drawScaleBar(at: Point(strip.minX, strip.minY + 6), maxWidth: min(200, strip.width * 0.45))
        try painter.drawNorthArrow(at: Point(strip.maxX - 12, strip.minY + 14), size: 18)
        cairo.font(size: 6.2)
        cairo.setColor(MapStyle.muted)
        let grid = gridInterval.map { "Blue: UTM \(zone) kilometre grid every \(MapPainter.distanceText($0, unit: true)), MGRS principal digits in bold. " } ?? ""
        let note = "Heavy outline: this area. Dots: turning points (numbered as in the table). \(grid)Inset: location. \(projection.name)."
        var ny = strip.minY + 2
        for line in MapPainter.wrap(note, width: strip.width * 0.45, cairo: cairo) {
            cairo.text(line, at: Point(strip.minX + strip.width * 0.48, ny))
            ny += 7.4
        }

        try painter.drawCompactLegend(at: Point(strip.minX, strip.maxY - 2), width: strip.width)

        let incidents = page.data.incidents(of: area)
        let classWord = area.hazardClass == .cha ? "confirmed hazardous area, direct evidence" : "suspected hazardous area, indirect evidence only"
        drawTitle("Hazard area \(area.id) · \(area.hazardClass.rawValue) · priority \(area.priorityRank) of \(page.data.areas.count)",
                  subtitle: "\(page.title.hasPrefix("Hazard area") ? "Remnant" : page.title) · sheet for one \(classWord) · \(incidents.count) incident\(incidents.count == 1 ? "" : "s")", in: title, page: page)

        // Facts (left) and incidents (right), then the turning-point table.
        let columnGap = 14.0
        let leftWidth = landscape ? text.width : text.width * 0.44
        var y = text.minY + 8
        let line = 9.0
        func fact(_ label: String, _ value: String, x: Double, width: Double) {
            cairo.font(size: 6.8, bold: true)
            cairo.setColor(MapStyle.text)
            cairo.text(label, at: Point(x, y))
            cairo.font(size: 6.8)
            let lines = MapPainter.wrap(value, width: width - 78, cairo: cairo)
            for (i, l) in lines.enumerated() {
                cairo.text(l, at: Point(x + 78, y))
                if i < lines.count - 1 { y += line - 1 }
            }
            y += line
        }
        let mgrsCentroid = try mgrs(centroid, page.proj)
        let low = area.remnantsLow, high = area.remnantsHigh
        var remnants = String(format: "%.0f–%.0f expected unexploded submunitions", low, high)
        if area.incidentsWithUnknownCount == incidents.count, !incidents.isEmpty {
            remnants = "not estimable: carriers or submunition load unknown for "
                + (incidents.count == 1 ? "its one incident" : "all \(incidents.count) incidents") + " (not zero: unknown)"
        } else if area.incidentsWithUnknownCount > 0 {
            remnants += " from \(incidents.count - area.incidentsWithUnknownCount) of \(incidents.count) incidents; "
                + "not estimable for \(area.incidentsWithUnknownCount) (carriers or load unknown)"
        }
        let casualties = "\(area.killed) killed, \(area.injured) injured (as reported; blanks not counted)"
        let nearest = area.nearestPlace.map { name in
            let d = area.nearestPlaceMeters ?? 0
            return d == 0 ? "\(name) (\(area.nearestPlaceCountry ?? "")), inside the area" : "\(name) (\(area.nearestPlaceCountry ?? "")), \(MapPainter.distanceText((d / 100).rounded() * 100, unit: true)) from the edge"
        } ?? "none in the gazetteer"
        cairo.font(size: 8, bold: true)
        cairo.setColor(MapStyle.text)
        cairo.text("Area", at: Point(text.minX, y))
        y += line + 1
        fact("Class", "\(area.hazardClass.rawValue): \(classWord)", x: text.minX, width: leftWidth)
        fact("Priority", String(format: "rank %d of %d (score %.3f)", area.priorityRank, page.data.areas.count, area.priorityScore), x: text.minX, width: leftWidth)
        fact("Area", String(format: "%@ ha (geodesic); perimeter %@", MapPainter.grouped(Int(area.areaHectares.rounded())), MapPainter.distanceText((area.perimeterMeters / 100).rounded() * 100, unit: true)), x: text.minX, width: leftWidth)
        fact("Remnants", remnants, x: text.minX, width: leftWidth)
        fact("Delivered", "\(MapPainter.grouped(area.submunitionsDelivered)) submunitions (where carriers and load are known)", x: text.minX, width: leftWidth)
        fact("Casualties", casualties, x: text.minX, width: leftWidth)
        fact("Dates", "\(area.firstDate) to \(area.lastDate)", x: text.minX, width: leftWidth)
        fact("Nearest place", nearest, x: text.minX, width: leftWidth)
        fact("Centroid", Self.latLon(centroid), x: text.minX, width: leftWidth)
        fact("Centroid MGRS", mgrsCentroid.formatted(separator: " ") + " (1 m)", x: text.minX, width: leftWidth)
        fact("Centroid UTM", String(format: "%@ %.0f E %.0f N", zone.description, centroidMeters.x, centroidMeters.y), x: text.minX, width: leftWidth)
        let factsBottom = y

        // Incidents.
        let ix = landscape ? text.minX : text.minX + leftWidth + columnGap
        let iw = landscape ? text.width : text.width - leftWidth - columnGap
        y = landscape ? factsBottom + 6 : text.minY + 8
        cairo.font(size: 8, bold: true)
        cairo.setColor(MapStyle.text)
        cairo.text("Incidents (\(incidents.count))", at: Point(ix, y))
        y += line + 1
        let incidentBottom = landscape ? y + 16 * line : max(factsBottom + 2 * line, y + 14 * line)
        for (k, i) in incidents.enumerated() {
            if y > incidentBottom - line, k < incidents.count - 1 {
                cairo.font(size: 6.4, italic: true)
                cairo.text("… and \(incidents.count - k) more (remnant zones --format csv lists them)", at: Point(ix, y))
                y += line
                break
            }
            let munition = page.data.catalog[i.munition ?? ""].map { "\($0.carrier) / \($0.submunition)" } ?? (i.munition ?? "munition unknown")
            cairo.font(size: 6.2, bold: true)
            cairo.setColor(MapStyle.text)
            let head = "\(i.date.description)  \(i.id)"
            cairo.text(head, at: Point(ix, y))
            let hw = cairo.extents(head + "  ").xAdvance
            cairo.font(size: 5.9)
            let detail = "\(munition); \(i.delivery.rawValue); \(i.siteType.rawValue), \(i.evidence.rawValue); \(i.place ?? "")"
            cairo.text(Self.truncated(detail, width: iw - hw, cairo: cairo), at: Point(ix + hw, y))
            y += line - 1
        }
        y = max(y, factsBottom) + 4

        // Turning points.
        var remaining = turningPoints
        var first = true
        var tableTop = y
        while !remaining.isEmpty {
            if !first, !page.multiPage {
                cairo.font(size: 6.8, italic: true)
                cairo.setColor(MapStyle.text)
                cairo.text(Self.truncated("… and \(remaining.count) more turning points: a PDF sheet (.pdf) lists them all on continuation pages.",
                                          width: text.width, cairo: cairo), at: Point(text.minX, text.maxY + 2))
                break
            }
            if !first {
                drawFooter(in: footer, page: page, incidents: incidents, projection: projection.name)
                page.newPage()
                cairo.newPath()
                cairo.rectangle(Rect(x: 0, y: 0, width: w, height: h))
                cairo.setColor(MapStyle.paper)
                cairo.fill()
                drawTitle("Hazard area \(area.id) · turning points (continued)", subtitle: page.title, in: title, page: page)
                tableTop = body.minY
            }
            let drawnCount = try drawTurningPointTable(remaining, total: turningPoints.count, in: Rect(x: text.minX, y: tableTop, width: text.width, height: text.maxY - tableTop),
                                                       cairo: cairo, proj: page.proj, heading: first)
            remaining.removeFirst(drawnCount)
            first = false
            if drawnCount == 0 { break }
        }
        drawFooter(in: footer, page: page, incidents: incidents, projection: projection.name)
    }

    /// A turning point: its number, ring (0 = exterior of polygon 1, …) and lon/lat.
    struct TurningPoint {
        var number: Int
        var ring: String
        var location: Coordinate
    }

    /// Every vertex of every ring, closing duplicates dropped, numbered from 1.
    static func turningPoints(_ area: HazardArea) -> [TurningPoint] {
        var out: [TurningPoint] = []
        for (p, rings) in area.polygons.enumerated() {
            for (r, ring) in rings.enumerated() {
                let name = area.polygons.count == 1 ? (r == 0 ? "" : "hole \(r)") : (r == 0 ? "part \(p + 1)" : "part \(p + 1) hole \(r)")
                for c in (ring.first == ring.last ? ring.dropLast() : ring[...]) {
                    out.append(TurningPoint(number: out.count + 1, ring: name, location: c))
                }
            }
        }
        return out
    }

    /// Returns how many rows it drew.
    func drawTurningPointTable(_ points: [TurningPoint], total: Int, in rect: Rect, cairo: CairoContext, proj: PROJContext, heading: Bool) throws(MapError) -> Int {
        var y = rect.minY + 8
        cairo.font(size: 8, bold: true)
        cairo.setColor(MapStyle.text)
        let title = heading ? "Turning points (\(total); WGS84, lat/lon in degrees and MGRS to 1 m, digits truncated)" : "Turning points, continued"
        cairo.text(Self.truncated(title, width: rect.width, cairo: cairo), at: Point(rect.minX, y))
        y += 10
        let row = 6.8
        cairo.font(size: 5.5, mono: true)
        let header = " TP   latitude     longitude    MGRS"
        let columnWidth = cairo.extents("999  99.999999N  999.999999E  99X XX 99999 99999").xAdvance
        let columns = max(1, Int((rect.width + 10) / (columnWidth + 10)))
        let rows = max(0, Int((rect.maxY - y - row) / row))
        var drawn = 0
        for c in 0..<columns {
            let x = rect.minX + Double(c) * (columnWidth + 10)
            cairo.font(size: 5.5, bold: true, mono: true)
            cairo.setColor(MapStyle.muted)
            cairo.text(header, at: Point(x, y))
            cairo.font(size: 5.5, mono: true)
            cairo.setColor(MapStyle.text)
            for r in 0..<rows {
                guard drawn < points.count else { return drawn }
                let tp = points[drawn]
                let ry = y + Double(r + 1) * row
                let m = try mgrs(tp.location, proj)
                let number = String(repeating: " ", count: max(0, 3 - String(tp.number).count)) + String(tp.number)
                let text = "\(number)  \(Self.latLon(tp.location, compact: true))  \(m.formatted(separator: " "))\(tp.ring.isEmpty ? "" : " " + tp.ring)"
                cairo.text(text, at: Point(x, ry))
                drawn += 1
            }
        }
        return drawn
    }

    /// Small dots at every turning point of the sheet's area, and the numbers of some of them
    /// (about a dozen, evenly spread) pushed outward from the centroid.
    func drawTurningPointMarks(_ points: [TurningPoint], centroid: Coordinate, painter: MapPainter) throws(MapError) {
        let cairo = painter.cairo
        let frame = painter.frame
        let centre = frame.point(centroid)
        let every = max(1, points.count / 12)
        cairo.font(size: 5.8, bold: true)
        for tp in points {
            let p = try frame.project(tp.location)
            cairo.newPath()
            cairo.circle(center: p, radius: 1.1)
            cairo.setColor(RGBA(bytes: 60, 0, 10))
            cairo.fill()
            guard (tp.number - 1) % every == 0 else { continue }
            let dx = p.x - centre.x, dy = p.y - centre.y
            let d = max(1e-9, hypot(dx, dy))
            let label = "\(tp.number)"
            let e = cairo.extents(label)
            let at = Point(p.x + dx / d * 8 - e.xAdvance / 2, p.y + dy / d * 8 + 2.5)
            cairo.haloText(label, at: at, color: RGBA(bytes: 60, 0, 10))
            painter.occupied.append(Rect(x: at.x - 1, y: at.y - 6, width: e.xAdvance + 2, height: 7.5))
        }
    }

    func mgrs(_ c: Coordinate, _ proj: PROJContext) throws(MapError) -> MGRS {
        do { return try MGRS(c, context: proj) } catch { throw .geometry(layer: "MGRS", message: "\(error)") }
    }

    /// `41.985320° N, 44.112900° E` (6 decimals ≈ 0.1 m), or `41.985320N  44.112900E` compact.
    static func latLon(_ c: Coordinate, compact: Bool = false) -> String {
        let lat = String(format: "%9.6f", abs(c.lat)), lon = String(format: "%10.6f", abs(c.lon))
        let ns = c.lat >= 0 ? "N" : "S", ew = c.lon >= 0 ? "E" : "W"
        return compact ? "\(lat)\(ns)  \(lon)\(ew)"
            : "\(lat.trimmingCharacters(in: .whitespaces))° \(ns), \(lon.trimmingCharacters(in: .whitespaces))° \(ew)"
    }

    /// Area-weighted centroid of polygons in a planar frame (shoelace per ring, about the ring's
    /// first vertex for precision). Rings keep GeoJSON orientation (holes clockwise), so holes
    /// carry negative area and subtract.
    static func centroid(_ polygons: [[[Coordinate]]]) -> Coordinate {
        var area = 0.0, mx = 0.0, my = 0.0
        for rings in polygons {
            for ring in rings {
                guard ring.count > 3, let o = ring.first else { continue }
                var a = 0.0, cx = 0.0, cy = 0.0
                for (p, q) in zip(ring, ring.dropFirst()) {
                    let (px, py, qx, qy) = (p.x - o.x, p.y - o.y, q.x - o.x, q.y - o.y)
                    let cross = px * qy - qx * py
                    a += cross / 2
                    cx += (px + qx) * cross / 6
                    cy += (py + qy) * cross / 6
                }
                guard a != 0 else { continue }
                area += a
                mx += cx + o.x * a
                my += cy + o.y * a
            }
        }
        guard area != 0 else { return polygons.first?.first?.first ?? Coordinate(x: 0, y: 0) }
        return Coordinate(x: mx / area, y: my / area)
    }

    /// `text`, cut with an ellipsis to fit `width`.
    static func truncated(_ text: String, width: Double, cairo: CairoContext) -> String {
        if cairo.extents(text).xAdvance <= width { return text }
        var s = text
        while !s.isEmpty, cairo.extents(s + "…").xAdvance > width { s.removeLast() }
        return s + "…"
    }
}
