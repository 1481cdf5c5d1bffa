// Shared by the benchmark executables: reproducible synthetic data and wall-clock timing.

/// A seeded linear congruential generator (Knuth's MMIX constants), so every run generates
/// the same SYNTHETIC data.
public struct SeededRandom: Sendable {
    public var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A uniform value in [0, 1).
    public mutating func unit() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
}

/// Seconds of wall-clock time `body` takes, with its result.
public func timed<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try body()
    let elapsed = clock.now - start
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, result)
}

#if canImport(Glibc)
import Glibc
#endif

/// Seconds of this thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`) `body` takes: on a machine
/// shared with other work, CPU time is steadier than wall time, which includes waiting to run.
public func threadCPUTimed<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    var t0 = timespec(), t1 = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0)
    let result = try body()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1)
    return (Double(t1.tv_sec - t0.tv_sec) + Double(t1.tv_nsec - t0.tv_nsec) / 1e9, result)
}

/// Runs `body` and returns the CPU time of the whole process (every thread, CLOCK_PROCESS_CPUTIME_ID)
/// it took, in seconds: for work that runs on helper threads too.
public func processCPUTimed<T>(_ body: () throws -> T) rethrows -> (seconds: Double, result: T) {
    var t0 = timespec(), t1 = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0)
    let result = try body()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1)
    return (Double(t1.tv_sec - t0.tv_sec) + Double(t1.tv_nsec - t0.tv_nsec) / 1e9, result)
}
