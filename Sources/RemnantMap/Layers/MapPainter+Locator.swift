import RemnantGeometry

extension MapPainter {
    /// A locator inset: countries around `around` (±3° of longitude, ±2° of latitude, Lambert
    /// equal-area centred there) in `rect`, with this frame's footprint marked in red.
    func drawLocator(in rect: Rect, around center: Coordinate, context: PROJContext) throws(MapError) {
        let box = BoundingBox(minX: center.lon - 3, minY: center.lat - 2, maxX: center.lon + 3, maxY: center.lat + 2)
        let inset = try MapFrame.covering(box, projection: .lambertEqualArea(center: center), rect: rect, margin: 0, context: context)
        let painter = try MapPainter(cairo: cairo, frame: inset, data: data, layers: [.boundaries])
        cairo.newPath()
        cairo.rectangle(rect)
        cairo.setColor(MapStyle.background)
        cairo.fill()
        try painter.clipped { () throws(MapError) in
            try painter.drawBoundaries()
            // This frame's corners, as lon/lat, in the inset.
            let r = frame.rect
            var outline: [Point] = []
            for p in [Point(r.minX, r.minY), Point(r.maxX, r.minY), Point(r.maxX, r.maxY), Point(r.minX, r.maxY)] {
                outline.append(try inset.project(try frame.lonLat(p)))
            }
            let b = BoundingBox(covering: outline.map { Coordinate(x: $0.x, y: $0.y) })!
            cairo.newPath()
            if b.width < 6 {
                cairo.circle(center: Point((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2), radius: 3.5)
            } else {
                cairo.ring(outline)
            }
            cairo.setColor(RGBA(bytes: 200, 0, 0))
            cairo.setLineWidth(1.2)
            cairo.stroke()
        }
        cairo.newPath()
        cairo.rectangle(rect)
        cairo.setColor(MapStyle.frameLine)
        cairo.setLineWidth(0.6)
        cairo.stroke()
    }
}
