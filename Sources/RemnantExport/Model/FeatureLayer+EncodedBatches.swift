extension FeatureLayer {
    /// Features per batch handed to a worker: large enough that queueing costs little per
    /// feature, small enough that a batch's bytes (KML: ~0.3 MB) are still in the shared cache
    /// when the writer copies them out, and the batches in flight stay a few MB.
    static let encodingBatchSize = 128

    /// Streams the layer's batches (``forEachBatch``, or its features in batches of
    /// ``encodingBatchSize``) through `encode` on worker threads, which build the features and
    /// encode them, and hands the encoded batches to `body` in stream order on this thread: reading
    /// the store and formatting run on different cores. An error from the stream, from building
    /// a batch's features or from `body` stops it and is rethrown once the batches already
    /// queued are done.
    func forEachEncodedBatch(groupedByCountry grouped: Bool, encode: @escaping @Sendable (_ features: [Feature], _ into: ByteBlock) -> EncodedBatch,
                             _ body: (EncodedBatch) throws -> Void) throws {
        let pipeline = OrderedBatchEncoder<FeatureBatch> { batch, block in
            do { return encode(try batch.features(), block) } catch { return EncodedBatch(error: error) }
        }
        func drain(_ encoded: EncodedBatch) throws {
            if let error = encoded.error { throw error }
            try body(encoded)
        }
        do {
            if let forEachBatch {
                try forEachBatch(grouped) { try pipeline.submit($0, drain: drain) }
            } else {
                var features: [Feature] = []
                features.reserveCapacity(Self.encodingBatchSize)
                try forEach(grouped) { feature in
                    features.append(feature)
                    if features.count >= Self.encodingBatchSize {
                        try pipeline.submit(FeatureBatch(features: features), drain: drain)
                        features = []
                        features.reserveCapacity(Self.encodingBatchSize)
                    }
                }
                if !features.isEmpty { try pipeline.submit(FeatureBatch(features: features), drain: drain) }
            }
            try pipeline.finish(drain: drain)
        } catch {
            pipeline.cancel()
            throw error
        }
    }
}
