import GRDB
import RemnantGeometry

extension IncidentStore {
    /// The row ids (`fid`) of every incident matching `filter`, in the order of
    /// ``page(matching:offset:limit:matched:)`` (date, then id): a paged feed keeps this list
    /// and cuts any page out of it by position, where `OFFSET n` steps over n index entries on
    /// every request. Read from the `incidents_date_span (date_start, id, date_end)` index (which holds the
    /// row id) when the filter needs no other column; 8 bytes per match.
    /// - Throws: ``StoreError/invalidValue(field:value:reason:)`` for a filter with `near` or
    ///   `within`, whose exact tests run after SQL.
    public func rowIDs(matching filter: IncidentFilter) throws(StoreError) -> [Int64] {
        guard filter.near == nil && filter.within == nil else {
            throw .invalidValue(field: "filter", value: "near/within", reason: "paged reads take attribute and bbox criteria only")
        }
        let query = try Self.query(for: filter, order: .date, columns: "fid")
        return try read { db in
            let statement = try db.cachedStatement(sql: query.sql)
            try statement.setArguments(query.arguments)
            let reader = SQLiteRowReader(statement)
            defer { reader.reset() }
            var ids: [Int64] = []
            while try reader.step(db.sqliteConnection!) { ids.append(Int64(reader.int(0) ?? 0)) }
            return ids
        }
    }

    /// The incidents with these row ids, with their sources, each with its row id, in row-id
    /// order (ids without a row are left out): one read, each row found by its integer primary
    /// key (the ids go in as one JSON array through SQLite's `json_each`).
    public func incidents(rowIDs: some Sequence<Int64>) throws(StoreError) -> [(rowID: Int64, incident: Incident)] {
        var list: [UInt8] = [UInt8(ascii: "[")]
        for id in rowIDs {
            if list.count > 1 { list.append(UInt8(ascii: ",")) }
            list += String(id).utf8
        }
        list.append(UInt8(ascii: "]"))
        let sql = "SELECT \(Self.selectColumns), fid FROM incidents WHERE fid IN (SELECT value FROM json_each(?)) ORDER BY fid"
        let json = String(decoding: list, as: UTF8.self)
        return try read { db in
            let statement = try db.cachedStatement(sql: sql)
            try statement.setArguments([json])
            let reader = SQLiteRowReader(statement)
            defer { reader.reset() }
            var found: [(rowID: Int64, incident: Incident)] = []
            while try reader.step(db.sqliteConnection!) {
                found.append((Int64(reader.int(27) ?? 0), try Self.incident(from: reader)))
            }
            return found
        }
    }
}
