import Synchronization

/// The ordered row ids matching each incident filter (``IncidentStore/rowIDs(matching:)``), for
/// one data version: a page is then a slice by position, and `numberMatched` the list's length.
/// Bounded in ids (8 bytes each): when a new list would pass the bound, the others are dropped.
/// Another version empties the cache.
final class RowIDListCache: Sendable {
    private struct State {
        var version = ""
        var lists: [String: [Int64]] = [:]
        var ids = 0
    }

    /// 4 Mi ids: 32 MiB, forty lists of all 100,000 incidents.
    let capacityIDs: Int
    private let state = Mutex(State())

    init(capacityIDs: Int = 4 << 20) {
        self.capacityIDs = capacityIDs
    }

    func list(_ filter: String, version: String) -> [Int64]? {
        state.withLock { $0.version == version ? $0.lists[filter] : nil }
    }

    func insert(_ list: [Int64], filter: String, version: String) {
        guard list.count <= capacityIDs else { return }
        state.withLock { s in
            if s.version != version || s.ids + list.count > capacityIDs { s = State(version: version) }
            if let old = s.lists[filter] { s.ids -= old.count }
            s.lists[filter] = list
            s.ids += list.count
        }
    }
}
