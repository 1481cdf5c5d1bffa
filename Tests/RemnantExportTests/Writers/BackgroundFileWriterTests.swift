import Foundation
import Testing
@testable import RemnantExport

/// The background file writer against the bytes it was given: many buffers, odd sizes, the
/// unaligned tail written after `O_DIRECT` is cleared, and errors of the writing thread.
@Suite struct BackgroundFileWriterTests {
    /// A new empty file in the temporary directory (a disk file system here, where `O_DIRECT` works),
    /// and a writing handle on it.
    private func emptyFile() throws -> (URL, FileHandle) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-bgwriter-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return (url, try FileHandle(forWritingTo: url))
    }

    /// Deterministic bytes that differ from block to block, so a lost, repeated or misplaced
    /// buffer shows.
    private func pattern(_ n: Int, seed: Int) -> [UInt8] {
        (0..<n).map { UInt8(truncatingIfNeeded: ($0 &* 31) ^ ($0 >> 12) ^ seed) }
    }

    @Test(arguments: [true, false]) func writesExactlyTheBytesGiven(direct: Bool) throws {
        let (url, handle) = try emptyFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try #require(BackgroundFileWriter(descriptor: handle.fileDescriptor, direct: direct))
        // Pieces of awkward sizes, 13.7 MiB in all: several full 4 MiB buffers and a partial one.
        var expected: [UInt8] = []
        var seed = 1
        for size in [1, 4095, 4097, 65_536, 3 << 20, 5_000_001, 7, 6 << 20, 12_345] {
            let piece = pattern(size, seed: seed)
            seed += 1
            expected += piece
            try piece.withUnsafeBytes { try writer.write($0) }
        }
        try writer.finish()
        if direct { #expect(!writer.isDirect, "the unaligned tail clears O_DIRECT") }
        try handle.close()
        let data = try Data(contentsOf: url)
        #expect(data.count == expected.count)
        #expect(data == Data(expected))
    }

    @Test func usesODirectOnADiskFileAndKeepsItForAlignedOutput() throws {
        let (url, handle) = try emptyFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try #require(BackgroundFileWriter(descriptor: handle.fileDescriptor))
        let fileSystemTakesDirect = writer.isDirect
        let piece = pattern(BackgroundFileWriter.bufferBytes * 2 + 8192, seed: 9)
        try piece.withUnsafeBytes { try writer.write($0) }
        try writer.finish()
        // A whole number of 4096-byte blocks: no tail, so O_DIRECT stays on to the end.
        #expect(writer.isDirect == fileSystemTakesDirect)
        try handle.close()
        #expect(try Data(contentsOf: url) == Data(piece))
    }

    @Test func reportsAWriteFailureAndDropsTheRest() throws {
        // A descriptor open for reading only: every write(2) fails with EBADF on the writing thread.
        let (url, handle) = try emptyFile()
        try handle.close()
        defer { try? FileManager.default.removeItem(at: url) }
        let reading = try FileHandle(forReadingFrom: url)
        defer { try? reading.close() }
        let writer = try #require(BackgroundFileWriter(descriptor: reading.fileDescriptor, direct: false))
        let piece = pattern(BackgroundFileWriter.bufferBytes, seed: 3)
        var thrown: (any Error)?
        do {
            for _ in 0..<(BackgroundFileWriter.bufferCount + 3) { try piece.withUnsafeBytes { try writer.write($0) } }
            try writer.finish()
        } catch {
            thrown = error
        }
        let error = try #require(thrown)
        #expect("\(error)".contains("write failed"), "got: \(error)")
        #expect(try Data(contentsOf: url).isEmpty)
    }

    @Test func leavesPipesToTheCaller() {
        let pipe = Pipe()
        #expect(BackgroundFileWriter(descriptor: pipe.fileHandleForWriting.fileDescriptor) == nil)
    }

    @Test func sinkOutputIsUnchangedAcrossManyBuffers() throws {
        // 40 MiB of lines through a sink on a file: ten background buffers.
        let (url, handle) = try emptyFile()
        defer { try? FileManager.default.removeItem(at: url) }
        let sink = OutputSink(handle: handle)
        #expect(sink.backgroundWriter != nil)
        let line = Array("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n".utf8)
        for _ in 0..<(40 << 20) / line.count {
            sink.append(bytes: line)
            try sink.flushIfFull()
        }
        try sink.flush()
        try handle.close()
        let data = try Data(contentsOf: url)
        #expect(data.count == (40 << 20) / line.count * line.count)
        #expect(data.prefix(64) == Data(line) && data.suffix(64) == Data(line))
    }

    @Test func standardOutputIsWrittenInPlace() {
        #expect(OutputSink(handle: .standardOutput).backgroundWriter == nil)
    }
}
