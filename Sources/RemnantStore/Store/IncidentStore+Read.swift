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
        var (clauses, args) = filter.attributeSQL()
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
            let ors = group.map { _ in "(r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ?)" }.joined(separator: " OR ")
            clauses.append("fid IN (SELECT r.id FROM rtree_incidents_geom r WHERE \(ors))")
            for b in group { args += [b.maxX, b.minX, b.maxY, b.minY] }
        }
        let whereSQL = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT \(Self.selectColumns) FROM incidents \(whereSQL) ORDER BY date_start, id"
        let arguments = StatementArguments(args.map { Self.databaseValue($0) })
        let near = filter.near
        var matches = try read { db in try Self.fetch(db, sql: sql, arguments: arguments, near: near) }
        if near != nil {
            matches.sort { ($0.distanceMeters!, $0.incident.id) < ($1.distanceMeters!, $1.incident.id) }
        }
        if let (context, prepared) = withinGeometry {
            do {
                matches = try matches.filter { m in try prepared.covers(try Geometry.point(m.incident.location, context: context)) }
            } catch {
                throw .invalidValue(field: "within", value: "polygon", reason: "\(error)")
            }
        }
        if let limit { matches = Array(matches.prefix(limit)) }
        return matches
    }

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

    // MARK: - Rows

    /// The columns ``incident(from:)`` reads, by position: GRDB's by-name row access
    /// lower-cases the name on every call, which dominated query time on large results.
    static let selectColumns = "id, date, date_precision, country, admin1, admin2, place, lon, lat, geo_precision, uncertainty_m, "
        + "site_type, munition, carriers, delivery, actor_alleged, attribution_confidence, evidence, unexploded_observed, "
        + "killed, injured, civilian, status, notes"

    /// Runs a statement selecting ``selectColumns`` and returns the incidents with their sources,
    /// in statement order. With `near`, rows beyond the radius are dropped by an exact geodesic
    /// test on the lon/lat columns before a record is built (an R-tree box holds ~27% more
    /// candidates than its circle), and each match carries its distance.
    static func fetch(_ db: Database, sql: String, arguments: StatementArguments,
                      near: (center: Coordinate, meters: Double)?) throws -> [IncidentMatch] {
        var found: [IncidentMatch] = []
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let reader = SQLiteRowReader(statement)
        defer { reader.reset() }
        while try reader.step(db.sqliteConnection!) {
            var distance: Double?
            if let near {
                let d = Geodesic.wgs84.distanceMeters(near.center, Coordinate(lon: reader.double(7) ?? 0, lat: reader.double(8) ?? 0))
                guard d <= near.meters else { continue }
                distance = d
            }
            found.append(IncidentMatch(incident: try incident(from: reader), distanceMeters: distance))
        }
        let sources = try Self.sources(db, ids: found.map(\.incident.id))
        for i in found.indices { found[i].incident.sources = sources[found[i].incident.id] ?? [] }
        return found
    }

    /// The incident in the current row of a statement selecting ``selectColumns``, without sources.
    static func incident(from r: SQLiteRowReader) throws -> Incident {
        let precision = DatePrecision(rawValue: r.text(2) ?? "day") ?? .day
        return Incident(
            id: r.text(0) ?? "", date: try IncidentDate(parsing: r.text(1) ?? "", precision: precision), country: r.text(3) ?? "",
            admin1: r.text(4), admin2: r.text(5), place: r.text(6),
            location: Coordinate(lon: r.double(7) ?? 0, lat: r.double(8) ?? 0),
            geoPrecision: r.int(9).flatMap(GeoPrecision.init(rawValue:)) ?? .region, uncertaintyMeters: r.double(10),
            siteType: r.text(11).flatMap(SiteType.init(rawValue:)) ?? .strike, munition: r.text(12), carriers: r.int(13),
            delivery: r.text(14).flatMap(Delivery.init(rawValue:)) ?? .unknown, actorAlleged: r.text(15),
            attributionConfidence: r.text(16).flatMap(AttributionConfidence.init(rawValue:)),
            evidence: r.text(17).flatMap(Evidence.init(rawValue:)) ?? .indirect,
            unexplodedObserved: r.bool(18), killed: r.int(19), injured: r.int(20), civilian: r.bool(21),
            status: r.text(22).flatMap(ReviewStatus.init(rawValue:)) ?? .reported, notes: r.text(23), sources: [])
    }

    static func sources(_ db: Database, ids: [String]) throws -> [String: [IncidentSource]] {
        var result: [String: [IncidentSource]] = [:]
        // Fixed-size chunks padded with NULLs: one cached statement serves every query.
        let chunkSize = 100
        let marks = Array(repeating: "?", count: chunkSize).joined(separator: ",")
        let statement = try db.cachedStatement(sql: "SELECT incident_id, organisation, title, date, url FROM incident_sources WHERE incident_id IN (\(marks)) ORDER BY incident_id, position")
        for start in stride(from: 0, to: ids.count, by: chunkSize) {
            var chunk: [String?] = Array(ids[start..<min(start + chunkSize, ids.count)])
            chunk += Array(repeating: nil, count: chunkSize - chunk.count)
            let rows = try Row.fetchCursor(statement, arguments: StatementArguments(chunk))
            while let r = try rows.next() {
                result[r[0], default: []].append(IncidentSource(organisation: r[1], title: r[2], date: r[3], url: r[4]))
            }
        }
        return result
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
