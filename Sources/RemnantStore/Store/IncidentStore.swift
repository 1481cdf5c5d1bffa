import Foundation
import GRDB
import RemnantGeometry

/// The incident store: one GeoPackage 1.3 file (SQLite in WAL mode, via GRDB) that QGIS and
/// `ogrinfo` open as a layer called `incidents`.
///
/// `DatabasePool` serialises writers and lets readers run during a write (WAL); a busy timeout
/// makes a second writer wait instead of failing. Every import is one transaction.
public final class IncidentStore: Sendable {
    public let path: String
    let pool: DatabasePool
    /// Bytes of the file SQLite reads through a memory map (1 GiB).
    static let mmapSize = 1 << 30

    /// Opens (creating if needed) the store at `path` and runs pending migrations.
    /// - Throws: ``StoreError/store(path:message:)`` when the file is not a Remnant GeoPackage.
    public init(path: String) throws(StoreError) {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(Double(IncidentStore.busyTimeoutMilliseconds) / 1000)
        config.prepareDatabase { db in
            GeoPackageFunctions.register(on: db)
            // Read pages through a memory map rather than read(2) calls (up to 1 GiB).
            try db.execute(sql: "PRAGMA mmap_size = \(IncidentStore.mmapSize)")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: config)
            try pool.writeWithoutTransaction { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if tables > 0 && applicationID != GeoPackageSchema.applicationID {
                    throw StoreError.store(path: path, message: "not a GeoPackage (application_id \(applicationID)); refusing to modify it")
                }
                if tables > 0, try !db.tableExists("incidents") || !db.tableExists("grdb_migrations") {
                    throw StoreError.store(path: path, message: "a GeoPackage, but not a Remnant incident store")
                }
            }
            // Opening an up-to-date store takes no write lock, so a reader opens while another
            // process imports. (A TRUNCATE checkpoint here used to wait for that import's commit,
            // and emptied the -wal file, so the next process to open the store had GRDB write to
            // it, waiting for the write lock in turn.)
            if try !pool.read({ db in try GeoPackageSchema.migrator.hasCompletedMigrations(db) }) {
                try GeoPackageSchema.migrator.migrate(pool)
                // GDAL checks application_id in the main file's header, which WAL mode leaves in
                // the -wal file until a checkpoint: write it through now.
                _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .store(path: path, message: "\(error)")
        }
    }

    /// Runs `body` in a read transaction (a consistent snapshot), mapping SQLite errors.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch let e as StoreError { throw e } catch {
            throw .database(message: "\(error)")
        }
    }

    /// Number of incidents.
    public func count() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents") ?? 0 }
    }

    /// Closes the pool; further calls fail.
    public func close() throws {
        try pool.close()
    }
}
