import GRDB
import GRDBSQLite

extension IncidentStore {
    /// The incidents of ``forEachIncident(matching:order:limit:_:)``, in the same order and from
    /// one read transaction, handed to `body` as rows copied out of SQLite in batches of
    /// `batchSize`, for ``IncidentRowBatch/matches()`` to decode on another thread. With `near`
    /// the matches are decoded here (they are few, and ordered by distance) and come as one batch.
    /// Errors thrown by `body` are rethrown unchanged; store failures are ``StoreError``.
    public func forEachIncidentRowBatch(matching filter: IncidentFilter = IncidentFilter(), order: Order = .date, batchSize: Int = 256,
                                        _ body: (IncidentRowBatch) throws -> Void) throws {
        if filter.near != nil {
            var all: [IncidentMatch] = []
            try forEachIncident(matching: filter, order: order) { all.append($0) }
            if !all.isEmpty { try body(IncidentRowBatch(decoded: all)) }
            return
        }
        var bodyError: (any Error)?
        do {
            try pool.read { db in
                // A full pass through SQLite's page cache, not the memory map: see forEachIncident.
                try db.execute(sql: "PRAGMA mmap_size = 0")
                defer { try? db.execute(sql: "PRAGMA mmap_size = \(Self.mmapSize)") }
                var queries: [(sql: String, arguments: StatementArguments, within: (GEOSContext, PreparedGeometry)?)] = []
                if order == .countryThenStorage {
                    queries = try Self.countryQueries(db, filter: filter)
                } else {
                    queries.append(try Self.query(for: filter, order: order))
                }
                var batch = IncidentRowBatch(reserving: batchSize)
                func deliver() throws {
                    guard batch.count > 0 else { return }
                    let full = batch
                    batch = IncidentRowBatch(reserving: batchSize)
                    do { try body(full) } catch { bodyError = error; throw error }
                }
                for query in queries {
                    let statement = try db.cachedStatement(sql: query.sql)
                    try statement.setArguments(query.arguments)
                    let reader = SQLiteRowReader(statement)
                    defer { reader.reset() }
                    while try reader.step(db.sqliteConnection!) {
                        if let (context, prepared) = query.within {
                            guard try prepared.covers(try Geometry.point(Self.location(reader), context: context)) else { continue }
                        }
                        batch.append(reader.handle, distance: nil)
                        if batch.count >= batchSize { try deliver() }
                    }
                }
                try deliver()
            }
        } catch {
            if let bodyError { throw bodyError }
            if let e = error as? StoreError { throw e }
            throw StoreError.database(message: "\(error)")
        }
    }
}

import RemnantGeometry
