import RemnantGeometry
@testable import RemnantMap
import Testing

@Suite struct MapPainterPlacesTests {
    /// Over Ukraine's dense gazetteer at A4: many labels are placed, none overlaps another label,
    /// a place dot or an incident symbol, and every label lies inside the frame.
    @Test func placeLabelsDoNotCollide() throws {
        let data = try MapTestSupport.data()
        let surface = try CairoSurface.image(width: 600, height: 800)
        let cairo = try CairoContext(surface: surface)
        let rect = Rect(x: 40, y: 40, width: 520, height: 700)
        let box = BoundingBox(minX: 22, minY: 44.3, maxX: 40.3, maxY: 52.4)
        let frame = try MapFrame.covering(box, projection: .lambertEqualArea(center: Coordinate(lon: 31.2, lat: 48.4)), rect: rect,
                                          margin: 0.02, context: PROJContext())
        let painter = try MapPainter(cairo: cairo, frame: frame, data: data, layers: .all)
        try painter.drawIncidents()
        let symbols = painter.symbols
        try painter.drawPlaces(maximum: 200)
        let labels = painter.placeLabels
        #expect(labels.count > 40, "only \(labels.count) labels placed")
        for (i, a) in labels.enumerated() {
            #expect(rect.contains(a.box), "\(a.name) leaves the frame")
            for b in labels[(i + 1)...] where a.box.intersects(b.box) {
                Issue.record("labels \(a.name) and \(b.name) overlap")
            }
            for s in symbols where a.box.intersects(s) {
                Issue.record("label \(a.name) covers an incident symbol")
            }
        }
        // The most populous place is labelled.
        let largest = data.places.filter { box.contains($0.location) }.max { ($0.population ?? 0) < ($1.population ?? 0) }!
        #expect(labels.contains { $0.name == largest.name })
    }
}
