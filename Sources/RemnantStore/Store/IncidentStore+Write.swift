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
        insertSource = try SQLiteBulkStatement(db, sql: "INSERT INTO incident_sources (incident_id, position, organisation, title, date, url) VALUES (?, ?, ?, ?, ?, ?)")
    }

    /// The secondary indexes (`GeoPackageSchema.secondaryIndexes`), dropped during a bulk load
    /// and rebuilt before the commit. The `id` uniqueness index stays: upserts rely on it.
    static let secondaryIndexNames = ["incidents_country_date", "incidents_date", "incidents_date_id", "incident_sources_position"]

    /// Once a write has inserted ``bulkRows`` new rows and they are at least a quarter of the
    /// table, drops the secondary indexes; ``restoreIndexes()`` rebuilds them (by sorting) before
    /// the transaction commits, so no reader ever sees the table without them.
    private func deferIndexesIfBulk() throws {
        guard !indexesDeferred, summary.inserted == Self.bulkRows, summary.updated == 0, Self.bulkRows * 4 >= rowsBefore else { return }
        for name in Self.secondaryIndexNames { try db.execute(sql: "DROP INDEX \(name)") }
        indexesDeferred = true
    }

    /// Rebuilds the secondary indexes dropped by ``deferIndexesIfBulk()``.
    private func restoreIndexes() throws {
        guard indexesDeferred else { return }
        try db.execute(sql: GeoPackageSchema.secondaryIndexes)
        indexesDeferred = false
    }

    private static let columns = ["geom", "id", "date", "date_precision", "date_start", "date_end", "country", "admin1", "admin2",
                                  "place", "lon", "lat", "geo_precision", "uncertainty_m", "site_type", "munition", "carriers",
                                  "delivery", "actor_alleged", "attribution_confidence", "evidence", "unexploded_observed",
                                  "killed", "injured", "civilian", "status", "notes", "source_count", "first_source_url", "sources_json"]

    private static let insertSQL: String = {
        let cols = columns.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO incidents (\(cols)) VALUES (\(marks)) ON CONFLICT(id) DO NOTHING"
    }()

    private static let updateSQL: String = {
        let sets = columns.dropFirst(2).map { "\($0) = ?" }.joined(separator: ", ")
        return "UPDATE incidents SET geom = ?, \(sets) WHERE id = ? RETURNING fid"
    }()

    /// Bytes of the geometry and the sources JSON of the row being bound, reused row after row.
    private var geometryBytes: [UInt8] = []
    private var sourcesBytes: [UInt8] = []

    /// Binds the incident's columns, in `columns` order (less `id` when `skipID`).
    private func bind(_ i: Incident, to s: inout SQLiteBulkStatement, skipID: Bool = false) {
        geometryBytes.removeAll(keepingCapacity: true)
        GeoPackageBinary.appendPoint(i.location, to: &geometryBytes)
        geometryBytes.withUnsafeBytes { s.bind(blob: $0) }
        if !skipID { s.bind(i.id) }
        s.bind(i.date.iso)
        s.bind(i.date.precision.rawValue)
        s.bind(i.date.firstDay)
        s.bind(i.date.lastDay)
        s.bind(i.country)
        s.bind(i.admin1)
        s.bind(i.admin2)
        s.bind(i.place)
        s.bind(i.location.lon)
        s.bind(i.location.lat)
        s.bind(i.geoPrecision.rawValue)
        s.bind(i.uncertaintyMeters)
        s.bind(i.siteType.rawValue)
        s.bind(i.munition)
        s.bind(i.carriers)
        s.bind(i.delivery.rawValue)
        s.bind(i.actorAlleged)
        s.bind(i.attributionConfidence?.rawValue)
        s.bind(i.evidence.rawValue)
        s.bind(i.unexplodedObserved)
        s.bind(i.killed)
        s.bind(i.injured)
        s.bind(i.civilian)
        s.bind(i.status.rawValue)
        s.bind(i.notes)
        s.bind(i.sources.count)
        s.bind(i.sources.first?.url)
        sourcesBytes.removeAll(keepingCapacity: true)
        IncidentSource.appendJSONArray(i.sources, to: &sourcesBytes)
        sourcesBytes.withUnsafeBytes { s.bind(text: $0) }
    }

    /// Adds or updates one incident, its sources and its R-tree entry.
    public func write(_ incident: Incident) throws {
        bind(incident, to: &insertIncident)
        try insertIncident.execute()
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
                var update = try SQLiteBulkStatement(db, sql: Self.updateSQL)
                bind(incident, to: &update, skipID: true)
                update.bind(incident.id)
                try update.execute()
                guard let found = try Int64.fetchOne(db, sql: "SELECT fid FROM incidents WHERE id = ?", arguments: [incident.id]) else {
                    throw StoreError.database(message: "no row id for \(incident.id)")
                }
                fid = found
                try db.execute(sql: "DELETE FROM incident_sources WHERE incident_id = ?", arguments: [incident.id])
                summary.updated += 1
            }
        }
        let p = incident.location
        spatial.append(RTreeBulkLoader.Entry(id: fid, minX: p.lon, maxX: p.lon, minY: p.lat, maxY: p.lat))
        for (n, s) in incident.sources.enumerated() {
            insertSource.bind(incident.id)
            insertSource.bind(n + 1)
            insertSource.bind(s.organisation)
            insertSource.bind(s.title)
            insertSource.bind(s.date)
            insertSource.bind(s.url)
            try insertSource.execute()
        }
    }

    /// Writes the R-tree entries, recomputes the layer extent in `gpkg_contents` and stamps
    /// `last_change`. At 10,000 rows or more (and at least a quarter of the table) rebuilding the
    /// whole R-tree by STR packing is faster than inserting, and gives a better-packed tree.
    func finish() throws {
        try restoreIndexes()
        let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM incidents") ?? 0
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
            try RTreeBulkLoader.rebuild(db, table: "rtree_incidents_geom", entries: all)
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
    /// Runs `body` in one write transaction with the R-tree and source-summary triggers lifted (see
    /// ``GeoPackageSchema/dropRTreeTriggers(_:)`` and ``GeoPackageSchema/dropSourceTriggers(_:)``). Commits when `body` returns and `dryRun` is
    /// false; rolls back on any error or on a dry run, leaving the file byte-for-byte unchanged.
    public func write(policy: ExistingPolicy = .update, dryRun: Bool = false,
                      _ body: (StoreWriteSession) throws -> Void) throws -> WriteSummary {
        do {
            return try pool.writeWithoutTransaction { db in
                // A 64 MiB page cache keeps a large import's hot B-tree pages in memory.
                try db.execute(sql: "PRAGMA cache_size = -65536")
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
                if !dryRun { _ = try? db.checkpoint(.passive) }
                return summary
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError.database(message: error.message ?? "\(error)")
        }
    }

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
