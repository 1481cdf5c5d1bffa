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
    var count = 0
    var bbox: BoundingBox?
    private var keys: [(name: String, json: [UInt8])] = []

    public init(sink: OutputSink, precision: Int = 6, layout: Layout = .collection) {
        self.sink = sink
        self.precision = precision
        self.layout = layout
    }

    public func begin() throws {
        if layout == .collection { try sink.write("{\"type\":\"FeatureCollection\",\"features\":[\n") }
    }

    public func write(_ feature: Feature) throws {
        switch layout {
        case .collection: if count > 0 { sink.append(",\n" as StaticString) }
        case .recordSeparator: sink.append(byte: 0x1E)
        case .newlineDelimited: break
        }
        appendObject(feature)
        if layout != .collection { sink.append(byte: 10) }
        count += 1
        try sink.flushIfFull()
    }

    /// The feature's object, `{"type":"Feature",…}`, appended to the buffer (no separator).
    func appendObject(_ feature: Feature) {
        sink.append("{\"type\":\"Feature\",\"id\":" as StaticString)
        sink.append(jsonString: feature.id)
        sink.append(",\"geometry\":" as StaticString)
        geometry(feature.geometry)
        sink.append(",\"properties\":{" as StaticString)
        for (k, p) in feature.properties.enumerated() {
            // Features of a layer repeat their property names: reuse the escaped `,"name":`.
            if k < keys.count, keys[k].name == p.0 {
                sink.buffer.append(contentsOf: keys[k].json)
            } else {
                let json = Array(OutputSink.render { $0.append(jsonString: p.0) }.utf8) + [58]
                if k < keys.count { keys[k] = (p.0, json) } else { keys.append((p.0, json)) }
                sink.buffer.append(contentsOf: json)
            }
            sink.append(json: p.1)
            if k + 1 < feature.properties.count { sink.append(byte: 44) }
        }
        sink.append("}}" as StaticString)
    }

    public func finish() throws {
        if layout == .collection {
            sink.append("\n]" as StaticString)
            if let b = bbox {
                sink.append(",\"bbox\":[" as StaticString)
                for (k, v) in [b.minX, b.minY, b.maxX, b.maxY].enumerated() {
                    if k > 0 { sink.append(byte: 44) }
                    sink.append(coordinate: v, decimals: precision)
                }
                sink.append(byte: 93)
            }
            sink.append("}\n" as StaticString)
        }
        try sink.flush()
    }

    func position(_ c: Coordinate) {
        if bbox == nil { bbox = BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) } else { bbox!.expand(toInclude: c) }
        sink.append(byte: 91)
        sink.append(coordinate: c.x, decimals: precision)
        sink.append(byte: 44)
        sink.append(coordinate: c.y, decimals: precision)
        sink.append(byte: 93)
    }

    private func polygon(_ rings: [[Coordinate]]) {
        sink.append(byte: 91)
        for (i, ring) in rings.enumerated() {
            if i > 0 { sink.append(byte: 44) }
            sink.append(byte: 91)
            for (k, c) in RingOrientation.oriented(ring, counterClockwise: i == 0).enumerated() {
                if k > 0 { sink.append(byte: 44) }
                position(c)
            }
            sink.append(byte: 93)
        }
        sink.append(byte: 93)
    }

    private func geometry(_ g: FeatureGeometry) {
        switch g {
        case let .point(c):
            sink.append("{\"type\":\"Point\",\"coordinates\":" as StaticString)
            position(c)
            sink.append(byte: 125)
        case let .multiPolygon(polygons):
            if polygons.count == 1 {
                sink.append("{\"type\":\"Polygon\",\"coordinates\":" as StaticString)
                polygon(polygons[0])
            } else {
                sink.append("{\"type\":\"MultiPolygon\",\"coordinates\":[" as StaticString)
                for (k, p) in polygons.enumerated() {
                    if k > 0 { sink.append(byte: 44) }
                    polygon(p)
                }
                sink.append(byte: 93)
            }
            sink.append(byte: 125)
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
