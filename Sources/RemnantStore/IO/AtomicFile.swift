import Foundation

/// Writes files so that a reader never sees half of one: the bytes go to a temporary file in the
/// same directory, which is flushed and then renamed over the target (rename(2) is atomic on POSIX).
///
/// A process killed mid-write (SIGKILL, power loss) leaves its temporary file behind, never a
/// partial file under the target name. Temporaries are named `.NAME.PID.RANDOM.tmp`, so they are
/// hidden and say what they were for; the next write to the same target removes those whose
/// process is gone.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the parent directory if needed.
    public static func write(_ data: Data, to url: URL) throws {
        try write(to: url) { handle in try handle.write(contentsOf: data) }
    }

    /// Streams into a temporary file through `body`, then renames it to `url`. If `body` throws,
    /// the temporary file is removed and `url` is left as it was.
    public static func write(to url: URL, _ body: (FileHandle) throws -> Void) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        removeStaleTemporaries(of: url)
        let temporary = temporaryURL(for: url)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            do {
                try body(handle)
                try handle.synchronize()
                try handle.close()
            } catch {
                try? handle.close()
                throw error
            }
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Lets `body` create the file at a temporary path in the same directory (for writers that
    /// open files themselves, such as SQLite or a ZIP archive), then renames it to `url`. If
    /// `body` throws, everything it left at the temporary path (and SQLite's `-journal`) is
    /// removed and `url` is left as it was.
    public static func write(to url: URL, byPath body: (URL) throws -> Void) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        removeStaleTemporaries(of: url)
        let temporary = temporaryURL(for: url)
        func cleanUp() {
            for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary.path + suffix) }
        }
        do {
            try body(temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            cleanUp()
            throw error
        }
    }

    /// `.NAME.PID.RANDOM.tmp` next to `url`.
    static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
    }

    /// Removes temporaries for `url` (and their SQLite side files) left by processes that no longer
    /// exist: `kill(pid, 0)` fails with ESRCH. A live writer's temporary, including this process's,
    /// is never touched.
    static func removeStaleTemporaries(of url: URL) {
        let directory = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            let parts = name.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let pid = Int32(parts[0]), pid > 0, UInt32(parts[1]) != nil,
                  ["tmp", "tmp-journal", "tmp-wal", "tmp-shm"].contains(parts[2]) else { continue }
            if pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) == -1, errno == ESRCH {
                try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
            }
        }
    }
}
