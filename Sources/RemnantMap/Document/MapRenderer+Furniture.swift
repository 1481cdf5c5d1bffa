import Foundation
import RemnantStore

extension MapRenderer {
    /// Title, subtitle (what, how many, filters) and the date, top of the page.
    func drawTitle(_ title: String, subtitle: String, in rect: Rect, page: PageState) {
        let cairo = page.cairo
        cairo.setColor(MapStyle.text)
        var size = 15.0
        cairo.font(size: size, bold: true)
        while cairo.extents(title).xAdvance > rect.width - 70, size > 8 {
            size -= 0.5
            cairo.font(size: size, bold: true)
        }
        cairo.text(title, at: Point(rect.minX, rect.minY + 14))
        cairo.font(size: 8, bold: true)
        let date = page.request.date
        let dw = cairo.extents(date).xAdvance
        cairo.text(date, at: Point(rect.maxX - dw, rect.minY + 14))
        cairo.font(size: 7.5)
        cairo.setColor(MapStyle.muted)
        for (i, line) in MapPainter.wrap(subtitle, width: rect.width, cairo: cairo).prefix(2).enumerated() {
            cairo.text(line, at: Point(rect.minX, rect.minY + 26 + Double(i) * 9))
        }
    }

    /// Source credits, the caveat and the projection, bottom of the page.
    func drawFooter(in rect: Rect, page: PageState, incidents: [Incident], projection: String) {
        let cairo = page.cairo
        let organisations = page.data.sourceOrganisations(of: incidents)
        let shown = organisations.prefix(8).joined(separator: ", ") + (organisations.count > 8 ? " and \(organisations.count - 8) more" : "")
        let lines = [
            "Sources: boundaries Natural Earth 1:10m (public domain); populated places © GeoNames, CC BY 4.0 (geonames.org); incidents as reported by "
                + (shown.isEmpty ? "no source (no incidents)" : shown) + " (provenance: GeoData/SOURCES.md).",
            "Incidents are allegations as reported by the cited sources, not survey results. Hazard areas are planning estimates (assumed footprint + "
                + "location uncertainty + safety margin). Absence of a mark does not mean the land is safe.",
            "\(projection) · \(page.request.generator) · \(page.request.date) · page \(page.number)",
        ]
        cairo.newPath()
        cairo.polyline([Point(rect.minX, rect.minY - 2), Point(rect.maxX, rect.minY - 2)])
        cairo.setColor(MapStyle.muted)
        cairo.setLineWidth(0.3)
        cairo.stroke()
        cairo.font(size: 5.6)
        var y = rect.minY + 5.5
        for text in lines {
            for line in MapPainter.wrap(text, width: rect.width, cairo: cairo) where y < rect.maxY + 6 {
                cairo.text(line, at: Point(rect.minX, y))
                y += 6.6
            }
        }
    }

    /// The frame's border.
    func drawFrameBorder(_ frame: MapFrame, cairo: CairoContext) {
        cairo.newPath()
        cairo.rectangle(frame.rect)
        cairo.setColor(MapStyle.frameLine)
        cairo.setLineWidth(0.8)
        cairo.stroke()
    }
}
