import RemnantExport
import Synchronization

/// Incidents' GeoJSON fragments (``GeoJSONFragment``) by row id, for one data version, bounded
/// in bytes: distinct pages of the items feed then concatenate fragments rendered before instead
/// of reading and rendering every row again. A fragment is a pure function of the row, so it
/// never goes stale within a version; another version empties the cache.
///
/// Two generations approximate least-recently-used at one dictionary operation per look-up:
/// fragments enter the current generation; once it holds half the budget it becomes the old one
/// and the previous old one is dropped; a hit in the old generation moves back to the current.
/// At most `capacityBytes` are held (fragment bytes plus ``entryOverhead`` each).
final class FeatureFragmentCache: Sendable {
    /// Bytes counted per entry beyond the fragment's own: the array's header and malloc's
    /// rounding, the dictionary slot (key, envelope) and its share of empty slots.
    static let entryOverhead = 112

    private struct State {
        var version = ""
        var current: [Int64: GeoJSONFragment] = [:]
        var old: [Int64: GeoJSONFragment] = [:]
        var currentBytes = 0
    }

    let capacityBytes: Int
    private let state = Mutex(State())

    /// - Parameter capacityBytes: 0 disables the cache.
    init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
    }

    /// Bytes held now (fragment bytes plus the per-entry overhead), for tests and logs.
    var heldBytes: Int {
        state.withLock { s in
            s.current.values.reduce(0) { $0 + $1.bytes.count + Self.entryOverhead }
                + s.old.values.reduce(0) { $0 + $1.bytes.count + Self.entryOverhead }
        }
    }

    /// The fragments of `ids` in this version, position for position; nil where none is kept.
    func fragments(_ ids: ArraySlice<Int64>, version: String) -> [GeoJSONFragment?] {
        guard capacityBytes > 0 else { return Array(repeating: nil, count: ids.count) }
        return state.withLock { s in
            guard s.version == version else { return Array(repeating: nil, count: ids.count) }
            var found: [GeoJSONFragment?] = []
            found.reserveCapacity(ids.count)
            for id in ids {
                if let f = s.current[id] {
                    found.append(f)
                } else if let f = s.old.removeValue(forKey: id) {
                    Self.insert(&s, id, f, capacity: capacityBytes)
                    found.append(f)
                } else {
                    found.append(nil)
                }
            }
            return found
        }
    }

    /// Keeps `fragments` (row id, fragment) for this version, emptying the cache first when it
    /// holds another version.
    func insert(_ fragments: [(Int64, GeoJSONFragment)], version: String) {
        guard capacityBytes > 0, !fragments.isEmpty else { return }
        state.withLock { s in
            if s.version != version { s = State(version: version) }
            for (id, f) in fragments where s.current[id] == nil { Self.insert(&s, id, f, capacity: capacityBytes) }
        }
    }

    private static func insert(_ s: inout State, _ id: Int64, _ f: GeoJSONFragment, capacity: Int) {
        let size = f.bytes.count + entryOverhead
        guard size <= capacity / 2 else { return }
        if s.currentBytes + size > capacity / 2 {
            s.old = s.current
            s.current = [:]
            s.current.reserveCapacity(s.old.count)
            s.currentBytes = 0
        }
        s.current[id] = f
        s.currentBytes += size
    }
}
