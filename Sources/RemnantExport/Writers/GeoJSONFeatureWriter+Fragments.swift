import RemnantGeometry
import RemnantStore

/// One feature's GeoJSON object rendered ahead of time: exactly the bytes
/// ``GeoJSONFeatureWriter`` writes for it inside a collection (no separator, no newline), and
/// the envelope of its positions, which the collection's `bbox` needs. A server keeps these to
/// assemble pages without rendering the same feature twice.
public struct GeoJSONFragment: Sendable {
    public let bytes: [UInt8]
    /// The unrounded lon/lat extent of the positions written; nil for a geometry without any.
    public let envelope: BoundingBox?
}

extension GeoJSONFeatureWriter {
    /// A writer whose ``fragment(_:)-(Feature)`` results are the only output (its sink is never
    /// flushed anywhere), at `precision` decimals.
    public static func fragmentRenderer(precision: Int = 6) -> GeoJSONFeatureWriter {
        GeoJSONFeatureWriter(sink: OutputSink(consumer: { _ in }), precision: precision)
    }

    /// `feature` as this writer would write it, not written.
    public func fragment(_ feature: Feature) -> GeoJSONFragment {
        capture { appendObject(feature) }
    }

    /// `incident.feature()` as this writer would write it, byte for byte, rendered straight from
    /// the incident's fields (no ``Feature`` or ``PropertyValue`` arrays built), not written.
    public func fragment(_ incident: Incident) -> GeoJSONFragment {
        capture { appendObject(incident) }
    }

    /// Writes a fragment as the next feature of the output: the same bytes as writing the
    /// feature it was rendered from, and the collection `bbox` grows by its envelope.
    public func write(_ fragment: GeoJSONFragment) throws {
        switch layout {
        case .collection: if count > 0 { sink.append(",\n" as StaticString) }
        case .recordSeparator: sink.append(byte: 0x1E)
        case .newlineDelimited: break
        }
        sink.append(bytes: fragment.bytes)
        if let e = fragment.envelope { bbox = bbox.map { $0.union(e) } ?? e }
        if layout != .collection { sink.append(byte: 10) }
        count += 1
        try sink.flushIfFull()
    }

    /// Runs `body` on an emptied collection bbox and takes what it appended back out of the
    /// buffer; the writer's own output and bbox are left as they were.
    private func capture(_ body: () -> Void) -> GeoJSONFragment {
        let start = sink.count
        let saved = bbox
        bbox = nil
        body()
        // Copied out of the sink's raw buffer into an array of its own (an array slice sharing
        // a 72 KiB buffer's storage once kept that buffer alive for every fragment).
        let bytes = Array(UnsafeBufferPointer(rebasing: sink.bytes[start...]))
        sink.truncate(to: start)
        let envelope = bbox
        bbox = saved
        return GeoJSONFragment(bytes: bytes, envelope: envelope)
    }
}
