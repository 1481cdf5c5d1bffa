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
    let encoder: GeoJSONFeatureEncoder

    public init(sink: OutputSink, precision: Int = 6, layout: Layout = .collection) {
        self.sink = sink
        self.precision = precision
        self.layout = layout
        encoder = GeoJSONFeatureEncoder(precision: precision, layout: layout)
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
        encoder.encodeObject(feature, into: sink, keys: &keys, extent: &bbox)
    }

    /// Appends `[lon,lat]` at the writer's precision and widens the collection `bbox` to it.
    func position(_ c: Coordinate) {
        encoder.position(c, sink, &bbox)
    }

    /// Writes features encoded elsewhere (``GeoJSONFeatureEncoder/encode(_:)`` on a worker
    /// thread), each with its separator, as ``write(_:)`` would have.
    func write(encoded batch: EncodedBatch) throws {
        guard batch.count > 0 else { return }
        // The batch starts every feature with ",\n"; the collection's first feature has none.
        let skip = layout == .collection && count == 0 ? 2 : 0
        let bytes = batch.bytes.bytes
        try sink.write(bytes: UnsafeBufferPointer(rebasing: bytes[skip...]))
        if let e = batch.extent {
            if bbox == nil { bbox = e } else {
                bbox!.expand(toInclude: Coordinate(x: e.minX, y: e.minY))
                bbox!.expand(toInclude: Coordinate(x: e.maxX, y: e.maxY))
            }
        }
        count += batch.count
        try sink.flushIfFull()
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
