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

    @Test func temporariesOfDeadProcessesAreRemovedByTheNextWrite() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A process that has exited and been reaped: its pid no longer exists.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let own = ProcessInfo.processInfo.processIdentifier
        let stale = [".out.gpkg.\(gone.processIdentifier).42.tmp", ".out.gpkg.\(gone.processIdentifier).42.tmp-journal"]
        let kept = [".out.gpkg.\(own).7.tmp", ".other.gpkg.\(gone.processIdentifier).1.tmp", "notes.txt"]
        for name in stale + kept { try Data("x".utf8).write(to: dir.appendingPathComponent(name)) }
        try AtomicFile.write(Data("complete".utf8), to: dir.appendingPathComponent("out.gpkg"))
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: dir.path)) == Set(kept + ["out.gpkg"]))
    }
}
