import Foundation
import Testing
@testable import RemnantExport

@Suite struct FileWritebackTests {
    @Test func startsWritebackOnRegularFilesEveryChunk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-writeback-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var writeback = try #require(FileWriteback(descriptor: handle.fileDescriptor, chunkBytes: 1000))
        let bytes = [UInt8](repeating: 65, count: 600)
        for _ in 0..<5 {
            try handle.write(contentsOf: bytes)
            writeback.wrote(bytes.count)
        }
        // 600, 1200 → request, 600, 1200 → request, 600: two requests, both accepted by the kernel.
        #expect(writeback.requests == 2)
        #expect(writeback.lastResult == 0)
        try handle.synchronize()
        #expect(try Data(contentsOf: url) == Data(repeating: 65, count: 3000))
    }

    @Test func leavesPipesAlone() throws {
        let pipe = Pipe()
        #expect(FileWriteback(descriptor: pipe.fileHandleForWriting.fileDescriptor) == nil)
    }

}
