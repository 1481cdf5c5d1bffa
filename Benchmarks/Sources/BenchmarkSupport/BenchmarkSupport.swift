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
