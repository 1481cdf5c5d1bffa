import Dispatch
import Foundation
import RemnantGeometry

/// The bytes of a run of features encoded by one worker, with what the ordered writer needs to
/// place them: the folder key of each run of features (KML's per-country folders) and the
/// extent of the positions written (GeoJSON's collection `bbox`); or the error that stopped it.
struct EncodedBatch: Sendable {
    var bytes = ByteBlock(capacity: 0)
    /// Consecutive features with the same key: (key, end offset in `bytes`), in order.
    var groups: [(key: String?, end: Int)] = []
    var extent: BoundingBox?
    var count = 0
    /// Why the batch's features could not be built (e.g. a store row that does not decode).
    var error: (any Error)?
}

/// Encodes batches of features (each an `Input`) to bytes on worker threads (GCD's global
/// pool, one per core) and hands the results back in submission order on the caller's thread, so a reader thread keeps
/// streaming from the store while the formatting runs on the other cores. At most `maxInFlight`
/// batches are queued or done but not yet drained: memory stays constant however many features
/// pass through.
///
/// The sink and every writer stay on the caller's thread; only `Sendable` inputs and the encoded
/// bytes cross threads.
final class OrderedBatchEncoder<Input: Sendable>: @unchecked Sendable {
    // @unchecked: the mutable state below is read and written only while holding `condition`.
    // It holds Swift values and byte blocks, never a C library handle (no GEOS, PROJ or SQLite).
    private let condition = NSCondition()
    private var done: [Int: EncodedBatch] = [:]
    /// Byte blocks of drained batches, for the next ones.
    private var spare: [ByteBlock] = []
    private var submitted = 0
    private var drained = 0
    private let maxInFlight: Int
    private let encode: @Sendable (Input, ByteBlock) -> EncodedBatch
    // Below the reading thread's priority (GRDB's queue, default QoS): the reader is the one
    // serial stage, and workers at user-initiated QoS (nice -2 on Linux) kept preempting it,
    // then ran dry and slept, so the stages alternated instead of overlapping. At utility QoS
    // a 1M-incident KML export went from 14.9 s to 11.7 s (written to tmpfs, idle machine).
    private let queue = DispatchQueue.global(qos: .utility)

    init(maxInFlight: Int = 2 * ProcessInfo.processInfo.activeProcessorCount + 2, encode: @escaping @Sendable (_ input: Input, _ into: ByteBlock) -> EncodedBatch) {
        self.maxInFlight = max(1, maxInFlight)
        self.encode = encode
    }

    /// Queues `batch` for encoding, after draining (in order) every batch already done; waits
    /// for the oldest batch while `maxInFlight` are pending. Errors from `drain` are rethrown.
    func submit(_ batch: Input, drain: (EncodedBatch) throws -> Void) throws {
        try drainReady(waitingWhileAtLeast: maxInFlight, drain)
        condition.lock()
        let sequence = submitted
        submitted += 1
        let block = spare.popLast() ?? ByteBlock(capacity: 1 << 18)
        condition.unlock()
        let encode = self.encode
        queue.async {
            let encoded = encode(batch, block)
            self.condition.lock()
            self.done[sequence] = encoded
            self.condition.broadcast()
            self.condition.unlock()
        }
    }

    /// Drains every submitted batch, in order, waiting for the ones still being encoded.
    func finish(drain: (EncodedBatch) throws -> Void) throws {
        try drainReady(waitingWhileAtLeast: 1, drain)
    }

    /// Waits until the batches already submitted are encoded and drops them: after an error, so
    /// no worker outlives the export.
    func cancel() {
        condition.lock()
        while done.count < submitted - drained { condition.wait() }
        done.removeAll()
        drained = submitted
        condition.unlock()
    }

    /// Drains done batches in order; while `pending` (submitted, not drained) is at least
    /// `limit`, waits for the oldest one.
    private func drainReady(waitingWhileAtLeast limit: Int, _ drain: (EncodedBatch) throws -> Void) throws {
        while true {
            condition.lock()
            while submitted - drained >= limit && done[drained] == nil { condition.wait() }
            guard let next = done.removeValue(forKey: drained) else {
                condition.unlock()
                return
            }
            drained += 1
            condition.unlock()
            try drain(next)
            condition.lock()
            spare.append(next.bytes)
            condition.unlock()
        }
    }
}
