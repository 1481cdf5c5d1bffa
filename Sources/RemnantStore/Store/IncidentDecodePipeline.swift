import Dispatch
import Synchronization

/// Builds incidents from copied rows on two threads: the reading thread steps SQLite and copies
/// rows into batches (``IncidentRowBatch``), a helper thread from Dispatch's pool decodes them as
/// they come, and once the rows are read the reading thread decodes what is left itself. On a
/// 5 km `--near` query over the 1M-row benchmark store, SQLite stepping and Swift decoding each
/// take about half of the time, so the two overlap.
///
/// No SQLite or GEOS handle crosses threads: only the copied batches (values) do. If no second core is
/// free the helper simply runs later, or finds nothing left; the result is the same.
final class IncidentDecodePipeline: Sendable {
    private struct State {
        var batches: [IncidentRowBatch] = []
        var next = 0
        var closed = false
        var results: [[IncidentMatch]?] = []
        var error: (any Error)?
    }

    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let helper = DispatchGroup()

    /// Starts the helper; it waits for batches until ``close(discarding:)`` or ``finish()``.
    init() {
        DispatchQueue.global(qos: .userInitiated).async(group: helper) { [self] in
            while true {
                available.wait()
                guard runNext() else { return }
            }
        }
    }

    /// Hands a filled batch to the decoders.
    func submit(_ batch: IncidentRowBatch) {
        state.withLock {
            $0.batches.append(batch)
            $0.results.append(nil)
        }
        available.signal()
    }

    /// Ends submission: the helper finishes what it has taken and stops. With `discarding`, the
    /// batches not yet taken are dropped (the read failed). Idempotent; every pipeline must be
    /// closed, or its helper waits for ever.
    func close(discarding: Bool = false) {
        let first = state.withLock { s -> Bool in
            if discarding, s.error == nil { s.error = CancellationError() }
            defer { s.closed = true }
            return !s.closed
        }
        if first { available.signal() }  // wakes the helper if it waits, so it sees the end
    }

    /// Decodes every batch not yet taken on this thread, waits for the helper, and returns the
    /// matches in submission order. Rethrows the first decoding error.
    func finish() throws -> [IncidentMatch] {
        close()
        while runNext() {}
        helper.wait()
        let (results, error) = state.withLock { ($0.results, $0.error) }
        if let error { throw error }
        var all: [IncidentMatch] = []
        all.reserveCapacity(results.reduce(0) { $0 + ($1?.count ?? 0) })
        for r in results { all += r ?? [] }
        return all
    }

    /// Decodes the next untaken batch; false when none is left (then, after ``finish()``, the end).
    private func runNext() -> Bool {
        let taken: (index: Int, batch: IncidentRowBatch)? = state.withLock { s in
            guard s.next < s.batches.count, s.error == nil else { return nil }
            defer { s.next += 1 }
            return (s.next, s.batches[s.next])
        }
        guard let (index, batch) = taken else {
            // Before the end, an empty queue only means the reader has not submitted more yet.
            return state.withLock { !$0.closed && $0.error == nil }
        }
        do {
            let matches = try batch.matches()
            state.withLock { $0.results[index] = matches }
        } catch {
            state.withLock { if $0.error == nil { $0.error = error } }
        }
        return true
    }
}
