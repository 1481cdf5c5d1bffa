import RemnantAnalysis
import RemnantGeometry

extension MapRenderer {
    /// The overview page: the region in a Lambert azimuthal equal-area projection centred on it,
    /// every requested layer, the legend, scale bar, north arrow, graticule, title and footer.
    func drawOverview(box: BoundingBox, page: inout PageState) throws(MapError) -> (MapFrameInfo, [HazardArea]) {
        let layout = PageLayout.overview(width: page.width, height: page.height)
        let cairo = page.cairo
        let center = Coordinate(lon: (box.minX + box.maxX) / 2, lat: (box.minY + box.maxY) / 2)
        let frame = try MapFrame.covering(box, projection: .lambertEqualArea(center: center), rect: layout.map, margin: 0.03, context: page.proj)
        let painter = try MapPainter(cairo: cairo, frame: frame, data: page.data, layers: page.request.layers)
        cairo.newPath()
        cairo.rectangle(layout.page)
        cairo.setColor(MapStyle.paper)
        cairo.fill()
        let layers = page.request.layers
        try painter.clipped { () throws(MapError) in
            cairo.newPath()
            cairo.rectangle(frame.rect)
            cairo.setColor(layers.contains(.boundaries) ? MapStyle.background : MapStyle.paper)
            cairo.fill()
            if layers.contains(.boundaries) { try painter.drawBoundaries() }
        }
        var density: DensitySummary?
        if layers.contains(.density) { density = try painter.drawDensity() }
        try painter.drawGraticule()
        var drawn: [HazardArea] = []
        if layers.contains(.zones) { drawn = try painter.drawZones() }
        if layers.contains(.incidents) { try painter.drawIncidents() }
        try painter.clipped { () throws(MapError) in
            if layers.contains(.zones) { try painter.drawZoneLabels(drawn) }
            if layers.contains(.boundaries) { try painter.drawCountryLabels() }
            if layers.contains(.places) { try painter.drawPlaces(maximum: Int(frame.rect.width * frame.rect.height / 4_500)) }
        }
        drawFrameBorder(frame, cairo: cairo)

        // Panel: legend, then scale bar and north arrow at its far end.
        let panel = layout.panel
        let furnitureWidth = min(190.0, panel.width * (panel.width > panel.height ? 0.34 : 1))
        let legendRect: Rect
        let furniture: Rect
        if panel.width > panel.height {
            legendRect = Rect(x: panel.minX, y: panel.minY, width: panel.width - furnitureWidth - 8, height: panel.height)
            furniture = Rect(x: panel.maxX - furnitureWidth, y: panel.minY, width: furnitureWidth, height: panel.height)
        } else {
            furniture = Rect(x: panel.minX, y: panel.maxY - 70, width: panel.width, height: 70)
            legendRect = Rect(x: panel.minX, y: panel.minY, width: panel.width, height: panel.height - 76)
        }
        try painter.drawLegend(in: legendRect, areas: drawn, density: density)
        try painter.drawNorthArrow(at: Point(furniture.maxX - 14, furniture.minY + 20), size: 22)
        var y = try painter.drawScaleBar(at: Point(furniture.minX, furniture.minY + 30), maxWidth: furniture.width - 40) + 2
        cairo.font(size: 6.2)
        cairo.setColor(MapStyle.muted)
        for line in MapPainter.wrap("Projection: \(frame.projection.name). Density and distances computed in this plane.", width: furniture.width, cairo: cairo) {
            cairo.text(line, at: Point(furniture.minX, y))
            y += 7.5
        }

        let incidentsShown = painter.visibleIncidents
        var subtitle = "\(incidentsShown.count) incidents, \(drawn.count) hazard areas"
        if let f = page.request.filterSummary, !f.isEmpty { subtitle += " · filters: \(f)" }
        subtitle += " · layers: " + MapLayers.names.filter { layers.contains($0.1) }.map(\.0).joined(separator: ", ")
        if page.request.sheets { subtitle += " · one sheet per hazard area follows, highest priority first" }
        drawTitle(page.title, subtitle: subtitle, in: layout.title, page: page)
        drawFooter(in: layout.footer, page: page, incidents: incidentsShown, projection: frame.projection.name)
        return (frame.info, drawn)
    }
}
