#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The version of the store's data, from the modification time and size of the GeoPackage file
/// and its write-ahead log: every committed write changes one of them (WAL mode appends commits
/// to the log, checkpoints move them into the file). Two `stat(2)` calls, cheap enough for every
/// request. It keys the ETags and the derived layers (hazard areas, hex bins).
public struct DataVersion: Sendable, Equatable, Hashable {
    /// Opaque text for ETags.
    public var tag: String
    /// The later of the two modification times (for `Last-Modified`), whole seconds.
    public var lastModified: Date

    public init(tag: String, lastModified: Date) {
        self.tag = tag
        self.lastModified = lastModified
    }

    /// The version of the store at `path` now.
    public static func of(storePath path: String) -> DataVersion {
        var parts: [UInt64] = []
        var latest = 0
        for file in [path, path + "-wal"] {
            var st = stat()
            if stat(file, &st) == 0 {
                #if canImport(Glibc)
                let (sec, nsec) = (Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec))
                #else
                let (sec, nsec) = (Int(st.st_mtimespec.tv_sec), Int(st.st_mtimespec.tv_nsec))
                #endif
                parts += [UInt64(bitPattern: Int64(sec)), UInt64(nsec), UInt64(st.st_size), UInt64(st.st_ino)]
                latest = max(latest, sec)
            } else {
                parts += [0, 0, 0, 0]
            }
        }
        return DataVersion(tag: String(FNV1a.hash(parts), radix: 16), lastModified: Date(timeIntervalSince1970: TimeInterval(latest)))
    }
}

/// 64-bit FNV-1a, for ETags (not for security: ETags only need to change when content does).
enum FNV1a {
    static func hash(_ words: [UInt64]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for w in words {
            for i in 0..<8 {
                h ^= (w >> (8 * UInt64(i))) & 0xFF
                h = h &* 0x0000_0100_0000_01B3
            }
        }
        return h
    }

    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
