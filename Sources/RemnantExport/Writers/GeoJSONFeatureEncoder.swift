import RemnantGeometry

/// The bytes of GeoJSON Features (RFC 7946 §3.2) for ``GeoJSONFeatureWriter``: a value type
/// with no reference to the collection, so features can be encoded on several threads and
/// written in order by the one writer.
struct GeoJSONFeatureEncoder: Sendable {
    let precision: Int
    let layout: GeoJSONFeatureWriter.Layout

    /// Encodes `features` into one batch (its bytes in `block`), each preceded by its separator (`,\n` in a
    /// collection, RS in a text sequence), with the extent of their positions.
    func encode(_ features: [Feature], into block: ByteBlock) -> EncodedBatch {
        var batch = EncodedBatch()
        var keys: [(name: String, json: [UInt8])] = []
        batch.bytes = OutputSink.bytes(into: block) { out in
            for f in features {
                switch layout {
                case .collection: out.append(",\n" as StaticString)
                case .recordSeparator: out.append(byte: 0x1E)
                case .newlineDelimited: break
                }
                encode(f, into: out, keys: &keys, extent: &batch.extent)
            }
        }
        batch.count = features.count
        return batch
    }

    /// Appends one Feature object (and, outside a collection, its newline), widening `extent`
    /// to its positions. `keys` caches each property position's escaped `"name":`.
    func encode(_ feature: Feature, into sink: OutputSink, keys: inout [(name: String, json: [UInt8])], extent bbox: inout BoundingBox?) {
        encodeObject(feature, into: sink, keys: &keys, extent: &bbox)
        if layout != .collection { sink.append(byte: 10) }
    }

    /// Appends one Feature object, `{"type":"Feature",…}`, with no separator or newline.
    func encodeObject(_ feature: Feature, into sink: OutputSink, keys: inout [(name: String, json: [UInt8])], extent bbox: inout BoundingBox?) {
        sink.append("{\"type\":\"Feature\",\"id\":" as StaticString)
        sink.append(jsonString: feature.id)
        sink.append(",\"geometry\":" as StaticString)
        geometry(feature.geometry, sink, &bbox)
        sink.append(",\"properties\":{" as StaticString)
        for (k, p) in feature.properties.enumerated() {
            // Features of a layer repeat their property names: reuse the escaped `,"name":`.
            if k < keys.count, keys[k].name == p.0 {
                sink.append(bytes: keys[k].json)
            } else {
                let json = Array(OutputSink.render { $0.append(jsonString: p.0) }.utf8) + [58]
                if k < keys.count { keys[k] = (p.0, json) } else { keys.append((p.0, json)) }
                sink.append(bytes: json)
            }
            sink.append(json: p.1)
            if k + 1 < feature.properties.count { sink.append(byte: 44) }
        }
        sink.append("}}" as StaticString)
    }

    /// Appends `[lon,lat]` at the encoder's precision, widening `bbox` to it.
    func position(_ c: Coordinate, _ sink: OutputSink, _ bbox: inout BoundingBox?) {
        if bbox == nil { bbox = BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) } else { bbox!.expand(toInclude: c) }
        sink.append(byte: 91)
        sink.append(coordinate: c.x, decimals: precision)
        sink.append(byte: 44)
        sink.append(coordinate: c.y, decimals: precision)
        sink.append(byte: 93)
    }

    private func polygon(_ rings: [[Coordinate]], _ sink: OutputSink, _ bbox: inout BoundingBox?) {
        sink.append(byte: 91)
        for (i, ring) in rings.enumerated() {
            if i > 0 { sink.append(byte: 44) }
            sink.append(byte: 91)
            for (k, c) in RingOrientation.oriented(ring, counterClockwise: i == 0).enumerated() {
                if k > 0 { sink.append(byte: 44) }
                position(c, sink, &bbox)
            }
            sink.append(byte: 93)
        }
        sink.append(byte: 93)
    }

    private func geometry(_ g: FeatureGeometry, _ sink: OutputSink, _ bbox: inout BoundingBox?) {
        switch g {
        case let .point(c):
            sink.append("{\"type\":\"Point\",\"coordinates\":" as StaticString)
            position(c, sink, &bbox)
            sink.append(byte: 125)
        case let .multiPolygon(polygons):
            if polygons.count == 1 {
                sink.append("{\"type\":\"Polygon\",\"coordinates\":" as StaticString)
                polygon(polygons[0], sink, &bbox)
            } else {
                sink.append("{\"type\":\"MultiPolygon\",\"coordinates\":[" as StaticString)
                for (k, p) in polygons.enumerated() {
                    if k > 0 { sink.append(byte: 44) }
                    polygon(p, sink, &bbox)
                }
                sink.append(byte: 93)
            }
            sink.append(byte: 125)
        }
    }
}
