import Foundation

/// Writes a regular file's bytes on a thread of its own, so the thread producing them (an
/// export's store reader, which also places the encoded batches in order) never waits in
/// `write(2)`. Bytes are copied into one of ``bufferCount`` page-aligned buffers of
/// ``bufferBytes`` (4 MiB); a full buffer goes to the writing thread and the producer fills the
/// next one, waiting only when all are queued (memory stays at 16 MiB whatever the file size).
///
/// Where the file system takes it, the file is written with `O_DIRECT`: whole aligned buffers go
/// from this process's memory to the disk without being copied into the page cache. Copying
/// into the page cache was 14% of a 1M-incident KML export's CPU time (1.9 s of 13.6 s for
/// 2.3 GB), all of it on the reader thread; and an export has to reach the disk anyway, since
/// ``AtomicFile`` calls `fsync` before the rename. The last, partial buffer is written after
/// `O_DIRECT` is cleared again (`fcntl`). Where `O_DIRECT` is refused (tmpfs, or a file system
/// that fails the first direct write with `EINVAL`), writes go through the page cache with
/// ``FileWriteback``'s early write-back, as before.
///
/// Errors of the writing thread (disk full, I/O error) are thrown by the next ``write(_:)`` or
/// by ``finish()``; later bytes are then dropped, and the caller's ``AtomicFile`` removes the
/// temporary file.
final class BackgroundFileWriter: @unchecked Sendable {
    // @unchecked: shared state is guarded, or owned by one side:
    // - `queued`, `spare`, `failure`, `closed` and `exited` are read and written only while
    //   holding `condition`;
    // - `current` and `filled` belong to the producer (the sink's thread), `direct` and
    //   `writeback` to the writing thread once it runs (the test accessors read them under the
    //   lock after ``finish()``, which the writing thread's last hand-back happens before);
    // - each buffer belongs to one side at a time (the producer's `current`, or a queue entry the
    //   writing thread takes); `allBuffers` and `descriptor` are fixed after `init`.
    // The buffers are plain allocations from `UnsafeMutableRawPointer.allocate`; the descriptor
    // is a number the caller's FileHandle owns. No C library handle (GEOS, PROJ, SQLite) is here.
    static let bufferBytes = 4 << 20
    static let bufferCount = 4
    /// Buffer address, size and file offset alignment for `O_DIRECT` (Linux asks for the
    /// device's logical block size, at most 4096 on the disks this runs on).
    static let alignment = 4096

    /// How errors name the file: the sink only has a descriptor of the temporary file.
    static let target = "the output file"

    private let descriptor: Int32
    private let condition = NSCondition()
    private var queued: [(buffer: UnsafeMutableRawPointer, count: Int)] = []
    private var spare: [UnsafeMutableRawPointer] = []
    private var failure: String?
    private var closed = false
    private var exited = false
    private var current: UnsafeMutableRawPointer
    private var filled = 0
    private var allBuffers: [UnsafeMutableRawPointer] = []
    /// Only the writing thread changes these two after `init`.
    private var direct: Bool
    private var writeback: FileWriteback?

    /// True while the file is open with `O_DIRECT` (tests; read after ``finish()``).
    var isDirect: Bool { condition.withLock { direct } }
    /// Early write-back requests made so far in page-cache mode (tests; read after ``finish()``).
    var writebackRequests: Int { condition.withLock { writeback?.requests ?? 0 } }

    /// A writer for `descriptor`, or nil when it is not a regular file (a pipe or a terminal is
    /// written directly by the caller). With `direct` false, `O_DIRECT` is not tried.
    init?(descriptor: Int32, direct tryDirect: Bool = true) {
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        self.descriptor = descriptor
        for _ in 0..<Self.bufferCount {
            allBuffers.append(.allocate(byteCount: Self.bufferBytes, alignment: Self.alignment))
        }
        current = allBuffers[0]
        spare = Array(allBuffers.dropFirst())
        // O_DIRECT needs the file offset aligned too; an export's temporary file starts empty.
        let offset = lseek(descriptor, 0, SEEK_CUR)
        direct = tryDirect && offset >= 0 && offset % Int(Self.alignment) == 0 && Self.setDirect(descriptor, true)
        if !direct { writeback = FileWriteback(descriptor: descriptor) }
        let thread = Thread { [self] in run() }
        thread.name = "remnant-file-writer"
        thread.start()
    }

    deinit {
        close()
        for b in allBuffers { b.deallocate() }
    }

    /// Copies `bytes` into the buffers, handing each full one to the writing thread. Throws the
    /// writing thread's error, if it had one.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ExportError) {
        var rest = bytes
        while !rest.isEmpty {
            let n = min(rest.count, Self.bufferBytes - filled)
            (current + filled).copyMemory(from: rest.baseAddress!, byteCount: n)
            filled += n
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            if filled == Self.bufferBytes { try handOver() }
        }
    }

    /// Writes what is buffered and waits until every byte is in the file (handed to the kernel;
    /// the caller's `fsync` makes it durable). Throws the writing thread's error, if any.
    func finish() throws(ExportError) {
        if filled > 0 { try handOver() }
        condition.lock()
        while !queued.isEmpty && failure == nil { condition.wait() }
        let failed = failure
        condition.unlock()
        if let failed { throw .write(path: Self.target, message: failed) }
    }

    /// Queues `current` (`filled` bytes) and takes a free buffer, waiting for one if none is.
    private func handOver() throws(ExportError) {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw .write(path: Self.target, message: failure) }
        queued.append((current, filled))
        condition.broadcast()
        while spare.isEmpty && failure == nil { condition.wait() }
        if let failure { throw .write(path: Self.target, message: failure) }
        current = spare.removeLast()
        filled = 0
    }

    /// Stops the writing thread once it has written what is queued (or dropped it after an
    /// error), and waits for it to exit. Idempotent.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        while !exited { condition.wait() }
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            while queued.isEmpty && !closed { condition.wait() }
            guard let next = queued.first else { break }
            let failed = failure != nil
            condition.unlock()
            let error = failed ? nil : writeAll(next.buffer, count: next.count)
            condition.lock()
            queued.removeFirst()
            spare.append(next.buffer)
            if let error, failure == nil { failure = error }
            condition.broadcast()
        }
        exited = true
        condition.broadcast()
        condition.unlock()
    }

    /// Writes `count` bytes of `buffer` at the file's offset; nil, or the failure's message.
    private func writeAll(_ buffer: UnsafeMutableRawPointer, count: Int) -> String? {
        if direct && count % Self.alignment != 0 {
            // The last, partial block: through the page cache (its length need not be aligned).
            if let failed = leaveDirect() { return failed }
        }
        var written = 0
        while written < count {
            let n = Glibc.write(descriptor, buffer + written, count - written)
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EINVAL && direct && written == 0 {
                    // The file system accepted the flag but not the direct write: page cache from here.
                    if let failed = leaveDirect() { return failed }
                    continue
                }
                return "write failed: \(String(cString: strerror(errno)))"
            }
            written += n
            if direct && written < count && written % Self.alignment != 0 {
                // A short direct write that left the offset unaligned (not seen on Linux local
                // file systems): finish without O_DIRECT.
                if let failed = leaveDirect() { return failed }
            }
        }
        writeback?.wrote(count)
        return nil
    }

    /// Goes on through the page cache, with early write-back: clears `O_DIRECT`. Nil, or the
    /// failure's message.
    private func leaveDirect() -> String? {
        direct = false
        guard Self.setDirect(descriptor, false) else { return "cannot clear O_DIRECT: \(String(cString: strerror(errno)))" }
        writeback = FileWriteback(descriptor: descriptor)
        return nil
    }

    /// `O_DIRECT` from Linux's `<asm/fcntl.h>` (Swift's Glibc module leaves it out: it needs
    /// `_GNU_SOURCE`); nil on an architecture not listed, where the page cache is used.
    private static let oDirect: Int32? = {
        #if os(Linux) && arch(x86_64)
        return 0o40000
        #elseif os(Linux) && arch(arm64)
        return 0o200000
        #else
        return nil
        #endif
    }()

    /// Sets or clears `O_DIRECT` on `descriptor`; false when the file system refuses it.
    private static func setDirect(_ descriptor: Int32, _ on: Bool) -> Bool {
        guard let oDirect else { return !on }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0 else { return false }
        let wanted = on ? flags | oDirect : flags & ~oDirect
        return fcntl(descriptor, F_SETFL, wanted) == 0
    }
}
