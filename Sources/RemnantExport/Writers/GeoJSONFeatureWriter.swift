import RemnantGeometry

/// Writes an RFC 7946 FeatureCollection, streaming: lon/lat only (no `crs` member), exterior
/// rings counter-clockwise and holes clockwise, a top-level `id` per feature, coordinates rounded
/// to `precision` decimals (6 ≈ 0.1 m), and the collection `bbox` written after the features
/// (member order is free in JSON), so nothing is held in memory. With `sequence`, writes
/// newline-delimited features instead (`ndjson`), or RFC 8142 GeoJSON text sequences
/// (`recordSeparator`: each feature prefixed by RS, 0x1E).
public final class GeoJSONFeatureWriter: FeatureWriter {
    public enum Layout: Sendable { case collection, newlineDelimited, recordSeparator }

    let sink: OutputSink
    let precision: Int
    let layout: Layout
    private var count = 0
    private var bbox: BoundingBox?

    public init(sink: OutputSink, precision: Int = 6, layout: Layout = .collection) {
        self.sink = sink
        self.precision = precision
        self.layout = layout
    }

    public func begin() throws {
        if layout == .collection { try sink.write("{\"type\":\"FeatureCollection\",\"features\":[\n") }
    }

    public func write(_ feature: Feature) throws {
        var text = ""
        switch layout {
        case .collection: if count > 0 { text += ",\n" }
        case .recordSeparator: text += "\u{1E}"
        case .newlineDelimited: break
        }
        text += "{\"type\":\"Feature\",\"id\":" + JSONText.string(feature.id) + ",\"geometry\":" + geometry(feature.geometry)
        text += ",\"properties\":{" + feature.properties.map { JSONText.string($0.0) + ":" + JSONText.value($0.1) }.joined(separator: ",") + "}}"
        if layout != .collection { text += "\n" }
        try sink.write(text)
        count += 1
    }

    public func finish() throws {
        if layout == .collection {
            var tail = "\n]"
            if let b = bbox {
                tail += ",\"bbox\":[" + [b.minX, b.minY, b.maxX, b.maxY].map { JSONText.coordinate($0, decimals: precision) }.joined(separator: ",") + "]"
            }
            try sink.write(tail + "}\n")
        }
        try sink.flush()
    }

    private func position(_ c: Coordinate) -> String {
        if bbox == nil { bbox = BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) } else { bbox!.expand(toInclude: c) }
        return "[" + JSONText.coordinate(c.x, decimals: precision) + "," + JSONText.coordinate(c.y, decimals: precision) + "]"
    }

    private func geometry(_ g: FeatureGeometry) -> String {
        switch g {
        case let .point(c):
            return "{\"type\":\"Point\",\"coordinates\":" + position(c) + "}"
        case let .multiPolygon(polygons):
            let rendered = polygons.map { rings in
                "[" + rings.enumerated().map { i, ring in
                    "[" + RingOrientation.oriented(ring, counterClockwise: i == 0).map(position).joined(separator: ",") + "]"
                }.joined(separator: ",") + "]"
            }
            if rendered.count == 1 { return "{\"type\":\"Polygon\",\"coordinates\":" + rendered[0] + "}" }
            return "{\"type\":\"MultiPolygon\",\"coordinates\":[" + rendered.joined(separator: ",") + "]}"
        }
    }
}

/// Ring orientation by the planar shoelace sign in lon/lat (right for rings that do not cross
/// the antimeridian), for RFC 7946 §3.1.6 and KML.
enum RingOrientation {
    static func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count > 2 else { return 0 }
        var sum = 0.0
        for i in 0..<(ring.count - 1) { sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y }
        return sum / 2
    }

    static func oriented(_ ring: [Coordinate], counterClockwise: Bool) -> [Coordinate] {
        (signedArea(ring) > 0) == counterClockwise ? ring : ring.reversed()
    }
}
