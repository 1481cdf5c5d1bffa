import RemnantAnalysis
import RemnantGeometry

extension MapRenderer {
    /// The last page of a sheet set: every hazard area with a sheet, by priority, with its class,
    /// size, incidents, dates, nearest place, centroid MGRS and the page its sheet starts on, so
    /// the overview's `#rank` marks (some left out where they would collide) can be looked up.
    func drawIndex(_ entries: [(area: HazardArea, page: Int)], page: inout PageState) throws(MapError) {
        let cairo = page.cairo
        let (w, h) = (page.width, page.height)
        let m = max(14, min(28, min(w, h) * 0.035))
        let title = Rect(x: m, y: m, width: w - 2 * m, height: 40)
        let footer = Rect(x: m, y: h - m - 36, width: w - 2 * m, height: 36)
        cairo.newPath()
        cairo.rectangle(Rect(x: 0, y: 0, width: w, height: h))
        cairo.setColor(MapStyle.paper)
        cairo.fill()
        drawTitle("Hazard areas by priority", subtitle: "\(page.title) · \(entries.count) sheets in this document", in: title, page: page)
        let columns: [(String, Double)] = [("Rank", 0), ("Area", 30), ("Class", 100), ("ha", 160), ("Inc.", 200), ("Dates", 228),
                                           ("Nearest place", 338), ("Centroid MGRS", 440), ("Page", 0)]
        let x0 = title.minX
        var y = title.maxY + 18
        func row(_ values: [String], bold: Bool) {
            cairo.font(size: 6.8, bold: bold)
            cairo.setColor(bold ? MapStyle.muted : MapStyle.text)
            for (i, v) in values.enumerated() {
                if i == values.count - 1 {
                    let vw = cairo.extents(v).xAdvance
                    cairo.text(v, at: Point(title.maxX - vw, y))
                } else if i == 3 || i == 4 || i == 0 {
                    // Numbers right-aligned at the next column's start.
                    let right = x0 + columns[i + 1].1 - 8
                    cairo.text(v, at: Point(right - cairo.extents(v).xAdvance, y))
                } else {
                    let limit = (i + 1 < columns.count - 1 ? x0 + columns[i + 1].1 - 6 : title.maxX - 40) - (x0 + columns[i].1)
                    cairo.text(Self.truncated(v, width: limit, cairo: cairo), at: Point(x0 + columns[i].1, y))
                }
            }
            y += 10
        }
        row(columns.map(\.0), bold: true)
        for (area, sheet) in entries {
            guard y < footer.minY - 12 else {
                cairo.font(size: 6.8, italic: true)
                cairo.text("… \(entries.count) areas in all; the rest follow the same order in the sheets.", at: Point(x0, y))
                break
            }
            let centre = Self.bounds(of: area)
            let c = Coordinate(lon: (centre.minX + centre.maxX) / 2, lat: (centre.minY + centre.maxY) / 2)
            let place = area.nearestPlace.map { "\($0) (\(area.nearestPlaceCountry ?? ""))" + ((area.nearestPlaceMeters ?? 0) == 0 ? ", inside" : "") } ?? "–"
            row(["\(area.priorityRank)", area.id, area.hazardClass.rawValue, MapPainter.grouped(Int(area.areaHectares.rounded())),
                 "\(area.incidentIDs.count)", "\(area.firstDate) – \(area.lastDate)", place,
                 (try? mgrs(c, page.proj).formatted(precision: 3, separator: " ")) ?? "–", "\(sheet)"], bold: false)
        }
        cairo.font(size: 6, italic: true)
        cairo.setColor(MapStyle.muted)
        cairo.text("Centroid MGRS here is the centre of the area's lon/lat box to 100 m; each sheet gives the area-weighted centroid and every turning point to 1 m.",
                   at: Point(x0, max(y + 6, footer.minY - 10)))
        drawFooter(in: footer, page: page, incidents: page.data.incidents.filter { i in entries.contains { $0.area.incidentIDs.contains(i.id) } },
                   projection: "Index")
    }
}
