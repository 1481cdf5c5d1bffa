import GRDB

/// Facts about the SQLite library the store runs on.
public enum SQLiteLibrary {
    /// The SQLite version GRDB links, e.g. `3.40.1` (`SELECT sqlite_version()`).
    public static func version() throws -> String {
        let queue = try DatabaseQueue()
        return try queue.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "unknown" }
    }

    /// True when SQLite has the R*Tree module a GeoPackage spatial index needs.
    public static func hasRTree() throws -> Bool {
        let queue = try DatabaseQueue()
        return try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT sqlite_compileoption_used('ENABLE_RTREE')") ?? false
        }
    }
}
