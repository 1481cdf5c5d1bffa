import NIOCore
import Synchronization

/// Rendered response bodies by ETag, bounded in bytes, least recently used first out. A body is
/// a pure function of the data version and the request, so an ETag names exactly one body:
/// entries never go stale, old versions just age out.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        var body: ByteBuffer
        var contentType: String
        var gzipped: Bool
    }

    private struct State {
        var entries: [String: (entry: Entry, tick: UInt64)] = [:]
        var bytes = 0
        var tick: UInt64 = 0
    }

    let capacityBytes: Int
    private let state = Mutex(State())

    /// - Parameter capacityBytes: 0 disables the cache.
    init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
    }

    func get(_ key: String) -> Entry? {
        guard capacityBytes > 0 else { return nil }
        return state.withLock { s in
            guard let hit = s.entries[key] else { return nil }
            s.tick += 1
            s.entries[key] = (hit.entry, s.tick)
            return hit.entry
        }
    }

    func put(_ key: String, _ entry: Entry) {
        let size = entry.body.readableBytes
        guard capacityBytes > 0, size <= capacityBytes / 4 else { return }
        state.withLock { s in
            s.tick += 1
            if let old = s.entries[key] { s.bytes -= old.entry.body.readableBytes }
            s.entries[key] = (entry, s.tick)
            s.bytes += size
            while s.bytes > capacityBytes, let oldest = s.entries.min(by: { $0.value.tick < $1.value.tick }) {
                s.bytes -= oldest.value.entry.body.readableBytes
                s.entries[oldest.key] = nil
            }
        }
    }
}
