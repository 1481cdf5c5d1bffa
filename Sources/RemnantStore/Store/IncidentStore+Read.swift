import Foundation
import GRDB
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
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.selectColumns) FROM incidents WHERE id = ?", arguments: [id]) else { return nil }
            return try Self.incident(from: row, sources: try Self.sources(db, ids: [id])[id] ?? [])
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
        if let bbox = filter.bbox { spatialGroups.append(Self.splitAntimeridian(bbox)) }
        if let near = filter.near { spatialGroups.append(Self.searchBoxes(around: near.center, meters: near.meters)) }
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
        var matches: [IncidentMatch] = try read { db in
            var incidents: [Incident] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() { incidents.append(try Self.incident(from: row, sources: [])) }
            let sources = try Self.sources(db, ids: incidents.map(\.id))
            return incidents.map { i in
                var incident = i
                incident.sources = sources[i.id] ?? []
                return IncidentMatch(incident: incident, distanceMeters: nil)
            }
        }
        if let near = filter.near {
            matches = matches.compactMap { m in
                let d = Geodesic.wgs84.distanceMeters(near.center, m.incident.location)
                return d <= near.meters ? IncidentMatch(incident: m.incident, distanceMeters: d) : nil
            }
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

    /// The columns ``incident(from:sources:)`` reads, by position: GRDB's by-name row access
    /// lower-cases the name on every call, which dominated query time on large results.
    static let selectColumns = "id, date, date_precision, country, admin1, admin2, place, lon, lat, geo_precision, uncertainty_m, "
        + "site_type, munition, carriers, delivery, actor_alleged, attribution_confidence, evidence, unexploded_observed, "
        + "killed, injured, civilian, status, notes"

    static func incident(from row: Row, sources: [IncidentSource]) throws -> Incident {
        let precision = DatePrecision(rawValue: row[2]) ?? .day
        return Incident(
            id: row[0], date: try IncidentDate(parsing: row[1], precision: precision), country: row[3],
            admin1: row[4], admin2: row[5], place: row[6],
            location: Coordinate(lon: row[7], lat: row[8]),
            geoPrecision: GeoPrecision(rawValue: row[9]) ?? .region, uncertaintyMeters: row[10],
            siteType: SiteType(rawValue: row[11]) ?? .strike, munition: row[12], carriers: row[13],
            delivery: Delivery(rawValue: row[14]) ?? .unknown, actorAlleged: row[15],
            attributionConfidence: (row[16] as String?).flatMap(AttributionConfidence.init(rawValue:)),
            evidence: Evidence(rawValue: row[17]) ?? .indirect,
            unexplodedObserved: row[18], killed: row[19], injured: row[20], civilian: row[21],
            status: ReviewStatus(rawValue: row[22]) ?? .reported, notes: row[23], sources: sources)
    }

    static func sources(_ db: Database, ids: [String]) throws -> [String: [IncidentSource]] {
        var result: [String: [IncidentSource]] = [:]
        // Chunk to stay under SQLite's variable limit.
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: "SELECT incident_id, organisation, title, date, url FROM incident_sources WHERE incident_id IN (\(marks)) ORDER BY incident_id, position",
                                           arguments: StatementArguments(chunk))
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

    // MARK: - Search boxes

    static func searchBoxes(around center: Coordinate, meters: Double) -> [BoundingBox] {
        Geodesic.searchBoxes(around: center, meters: meters)
    }

    static func splitAntimeridian(_ b: BoundingBox) -> [BoundingBox] {
        Geodesic.splitAntimeridian(b)
    }
}
