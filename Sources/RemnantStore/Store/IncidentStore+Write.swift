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
    private var extent: BoundingBox?

    init(db: Database, policy: ExistingPolicy) {
        self.db = db
        self.policy = policy
    }

    private static let columns = ["geom", "id", "date", "date_precision", "date_start", "date_end", "country", "admin1", "admin2",
                                  "place", "lon", "lat", "geo_precision", "uncertainty_m", "site_type", "munition", "carriers",
                                  "delivery", "actor_alleged", "attribution_confidence", "evidence", "unexploded_observed",
                                  "killed", "injured", "civilian", "status", "notes", "source_count", "first_source_url"]

    private static let insertSQL: String = {
        let cols = columns.joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return "INSERT INTO incidents (\(cols)) VALUES (\(marks)) ON CONFLICT(id) DO NOTHING RETURNING fid"
    }()

    private static let updateSQL: String = {
        let sets = columns.dropFirst(2).map { "\($0) = ?" }.joined(separator: ", ")
        return "UPDATE incidents SET geom = ?, \(sets) WHERE id = ? RETURNING fid"
    }()

    /// Adds or updates one incident, its sources and its R-tree entry.
    public func write(_ incident: Incident) throws {
        let values = Self.values(of: incident)
        let insert = try db.cachedStatement(sql: Self.insertSQL)
        var fid = try Int64.fetchOne(insert, arguments: StatementArguments(values))
        if fid == nil {
            switch policy {
            case .skip:
                summary.skipped += 1
                return
            case .update:
                let update = try db.cachedStatement(sql: Self.updateSQL)
                var arguments: [DatabaseValueConvertible?] = [values[0]]
                arguments += values.dropFirst(2)
                arguments.append(incident.id)
                fid = try Int64.fetchOne(update, arguments: StatementArguments(arguments))
                try db.cachedStatement(sql: "DELETE FROM incident_sources WHERE incident_id = ?").execute(arguments: [incident.id])
                summary.updated += 1
            }
        } else {
            summary.inserted += 1
        }
        guard let fid else { throw StoreError.database(message: "no row id for \(incident.id)") }
        let rtree = try db.cachedStatement(sql: "INSERT OR REPLACE INTO rtree_incidents_geom VALUES (?, ?, ?, ?, ?)")
        let p = incident.location
        try rtree.execute(arguments: [fid, p.lon, p.lon, p.lat, p.lat])
        let source = try db.cachedStatement(sql: "INSERT INTO incident_sources (incident_id, position, organisation, title, date, url) VALUES (?, ?, ?, ?, ?, ?)")
        for (i, s) in incident.sources.enumerated() {
            try source.execute(arguments: [incident.id, i + 1, s.organisation, s.title, s.date, s.url])
        }
        if extent == nil {
            extent = BoundingBox(minX: p.lon, minY: p.lat, maxX: p.lon, maxY: p.lat)
        } else {
            extent!.expand(toInclude: p)
        }
    }

    static func values(of i: Incident) -> [DatabaseValueConvertible?] {
        [GeoPackageBinary.point(i.location), i.id, i.date.iso, i.date.precision.rawValue, i.date.firstDay, i.date.lastDay,
         i.country, i.admin1, i.admin2, i.place, i.location.lon, i.location.lat, i.geoPrecision.rawValue, i.uncertaintyMeters,
         i.siteType.rawValue, i.munition, i.carriers, i.delivery.rawValue, i.actorAlleged, i.attributionConfidence?.rawValue,
         i.evidence.rawValue, i.unexplodedObserved, i.killed, i.injured, i.civilian, i.status.rawValue, i.notes,
         i.sources.count, i.sources.first?.url]
    }

    /// Recomputes the layer extent in `gpkg_contents` and stamps `last_change`.
    func finish() throws {
        try db.execute(sql: """
            UPDATE gpkg_contents SET
              min_x = (SELECT min(minx) FROM rtree_incidents_geom), max_x = (SELECT max(maxx) FROM rtree_incidents_geom),
              min_y = (SELECT min(miny) FROM rtree_incidents_geom), max_y = (SELECT max(maxy) FROM rtree_incidents_geom),
              last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
            WHERE table_name = 'incidents'
            """)
    }
}

extension IncidentStore {
    /// Runs `body` in one write transaction with the R-tree triggers lifted (see
    /// ``GeoPackageSchema/dropRTreeTriggers(_:)``). Commits when `body` returns and `dryRun` is
    /// false; rolls back on any error or on a dry run, leaving the file byte-for-byte unchanged.
    public func write(policy: ExistingPolicy = .update, dryRun: Bool = false,
                      _ body: (StoreWriteSession) throws -> Void) throws -> WriteSummary {
        struct DryRunRollback: Error { var summary: WriteSummary }
        do {
            return try pool.writeWithoutTransaction { db in
                // A 64 MiB page cache keeps a large import's B-tree pages in memory instead of
                // spilling them to the WAL mid-transaction.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                var summary = WriteSummary()
                try db.inTransaction(.immediate) {
                    try GeoPackageSchema.dropRTreeTriggers(db)
                    let session = StoreWriteSession(db: db, policy: policy)
                    try body(session)
                    try GeoPackageSchema.createRTreeTriggers(db)
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
            let insert = try db.makeStatement(sql: "INSERT INTO munitions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
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
