import Foundation
import Testing
@testable import RemnantStore

@Suite struct AtomicFileTests {
    private func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesWholeFileAndLeavesNoTemporaries() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("sub/out.geojson")
        try AtomicFile.write(Data("hello".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "hello")
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.deletingLastPathComponent().path) == ["out.geojson"])
    }

    @Test func failedWriteKeepsPreviousFileAndRemovesTemporary() throws {
        struct Interrupted: Error {}
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("zones.geojson")
        try AtomicFile.write(Data("old complete file".utf8), to: target)
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(to: target) { handle in
                try handle.write(contentsOf: Data("half a ne".utf8))
                throw Interrupted()
            }
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old complete file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["zones.geojson"])
    }
}
