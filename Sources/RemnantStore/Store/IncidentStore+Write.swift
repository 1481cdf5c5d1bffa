import Foundation
import GRDB
import RemnantGeometry

/// What to do with an incoming id that is already stored.
public enum ExistingPolicy: Sendable {
    /// Replace the stored record (upsert).
    case update
    /// Keep the stored record and skip the incoming one.
    case skip
}

/// Counts from one write transaction.
public struct WriteSummary: Equatable, Sendable {
    public var inserted = 0
    public var updated = 0
    public var skipped = 0
    public var total: Int { inserted + updated + skipped }
}

/// A write transaction in progress: add incidents one at a time (streaming). Nothing is visible
/// to readers until the transaction commits; any thrown error rolls everything back.
public final class StoreWriteSession {
    let db: Database
    let policy: ExistingPolicy
    public private(set) var summary = WriteSummary()
    private var insertIncident: SQLiteBulkStatement
    private var insertSource: SQLiteBulkStatement
    /// ``chunkRows`` incidents in one `INSERT` (see ``writeChunk(at:of:_:)``); prepared at the
    /// first full chunk.
    private var insertIncidentChunk: SQLiteBulkStatement?
    /// ``chunkRows`` sources in one `INSERT`; prepared at the first full chunk of sources.
    private var insertSourceChunk: SQLiteBulkStatement?
    /// Prepared at the first update (upsert) of the session.
    private var updateIncident: SQLiteBulkStatement?
    /// R-tree entries of the rows written, applied in `finish`: one by one for small writes, or
    /// by rebuilding the whole index with ``RTreeBulkLoader`` for large ones.
    private var spatial: [RTreeBulkLoader.Entry] = []
    /// Rows in the table when the session began, for the bulk-load heuristics.
    private let rowsBefore: Int
    /// True while the secondary indexes are dropped for a bulk load (see ``deferIndexesIfBulk()``).
    private var indexesDeferred = false

    /// A write counts as a bulk load from this many new rows on, when they are also at least a
    /// quarter of the table: then rebuilding an index by sorting beats inserting into it row by
    /// row (measured on 200,000 rows: 12.1 s against 20.8 s for the same inserts with the
    /// indexes in place).
    static let bulkRows = 10_000

    init(db: Database, policy: ExistingPolicy) throws {
        self.db = db
        self.policy = policy
        rowsBefore = try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents") ?? 0
        insertIncident = try SQLiteBulkStatement(db, sql: Self.insertSQL)
        insertSource = try SQLiteBulkStatement(db, sql: SQLiteBulkStatement.insertSQL(table: "incident_sources", columns: Self.sourceColumns, rows: 1))
    }

    /// The secondary indexes (`GeoPackageSchema.secondaryIndexes`), dropped during a bulk load
    /// and rebuilt before the commit. The `id` uniqueness index stays: upserts rely on it.
    static let secondaryIndexNames = ["incidents_country_date", "incidents_date_span", "incident_sources_position"]

    /// Once a write has inserted ``bulkRows`` new rows and they are at least a quarter of the
    /// table, drops the secondary indexes; ``restoreIndexes()`` rebuilds them (by sorting) before
    /// the transaction commits, so no reader ever sees the table without them.
    private func deferIndexesIfBulk() throws {
        guard !indexesDeferred, summary.inserted >= Self.bulkRows, summary.updated == 0, Self.bulkRows * 4 >= rowsBefore else { return }
        for name in Self.secondaryIndexNames { try db.execute(sql: "DROP INDEX \(name)") }
        indexesDeferred = true
    }

    /// Rebuilds the secondary indexes dropped by ``deferIndexesIfBulk()``.
    ///
    /// SQLite's sorter holds up to `cache_size` bytes in one in-memory run, and sorts one run on
    /// one thread. With the import's 64 MiB cache, each index of a million rows is one run on
    /// one core; with ``indexBuildCacheKiB`` the keys come in 4 MiB runs that the sorter's
    /// helper threads (`PRAGMA threads`) sort in parallel and then merge. Measured on the
    /// 1,000,028-row synthetic store (`sqlite3` shell, 2 cores): three `CREATE INDEX` 1.15 +
    /// 1.23 + 1.2 s → 0.48 + 0.55 + 0.49 s. The index pages are the same.
    private func restoreIndexes() throws {
        guard indexesDeferred else { return }
        try db.execute(sql: "PRAGMA cache_size = -\(Self.indexBuildCacheKiB)")
        defer { try? db.execute(sql: "PRAGMA cache_size = -\(IncidentStore.writeCacheKiB)") }
        try db.execute(sql: GeoPackageSchema.secondaryIndexes)
        indexesDeferred = false
    }

    /// The page cache while the deferred indexes are rebuilt, in KiB (see ``restoreIndexes()``).
    static let indexBuildCacheKiB = 4096

    private static let insertSQL = SQLiteBulkStatement.insertSQL(table: "incidents", columns: IncidentInsertRows.columns, rows: 1)
        + " ON CONFLICT(id) DO NOTHING"

    /// The `incident_sources` columns the writer binds, in order.
    static let sourceColumns = ["incident_id", "position"] + IncidentInsertRows.sourceColumns

    /// Binds `geom`, every column after `id`, then `id` for the `WHERE`.
    private static let updateSQL: String = {
        let sets = IncidentInsertRows.columns.dropFirst(2).map { "\($0) = ?" }.joined(separator: ", ")
        return "UPDATE incidents SET geom = ?, \(sets) WHERE id = ? RETURNING fid"
    }()

    /// Adds or updates one incident, its sources and its R-tree entry.
    public func write(_ incident: Incident) throws {
        try write(IncidentInsertRows([incident]))
    }

    /// Adds or updates each incident of `rows`, its sources and its R-tree entry, binding the
    /// values the rows hold (see ``IncidentInsertRows``).
    func write(_ rows: IncidentInsertRows) throws {
        try rows.withPointers { pointers in
            var r = 0
            while r < rows.incidents.count {
                if rows.incidents.count - r >= Self.chunkRows, try writeChunk(at: r, of: rows, pointers) {
                    r += Self.chunkRows
                } else {
                    try write(row: r, of: rows, pointers)
                    r += 1
                }
            }
        }
    }

    /// Incidents per multi-row `INSERT` (``columns``.count × 32 = 960 parameters, well under
    /// SQLite's 32,766).
    ///
    /// One statement run per row costs SQLite a fresh start each time: cursors on the table and
    /// the `id` index opened, positioned from the root and closed, the statement's registers
    /// reset. A multi-row `VALUES` list runs one insert loop over all its rows with the cursors
    /// kept open. Measured on 200,000 synthetic rows (Python `sqlite3`, same schema and
    /// pragmas): 7.9–9.5 s row by row against 4.5–6.5 s in chunks of 32.
    static let chunkRows = 32

    /// Inserts incidents `first ..< first + chunkRows` and their sources with one multi-row
    /// `INSERT` each, if none of the ids is stored yet: then true. The chunk's statement has no
    /// conflict clause, so an id already stored (or any other failed constraint) aborts it and
    /// SQLite backs out the whole statement (its statement journal); false then, and the caller
    /// writes those rows one at a time, which applies the session's policy or reports the error
    /// for the row it belongs to.
    ///
    /// The rows' fids are consecutive and end at the last inserted row id: one statement
    /// allocates `AUTOINCREMENT` keys in row order, and nothing else inserts into `incidents`.
    private func writeChunk(at first: Int, of rows: IncidentInsertRows, _ pointers: IncidentInsertRows.Pointers) throws -> Bool {
        let n = Self.chunkRows, base = pointers.base
        if insertIncidentChunk == nil {
            insertIncidentChunk = try SQLiteBulkStatement(db, sql: SQLiteBulkStatement.insertSQL(table: "incidents", columns: IncidentInsertRows.columns, rows: n))
        }
        for r in first..<(first + n) {
            for v in pointers.row(r) { insertIncidentChunk!.bind(v, in: base) }
        }
        do {
            try insertIncidentChunk!.execute()
        } catch {
            // Only a failed constraint backs out just the statement; other errors (I/O, full
            // disk) may have rolled back the whole transaction and end the write here.
            guard insertIncidentChunk!.failedOnConstraint, insertIncidentChunk!.inTransaction else { throw error }
            return false
        }
        let lastFID = insertIncidentChunk!.lastInsertedRowID
        // Sources go in chunks of `n` too; the ones past the last full chunk go one by one.
        let sourceTotal = rows.sources(of: first + n - 1).upperBound - rows.sources(of: first).lowerBound
        let inChunks = sourceTotal / n * n
        var sent = 0
        for (k, r) in (first..<(first + n)).enumerated() {
            let fid = lastFID - Int64(n - 1 - k)
            let p = rows.incidents[r].location
            spatial.append(RTreeBulkLoader.Entry(id: fid, minX: p.lon, maxX: p.lon, minY: p.lat, maxY: p.lat))
            let id = pointers.row(r)[IncidentInsertRows.idColumn]
            let sources = rows.sources(of: r)
            for s in sources {
                let position = s - sources.lowerBound + 1
                if sent < inChunks {
                    if insertSourceChunk == nil {
                        insertSourceChunk = try SQLiteBulkStatement(db, sql: SQLiteBulkStatement.insertSQL(table: "incident_sources", columns: Self.sourceColumns, rows: n))
                    }
                    insertSourceChunk!.bind(id, in: base)
                    insertSourceChunk!.bind(position)
                    for v in pointers.source(s) { insertSourceChunk!.bind(v, in: base) }
                    sent += 1
                    if sent % n == 0 { try insertSourceChunk!.execute() }
                } else {
                    try insertSourceRow(id: id, position: position, pointers.source(s), base)
                }
            }
        }
        summary.inserted += n
        try deferIndexesIfBulk()
        return true
    }

    private func write(row r: Int, of rows: IncidentInsertRows, _ pointers: IncidentInsertRows.Pointers) throws {
        let values = pointers.row(r), base = pointers.base
        for v in values { insertIncident.bind(v, in: base) }
        try insertIncident.execute()
        let id = values[IncidentInsertRows.idColumn]
        let fid: Int64
        if insertIncident.changes == 1 {
            fid = insertIncident.lastInsertedRowID
            summary.inserted += 1
            try deferIndexesIfBulk()
        } else {
            switch policy {
            case .skip:
                summary.skipped += 1
                return
            case .update:
                // Replacing sources looks rows up by incident id: that needs its index back.
                try restoreIndexes()
                if updateIncident == nil { updateIncident = try SQLiteBulkStatement(db, sql: Self.updateSQL) }
                for (n, v) in values.enumerated() where n != IncidentInsertRows.idColumn { updateIncident!.bind(v, in: base) }
                updateIncident!.bind(id, in: base)
                let incidentID = rows.incidents[r].id
                guard let found = try updateIncident!.executeReturningInt64() else {
                    throw StoreError.database(message: "no row id for \(incidentID)")
                }
                fid = found
                try db.execute(sql: "DELETE FROM incident_sources WHERE incident_id = ?", arguments: [incidentID])
                summary.updated += 1
            }
        }
        // The location alone: copying the whole incident would retain each of its strings.
        let p = rows.incidents[r].location
        spatial.append(RTreeBulkLoader.Entry(id: fid, minX: p.lon, maxX: p.lon, minY: p.lat, maxY: p.lat))
        let sources = rows.sources(of: r)
        for s in sources {
            try insertSourceRow(id: id, position: s - sources.lowerBound + 1, pointers.source(s), base)
        }
    }

    /// Inserts one `incident_sources` row: the incident's id, the source's position, its values.
    private func insertSourceRow(id: IncidentInsertRows.Value, position: Int, _ values: UnsafeBufferPointer<IncidentInsertRows.Value>,
                                 _ base: UnsafeRawPointer) throws {
        insertSource.bind(id, in: base)
        insertSource.bind(position)
        for v in values { insertSource.bind(v, in: base) }
        try insertSource.execute()
    }

    /// Writes the R-tree entries, recomputes the layer extent in `gpkg_contents` and stamps
    /// `last_change`. At 10,000 rows or more (and at least a quarter of the table) rebuilding the
    /// whole R-tree by STR packing is faster than inserting, and gives a better-packed tree.
    func finish() throws {
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents") ?? 0
        var packing: RTreeBulkLoader.BackgroundPlan?
        if spatial.count >= 10_000 && spatial.count * 4 >= total {
            var all: [RTreeBulkLoader.Entry]
            if spatial.count == total {
                all = spatial  // every row was written here: no need to read the table back
            } else {
                all = []
                all.reserveCapacity(total)
                let rows = try Row.fetchCursor(db, sql: "SELECT fid, lon, lat FROM incidents")
                while let r = try rows.next() {
                    let lon: Double = r[1], lat: Double = r[2]
                    all.append(RTreeBulkLoader.Entry(id: r[0], minX: lon, maxX: lon, minY: lat, maxY: lat))
                }
            }
            // The packing needs no database: it runs on another core while SQLite sorts the
            // attribute indexes here (1M rows: ~0.4 s of sorting and encoding off this thread).
            packing = RTreeBulkLoader.BackgroundPlan(all)
        }
        try restoreIndexes()
        if let packing {
            try RTreeBulkLoader.write(packing.wait(), to: db, table: "rtree_incidents_geom")
        } else {
            var insert = try SQLiteBulkStatement(db, sql: "INSERT OR REPLACE INTO rtree_incidents_geom VALUES (?, ?, ?, ?, ?)")
            for e in spatial {
                insert.bind(Int(e.id))
                insert.bind(e.minX)
                insert.bind(e.maxX)
                insert.bind(e.minY)
                insert.bind(e.maxY)
                try insert.execute()
            }
        }
        // The layer extent: the stored one grown by what was written (an import only adds or
        // moves points, and GeoPackage's extent is informative, so it may stay a little large
        // after a move). Computed here rather than by four full scans of the R-tree.
        let stored = try Row.fetchOne(db, sql: "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'incidents'")
        var extent: BoundingBox?
        if let stored, let minX: Double = stored[0], let minY: Double = stored[1], let maxX: Double = stored[2], let maxY: Double = stored[3] {
            extent = BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        }
        for e in spatial {
            let box = BoundingBox(minX: e.minX, minY: e.minY, maxX: e.maxX, maxY: e.maxY)
            extent = extent.map { $0.union(box) } ?? box
        }
        spatial.removeAll()
        try db.execute(sql: """
            UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?,
              last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
            WHERE table_name = 'incidents'
            """, arguments: [extent?.minX, extent?.minY, extent?.maxX, extent?.maxY])
    }
}

extension IncidentStore {
    /// The writer's page cache during a write transaction, in KiB (64 MiB).
    static let writeCacheKiB = 65536

    /// Runs `body` in one write transaction with the R-tree and source-summary triggers lifted (see
    /// ``GeoPackageSchema/dropRTreeTriggers(_:)`` and ``GeoPackageSchema/dropSourceTriggers(_:)``). Commits when `body` returns and `dryRun` is
    /// false; rolls back on any error or on a dry run, leaving the file byte-for-byte unchanged.
    ///
    /// `bulk` says the caller expects a large write (the importer: inputs of at least
    /// ``IncidentImporter/bulkInputBytes``). Then, if no other connection has the store open, the
    /// transaction runs with a rollback journal instead of WAL (see ``leaveWAL(_:)``) and the
    /// store is back in WAL mode before this returns.
    public func write(policy: ExistingPolicy = .update, dryRun: Bool = false, bulk: Bool = false,
                      _ body: (StoreWriteSession) throws -> Void) throws -> WriteSummary {
        // This process's idle readers hold the store open in WAL mode too: close them first.
        if bulk && !dryRun { pool.releaseMemory() }
        do {
            return try pool.writeWithoutTransaction { db in
                let rollbackJournal = bulk && !dryRun && Self.leaveWAL(db)
                defer { if rollbackJournal { Self.returnToWAL(db) } }
                // A 64 MiB page cache keeps a large import's hot B-tree pages in memory.
                try db.execute(sql: "PRAGMA cache_size = -\(IncidentStore.writeCacheKiB)")
                // Let SQLite's sorter use helper threads when a bulk write rebuilds its indexes.
                try db.execute(sql: "PRAGMA threads = \(max(1, min(4, ProcessInfo.processInfo.activeProcessorCount)))")
                // Each source row's parent is the incident written just before it, so the
                // per-row foreign-key lookup is redundant here; it is back on for every other write.
                try db.execute(sql: "PRAGMA foreign_keys = OFF")
                defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
                var summary = WriteSummary()
                try db.inTransaction(.immediate) {
                    try GeoPackageSchema.dropRTreeTriggers(db)
                    try GeoPackageSchema.dropSourceTriggers(db)
                    let session = try StoreWriteSession(db: db, policy: policy)
                    try body(session)
                    try GeoPackageSchema.createRTreeTriggers(db)
                    try GeoPackageSchema.createSourceTriggers(db)
                    try session.finish()
                    summary = session.summary
                    return dryRun ? .rollback : .commit
                }
                // Move committed pages into the main file so other readers of the raw file
                // (GDAL's header check, file copies) see them; passive never blocks readers.
                if !dryRun && !rollbackJournal { _ = try? db.checkpoint(.passive) }
                return summary
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError.database(message: error.message ?? "\(error)")
        }
    }

    /// Switches the store from WAL to a rollback journal (`DELETE`) for a bulk write, when no other
    /// connection has it open; true if it did. SQLite allows the switch only then: an open WAL
    /// connection (the server, a running query, QGIS) keeps the store in WAL, and readers keep
    /// answering from the last commit during the write.
    ///
    /// In WAL mode every page a bulk load writes goes to the `-wal` file and is copied into the
    /// main file at the checkpoint, and each page read while the indexes are rebuilt is looked
    /// up in the WAL first. With a rollback journal the new pages go straight into the main file
    /// once; only pages that existed before the transaction are saved to the journal, so a
    /// crash or an error still rolls the whole write back. This is how `ogr2ogr` writes a
    /// GeoPackage. Measured on the 1M-row synthetic import: see BENCHMARKS.md (2026-12-03).
    /// While the write runs, a process that opens the store waits for it (busy timeout, 30 s).
    static func leaveWAL(_ db: Database) -> Bool {
        // Do not wait for other connections: if there are any, WAL stays.
        guard (try? db.execute(sql: "PRAGMA busy_timeout = 0")) != nil else { return false }
        defer { try? db.execute(sql: "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)") }
        guard let mode = try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE"), mode == "delete" else { return false }
        // A rollback journal at `NORMAL` may lose the last commit on power loss; `FULL` syncs
        // the journal before the main file is overwritten (a few fsyncs per bulk write).
        try? db.execute(sql: "PRAGMA synchronous = FULL")
        // Without WAL, pages read through the memory map stay mapped and count in the process's
        // resident set (1M rows: 783 MiB peak against 290 MiB); read(2) them instead.
        try? db.execute(sql: "PRAGMA mmap_size = 0")
        return true
    }

    /// Back to WAL (and `synchronous = NORMAL`, as GRDB opens it) after ``leaveWAL(_:)``. The
    /// switch needs every other connection closed; one that opened the store during the write
    /// gets up to the busy timeout to finish its read. If it still fails the store stays in
    /// `DELETE` mode, which is a valid GeoPackage, and the next Remnant process to open it sets
    /// WAL again.
    static func returnToWAL(_ db: Database) {
        try? db.execute(sql: "PRAGMA mmap_size = \(mmapSize)")
        guard (try? String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")) == "wal" else { return }
        try? db.execute(sql: "PRAGMA synchronous = NORMAL")
        // GRDB's readers need a non-empty -wal file (GRDB issues 102 and 1383): write one frame,
        // as GRDB does when it opens a pool.
        try? db.inSavepoint {
            try db.execute(sql: "CREATE TABLE remnant_wal_start (id INTEGER PRIMARY KEY); DROP TABLE remnant_wal_start")
            return .commit
        }
    }

    /// The busy timeout every connection of the store is opened with, in milliseconds.
    static let busyTimeoutMilliseconds = 30_000

    /// Replaces the munition catalog table with `catalog` (one transaction).
    public func replaceCatalog(_ catalog: MunitionCatalog) throws {
        try pool.write { db in
            let used = try String.fetchSet(db, sql: "SELECT DISTINCT munition FROM incidents WHERE munition IS NOT NULL")
            let missing = used.filter { !catalog.contains($0) }.sorted()
            guard missing.isEmpty else {
                throw StoreError.invalidValue(field: "munition catalog", value: missing.joined(separator: ", "),
                                              reason: "are used by stored incidents but missing from the new catalog")
            }
            try db.execute(sql: "DELETE FROM munitions")
            let columns = MunitionCatalog.columns.joined(separator: ", ")
            let marks = Array(repeating: "?", count: MunitionCatalog.columns.count).joined(separator: ", ")
            let insert = try db.makeStatement(sql: "INSERT INTO munitions (\(columns)) VALUES (\(marks))")
            for m in catalog.munitions {
                try insert.execute(arguments: [m.key, m.carrier, m.carrierType, m.delivery.rawValue, m.calibreMillimeters, m.submunition,
                                               m.submunitionType, m.submunitionsPerCarrier, m.footprintRadiusMeters, m.footprintRadiusSource,
                                               m.failureRateLow, m.failureRateHigh, m.failureRateSource, m.catalogSource, m.notes])
            }
        }
    }

    /// The stored munition catalog.
    public func catalog() throws(StoreError) -> MunitionCatalog {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM munitions ORDER BY key")
            return MunitionCatalog(rows.map { r in
                Munition(key: r["key"], carrier: r["carrier"], carrierType: r["carrier_type"],
                         delivery: Delivery(rawValue: r["delivery"]) ?? .unknown, calibreMillimeters: r["calibre_mm"],
                         submunition: r["submunition"], submunitionType: r["submunition_type"],
                         submunitionsPerCarrier: r["submunitions_per_carrier"], footprintRadiusMeters: r["footprint_radius_m"],
                         footprintRadiusSource: r["footprint_radius_source"], failureRateLow: r["failure_rate_low"],
                         failureRateHigh: r["failure_rate_high"], failureRateSource: r["failure_rate_source"],
                         catalogSource: r["catalog_source"], notes: r["notes"])
            })
        }
    }
}
