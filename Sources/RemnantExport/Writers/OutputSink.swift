import Foundation

/// A buffered byte sink over a file handle (standard output or an ``AtomicFile`` temporary), or
/// over a closure that receives each full buffer (an HTTP response body): writers stream into
/// it, so memory stays constant whatever the number of features.
public final class OutputSink {
    private let handle: FileHandle?
    private let consumer: (([UInt8]) throws -> Void)?
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16

    public init(handle: FileHandle) {
        self.handle = handle
        self.consumer = nil
        buffer.reserveCapacity(capacity)
    }

    /// A sink handing its buffered bytes to `consumer` (at least 64 KiB at a time, and the rest
    /// on ``flush()``).
    public init(consumer: @escaping ([UInt8]) throws -> Void) {
        self.handle = nil
        self.consumer = consumer
        buffer.reserveCapacity(capacity)
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        if let consumer { try consumer(buffer) } else { try handle?.write(contentsOf: buffer) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes features in one format. `begin`, then `write` per feature, then `finish`.
public protocol FeatureWriter {
    func begin() throws
    func write(_ feature: Feature) throws
    func finish() throws
}
