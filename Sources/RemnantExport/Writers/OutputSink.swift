import Foundation

/// A buffered byte sink over a file handle (standard output or an ``AtomicFile`` temporary):
/// writers stream into it, so memory stays constant whatever the number of features.
public final class OutputSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16

    public init(handle: FileHandle) {
        self.handle = handle
        buffer.reserveCapacity(capacity)
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes features in one format. `begin`, then `write` per feature, then `finish`.
public protocol FeatureWriter {
    func begin() throws
    func write(_ feature: Feature) throws
    func finish() throws
}
