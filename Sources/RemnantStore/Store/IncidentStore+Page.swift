import GRDB
import RemnantGeometry

extension IncidentStore {
    /// One page of the incidents matching `filter` (ordered by date, then id) and how many match
    /// in all, read in one transaction so the two agree; for paged feeds (OGC API – Features).
    /// Attribute and bbox criteria only: the page is cut by SQL `LIMIT`/`OFFSET`.
    /// - Parameter matched: the count for this filter when the caller already knows it for the
    ///   current data (a feed pages through one result): the `count(*)` pass is then skipped.
    /// - Throws: ``StoreError/invalidValue(field:value:reason:)`` for a filter with `near` or
    ///   `within`, whose exact tests run after SQL.
    public func page(matching filter: IncidentFilter, offset: Int, limit: Int, matched known: Int? = nil) throws(StoreError)
        -> (matched: Int, incidents: [Incident]) {
        guard filter.near == nil && filter.within == nil else {
            throw .invalidValue(field: "filter", value: "near/within", reason: "paged reads take attribute and bbox criteria only")
        }
        let counting = try Self.query(for: filter, order: .date, columns: "count(*)", ordered: false)
        let rows = try Self.query(for: filter, order: .date)
        let sql = rows.sql + " LIMIT \(max(0, limit)) OFFSET \(max(0, offset))"
        return try read { db in
            let matched = try known ?? Int.fetchOne(db, sql: counting.sql, arguments: counting.arguments) ?? 0
            var incidents: [Incident] = []
            if offset < matched && limit > 0 {
                incidents.reserveCapacity(min(limit, matched - offset))
                try Self.stream(db, sql: sql, arguments: rows.arguments, near: nil, within: nil) { batch in
                    incidents += batch.map(\.incident)
                    return true
                }
            }
            return (matched, incidents)
        }
    }

    /// The first and last day (`YYYY-MM-DD`) of all incidents' date periods, nil when empty.
    public func dateRange() throws(StoreError) -> (first: String, last: String)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT min(date_start), max(date_end) FROM incidents"),
                  let first: String = row[0], let last: String = row[1] else { return nil }
            return (first, last)
        }
    }
}
