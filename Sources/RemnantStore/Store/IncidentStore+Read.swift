import Foundation
import GRDB
import GRDBSQLite
import RemnantGeometry

/// An incident found by a spatial query, with its geodesic distance in metres when the query
/// had a centre.
public struct IncidentMatch: Sendable {
    public var incident: Incident
    public var distanceMeters: Double?
}

extension IncidentStore {
    /// The incident with this id, with its sources.
    public func incident(id: String) throws(StoreError) -> Incident? {
        try read { db in
            try Self.fetch(db, sql: "SELECT \(Self.selectColumns) FROM incidents WHERE id = ?", arguments: [id], near: nil).first?.incident
        }
    }

    /// Up to `limit` stored ids containing `text` (case-insensitive), for "did you mean".
    public func ids(containing text: String, limit: Int) throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT id FROM incidents WHERE instr(lower(id), lower(?)) > 0 ORDER BY id LIMIT ?",
                                arguments: [text, limit])
        }
    }

    /// Incidents matching `filter`, ordered by date then id; with distances when the filter has
    /// `near`, then ordered by distance. Spatial criteria use the R-tree, then exact tests:
    /// geodesic distance (`geod_inverse`) for `near`, GEOS covers for `within`.
    public func incidents(matching filter: IncidentFilter = IncidentFilter(), limit: Int? = nil) throws(StoreError) -> [IncidentMatch] {
        var matches: [IncidentMatch] = []
        do {
            try forEachIncident(matching: filter, limit: limit) { matches.append($0) }
        } catch let e as StoreError { throw e } catch { throw .database(message: "\(error)") }
        return matches
    }

    /// The order in which ``forEachIncident(matching:order:limit:_:)`` delivers incidents
    /// without `near` (with `near`, always nearest first).
    public enum Order: Sendable {
        /// By the first day of the date period, then id.
        case date
        /// In storage (import) order: one sequential pass over the table, the fastest for exports.
        /// Sorting a million rows by date reads them in random order, about 9× slower.
        case storage
        /// Grouped by country code (ascending), storage order within each: per-country groups
        /// (KML folders) while streaming, one sequential pass per large country and row-id
        /// look-ups for the small ones (see ``countryQueries(_:filter:)``).
        case countryThenStorage
    }

    /// Calls `body` for every incident matching `filter`, with its sources, in one read
    /// transaction (a consistent snapshot) at constant memory: rows are decoded, with the sources
    /// on their row (`sources_json`), in batches of ``streamBatchSize``. With `near` the matches (all
    /// within the radius) are collected and delivered nearest first. Errors thrown by `body`
    /// are rethrown unchanged; store failures are ``StoreError``.
    public func forEachIncident(matching filter: IncidentFilter = IncidentFilter(), order: Order = .date, limit: Int? = nil,
                                _ body: (IncidentMatch) throws -> Void) throws {
        var delivered = 0
        func deliver(_ m: IncidentMatch) throws -> Bool {
            if let limit, delivered >= limit { return false }
            try body(m)
            delivered += 1
            return true
        }
        var bodyError: (any Error)?
        do {
            try pool.read { db in
                if let near = filter.near {
                    // R-tree entries near enough on the sphere, then their rows by id in storage
                    // order, then the exact geodesic test on each row's own lon/lat.
                    let candidates = try Self.nearCandidates(db, near: near)
                    var rest = filter
                    rest.near = nil
                    var all: [IncidentMatch] = []
                    // Hundreds of matches: build the records on a second thread while this one reads.
                    let pipeline = candidates.count >= Self.pipelineMinimumCandidates
                        ? IncidentDecodePipeline() : nil
                    defer { pipeline?.close(discarding: true) }
                    var queries: [Int: (sql: String, arguments: StatementArguments, within: (GEOSContext, PreparedGeometry)?)] = [:]
                    var start = 0
                    while start < candidates.count {
                        // The fewest slots that hold the rest (binding and SQLite's IN list cost
                        // per slot, padding included), from a few sizes so statements are cached.
                        let slots = Self.candidateSlotSizes.first { $0 >= candidates.count - start } ?? Self.candidateSlotSizes.last!
                        let end = min(start + slots, candidates.count)
                        let query = try queries[slots] ?? {
                            let q = try Self.query(for: rest, order: order, ordered: false, candidateSlots: slots)
                            // The slots start as NULL; stream binds the row ids over them.
                            return (q.sql, q.arguments + StatementArguments([Int64?](repeating: nil, count: slots)), q.within)
                        }()
                        queries[slots] = query
                        try Self.stream(db, sql: query.sql, arguments: query.arguments, rowIDs: candidates[start..<end], near: near,
                                        within: query.within, pipeline: pipeline) { all.append(contentsOf: $0); return true }
                        start = end
                    }
                    if let pipeline { all = try pipeline.finish() }
                    // Sort (distance, index) keys, not the matches: moving hundreds of large
                    // records around was most of a 5 km query's time.
                    let keys = all.indices.map { (distance: all[$0].distanceMeters!, index: $0) }.sorted { a, b in
                        a.distance != b.distance ? a.distance < b.distance : all[a.index].incident.id < all[b.index].incident.id
                    }
                    for k in keys {
                        do { guard try deliver(all[k.index]) else { break } } catch { bodyError = error; throw error }
                    }
                } else {
                    // A full pass would map the whole file into memory (and resident size):
                    // stream through SQLite's page cache instead, and restore the mapping
                    // afterwards. A distance search touches a few pages and keeps the mapping.
                    try db.execute(sql: "PRAGMA mmap_size = 0")
                    defer { try? db.execute(sql: "PRAGMA mmap_size = \(Self.mmapSize)") }
                    var queries: [(sql: String, arguments: StatementArguments, within: (GEOSContext, PreparedGeometry)?)] = []
                    if order == .countryThenStorage {
                        queries = try Self.countryQueries(db, filter: filter)
                    } else {
                        queries.append(try Self.query(for: filter, order: order))
                    }
                    var more = true
                    for query in queries where more {
                        try Self.stream(db, sql: query.sql, arguments: query.arguments, near: nil, within: query.within) { batch in
                            for m in batch {
                                do { guard try deliver(m) else { more = false; return false } } catch { bodyError = error; throw error }
                            }
                            return true
                        }
                    }
                }
            }
        } catch {
            if let bodyError { throw bodyError }
            if let e = error as? StoreError { throw e }
            throw StoreError.database(message: "\(error)")
        }
    }

    /// What the spatial and attribute criteria of `filter` select before the exact tests: the
    /// number of candidate rows, their lon/lat extent and the most sources any of them cites.
    /// Writers that need these before streaming (a KML LookAt, a fixed CSV or KML column list)
    /// read them here in one aggregate query; candidates are a superset of the exact matches.
    public func candidateSummary(matching filter: IncidentFilter = IncidentFilter()) throws(StoreError) -> (count: Int, extent: BoundingBox?, maxSources: Int) {
        let query = try Self.query(for: filter, order: .date, columns: "count(*), min(lon), min(lat), max(lon), max(lat), max(source_count)", ordered: false)
        return try read { db in
            try db.execute(sql: "PRAGMA mmap_size = 0")  // a full pass; see forEachIncident
            defer { try? db.execute(sql: "PRAGMA mmap_size = \(Self.mmapSize)") }
            guard let row = try Row.fetchOne(db, sql: query.sql, arguments: query.arguments) else { return (0, nil, 0) }
            let count: Int = row[0]
            guard count > 0, let minX: Double = row[1], let minY: Double = row[2], let maxX: Double = row[3], let maxY: Double = row[4] else {
                return (0, nil, 0)
            }
            return (count, BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY), row[5] ?? 0)
        }
    }

    /// The SQL for a filter's attribute and R-tree criteria, and the prepared polygon of `within`.
    /// With `candidateSlots`, the rows are further limited to that many row ids, bound after
    /// the returned arguments (NULL for an unused slot).
    /// With `country`, only that country, read in storage order: by a sequential pass over the
    /// table (`+country` keeps SQLite from the country index, whose row look-ups cost more than
    /// a pass for a large share of the rows), or with `bySeeks`, by looking up the row ids the
    /// country index lists, in ascending order (cheaper for a small share).
    static func query(for filter: IncidentFilter, order: Order, columns: String = selectColumns, ordered: Bool = true,
                      country: String? = nil, bySeeks: Bool = false, candidateSlots: Int = 0) throws(StoreError)
        -> (sql: String, arguments: StatementArguments, within: (GEOSContext, PreparedGeometry)?) {
        var (clauses, args) = filter.attributeSQL()
        if let country {
            clauses.append(bySeeks ? "fid IN (SELECT fid FROM incidents WHERE country = ?)" : "+country = ?")
            args.append(country)
        }
        var withinBox: BoundingBox?
        var withinGeometry: (GEOSContext, PreparedGeometry)?
        if let wkb = filter.within {
            let context = GEOSContext()
            do {
                let g = try Geometry(wkb: wkb, context: context)
                withinBox = try g.boundingBox()
                withinGeometry = (context, try PreparedGeometry(g))
            } catch {
                throw .invalidValue(field: "within", value: "polygon", reason: "\(error)")
            }
        }
        // Spatial criteria combine with AND; the boxes within one criterion (two halves of an
        // antimeridian-crossing box) combine with OR. Each group is one R-tree sub-query.
        var spatialGroups: [[BoundingBox]] = []
        if let bbox = filter.bbox { spatialGroups.append(Geodesic.splitAntimeridian(bbox)) }
        if let near = filter.near { spatialGroups.append(Geodesic.searchBoxes(around: near.center, meters: near.meters)) }
        if filter.within != nil { spatialGroups.append(withinBox.map { [$0] } ?? []) }
        for group in spatialGroups {
            if group.isEmpty {
                clauses.append("0")  // an empty polygon holds nothing
                continue
            }
            let overlap = Self.rtreeOverlap(group)
            clauses.append("fid IN (SELECT id FROM rtree_incidents_geom WHERE \(overlap.sql))")
            args += overlap.arguments
        }
        // Last, so the caller appends its row ids after every other argument.
        if candidateSlots > 0 {
            clauses.append("fid IN (\(Array(repeating: "?", count: candidateSlots).joined(separator: ",")))")
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let orderSQL = !ordered ? "" : order == .date ? "ORDER BY date_start, id" : "ORDER BY fid"
        let sql = "SELECT \(columns) FROM incidents \(whereSQL) \(orderSQL)"
        return (sql, StatementArguments(args.map { Self.databaseValue($0) }), withinGeometry)
    }

    /// One query per country (ascending code) for ``Order/countryThenStorage``, each in storage
    /// order. A country with less than ``seekShare`` of the rows is read by row-id look-ups from
    /// the country index, the others by a sequential pass each: on the 1M synthetic store, where
    /// three countries hold 4–5% of the rows each, this takes the three small passes from about
    /// 0.5 s of CPU each to about 0.2 s (sqlite3 shell, same queries).
    static func countryQueries(_ db: Database, filter: IncidentFilter) throws
        -> [(sql: String, arguments: StatementArguments, within: (GEOSContext, PreparedGeometry)?)] {
        let counts = try Row.fetchAll(db, sql: "SELECT country, count(*) FROM incidents GROUP BY country ORDER BY country")
        let total = counts.reduce(0) { $0 + ($1[1] as Int) }
        return try counts.map { row in
            let share = Double(row[1] as Int) / Double(max(1, total))
            return try Self.query(for: filter, order: .storage, country: row[0] as String, bySeeks: share < Self.seekShare)
        }
    }

    /// The share of the rows below which a country is read by row-id look-ups, not a pass.
    static let seekShare = 0.1

    /// The `k` incidents nearest to `point` by geodesic distance, nearest first. Searches the
    /// R-tree in growing boxes until k incidents lie within the box's guaranteed radius.
    public func nearest(to point: Coordinate, k: Int, filter: IncidentFilter = IncidentFilter()) throws(StoreError) -> [IncidentMatch] {
        guard k > 0 else { return [] }
        // Everything within r of the point is found exactly; once k lie within r, no incident
        // outside r can be nearer. 20,037,509 m (half the equator) reaches every point on Earth.
        var radius = 5_000.0
        while true {
            var f = filter
            f.near = (point, radius)
            let found = try incidents(matching: f)
            if found.count >= k || radius >= 20_037_509 { return Array(found.prefix(k)) }
            radius = min(radius * 4, 20_037_509)
        }
    }

    /// Row ids (ascending) that may lie within `near`: R-tree entries inside the search boxes
    /// whose spherical distance (haversine) is within the radius widened by the sphere's error
    /// bound and by 2 m for the R-tree's float32 rounding. A box holds about 27% more entries
    /// than its circle; those rows are never read. The exact geodesic test follows on each row.
    static func nearCandidates(_ db: Database, near: (center: Coordinate, meters: Double)) throws -> [Int64] {
        let boxes = Geodesic.searchBoxes(around: near.center, meters: near.meters)
        let overlap = Self.rtreeOverlap(boxes)
        let statement = try db.cachedStatement(sql: "SELECT id, minx, maxx, miny, maxy FROM rtree_incidents_geom WHERE \(overlap.sql)")
        try statement.setArguments(StatementArguments(overlap.arguments))
        let reader = SQLiteRowReader(statement)
        defer { reader.reset() }
        let limit = near.meters * (1 + Geodesic.sphericalRelativeErrorBound) + 2
        var ids: [Int64] = []
        while try reader.step(db.sqliteConnection!) {
            let p = Coordinate(lon: ((reader.double(1) ?? 0) + (reader.double(2) ?? 0)) / 2,
                               lat: ((reader.double(3) ?? 0) + (reader.double(4) ?? 0)) / 2)
            if Geodesic.sphericalDistanceMeters(near.center, p) <= limit { ids.append(Int64(reader.int(0) ?? 0)) }
        }
        ids.sort()
        return ids
    }

    /// The R-tree condition "the entry's box overlaps one of `boxes`" (boxes OR-ed: the two halves
    /// of an antimeridian-crossing box) and its arguments, four per box.
    static func rtreeOverlap(_ boxes: [BoundingBox]) -> (sql: String, arguments: [Double]) {
        let sql = boxes.map { _ in "(minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?)" }.joined(separator: " OR ")
        return (sql, boxes.flatMap { [$0.maxX, $0.minX, $0.maxY, $0.minY] })
    }

    /// Row-id slots per statement when reading a near query's candidates: 512 slots for a 1 km
    /// query's 40 candidates cost more than reading them (0.97 against 0.71 ms p50).
    static let candidateSlotSizes = [16, 32, 64, 128, 256]

    /// Near queries with at least this many candidates decode on two threads
    /// (``IncidentDecodePipeline``); for fewer, handing batches over costs more than it saves.
    static let pipelineMinimumCandidates = 96

    /// Rows per batch handed to the decoding thread.
    static let pipelineBatchRows = 32

    // MARK: - Rows

    /// The columns ``incident(from:)`` reads, by position: GRDB's by-name row access
    /// lower-cases the name on every call, which dominated query time on large results.
    static let selectColumns = "id, date, date_precision, country, admin1, admin2, place, lon, lat, geo_precision, uncertainty_m, "
        + "site_type, munition, carriers, delivery, actor_alleged, attribution_confidence, evidence, unexploded_observed, "
        + "killed, injured, civilian, status, notes, date_start, date_end, sources_json"

    /// Rows decoded per batch while streaming.
    static let streamBatchSize = 500

    /// Runs a statement selecting ``selectColumns`` and returns the incidents with their sources,
    /// in statement order.
    static func fetch(_ db: Database, sql: String, arguments: StatementArguments,
                      near: (center: Coordinate, meters: Double)?) throws -> [IncidentMatch] {
        var found: [IncidentMatch] = []
        try stream(db, sql: sql, arguments: arguments, near: near, within: nil) { found += $0; return true }
        return found
    }

    /// Runs a statement selecting ``selectColumns`` and hands the incidents, with their sources,
    /// to `each` in batches of at most ``streamBatchSize``, in statement order, until `each`
    /// returns false. With `near`, rows beyond the radius are dropped by an exact geodesic test
    /// on the lon/lat columns before a record is built (an R-tree box holds ~27% more candidates
    /// than its circle), and each match carries its distance; with `within`, rows outside the
    /// polygon (GEOS covers) are dropped.
    /// With `pipeline`, the rows are copied and submitted to it in batches of
    /// ``pipelineBatchRows`` instead, `each` is not called, and the exact `near` test runs on the
    /// decoding threads (``IncidentRowBatch/pendingNear``).
    /// `rowIDs` are bound, as integers, over the last `rowIDs.count` of `arguments`, which must be
    /// candidate slots of ``query(for:order:columns:ordered:country:bySeeks:candidateSlots:)``
    /// (NULL in `arguments`, at least as many as `rowIDs`): no argument list is built per chunk.
    static func stream(_ db: Database, sql: String, arguments: StatementArguments, rowIDs: ArraySlice<Int64> = [],
                       near: (center: Coordinate, meters: Double)?, within: (GEOSContext, PreparedGeometry)?,
                       pipeline: IncidentDecodePipeline? = nil,
                       each: ([IncidentMatch]) throws -> Bool) throws {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let reader = SQLiteRowReader(statement)
        defer { reader.reset() }
        // An IN list is a set: the ids take the last slots, and the unused ones before them stay NULL.
        var parameter = sqlite3_bind_parameter_count(reader.handle) - Int32(rowIDs.count)
        for id in rowIDs {
            parameter += 1
            guard sqlite3_bind_int64(reader.handle, parameter, id) == SQLITE_OK else {
                throw StoreError.database(message: String(cString: sqlite3_errmsg(db.sqliteConnection!)))
            }
        }
        var batch: [IncidentMatch] = []
        batch.reserveCapacity(pipeline == nil ? streamBatchSize : 0)
        // Copied rows get the exact distance test where they are decoded.
        let nearHere = pipeline == nil ? near : nil
        func newCopy() -> IncidentRowBatch {
            IncidentRowBatch(reserving: pipeline == nil ? 0 : pipelineBatchRows, pendingNear: pipeline == nil ? nil : near)
        }
        var copied = newCopy()
        func flush() throws -> Bool {
            defer { batch.removeAll(keepingCapacity: true) }
            guard !batch.isEmpty else { return true }
            return try each(batch)
        }
        while try reader.step(db.sqliteConnection!) {
            var distance: Double?
            if nearHere != nil || within != nil {
                let location = Self.location(reader)
                if let near = nearHere {
                    guard let d = Self.distanceMeters(from: near, to: location) else { continue }
                    distance = d
                }
                if let (context, prepared) = within {
                    guard try prepared.covers(try Geometry.point(location, context: context)) else { continue }
                }
            }
            if let pipeline {
                copied.append(reader.handle, distance: distance)
                if copied.count == pipelineBatchRows {
                    pipeline.submit(copied)
                    copied = newCopy()
                }
                continue
            }
            batch.append(IncidentMatch(incident: try incident(from: reader), distanceMeters: distance))
            if batch.count >= streamBatchSize, try !flush() { return }
        }
        if let pipeline, copied.count > 0 { pipeline.submit(copied) }
        _ = try flush()
    }

    /// The incident in the current row of a statement selecting ``selectColumns``, with its
    /// sources from `sources_json` (NULL only on a row another tool added without sources).
    static func incident(from r: some IncidentColumns) throws -> Incident {
        let precision = DatePrecision(rawValue: r.text(2) ?? "day") ?? .day
        let id = r.text(0) ?? ""
        let sources = try r.bytes(26).map { try IncidentSource.sources(jsonArray: $0, incident: id) } ?? []
        return Incident(
            id: id, date: try IncidentDate(stored: r.text(1) ?? "", precision: precision, firstDay: r.text(24) ?? "", lastDay: r.text(25) ?? ""),
            country: r.text(3) ?? "",
            admin1: r.text(4), admin2: r.text(5), place: r.text(6),
            location: location(r),
            geoPrecision: r.int(9).flatMap(GeoPrecision.init(rawValue:)) ?? .region, uncertaintyMeters: r.double(10),
            siteType: r.text(11).flatMap(SiteType.init(rawValue:)) ?? .strike, munition: r.text(12), carriers: r.int(13),
            delivery: r.text(14).flatMap(Delivery.init(rawValue:)) ?? .unknown, actorAlleged: r.text(15),
            attributionConfidence: r.text(16).flatMap(AttributionConfidence.init(rawValue:)),
            evidence: r.text(17).flatMap(Evidence.init(rawValue:)) ?? .indirect,
            unexplodedObserved: r.bool(18), killed: r.int(19), injured: r.int(20), civilian: r.bool(21),
            status: r.text(22).flatMap(ReviewStatus.init(rawValue:)) ?? .reported, notes: r.text(23), sources: sources)
    }

    /// The lon/lat of the current row of a statement selecting ``selectColumns``.
    static func location(_ r: some IncidentColumns) -> Coordinate {
        Coordinate(lon: r.double(7) ?? 0, lat: r.double(8) ?? 0)
    }

    /// The exact test of a `near` query: the geodesic distance in metres (WGS84, `geod_inverse`)
    /// from the centre to `location`, or nil when it is beyond the radius. Rows read here and rows
    /// decoded on another thread (``IncidentRowBatch/matches()``) both go through it.
    static func distanceMeters(from near: (center: Coordinate, meters: Double), to location: Coordinate) -> Double? {
        let d = Geodesic.wgs84.distanceMeters(near.center, location)
        return d <= near.meters ? d : nil
    }

    static func databaseValue(_ v: (any Sendable)?) -> DatabaseValueConvertible? {
        switch v {
        case let s as String: s
        case let d as Double: d
        case let i as Int: i
        default: nil
        }
    }
}
