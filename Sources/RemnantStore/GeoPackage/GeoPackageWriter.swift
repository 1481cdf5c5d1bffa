import Foundation
import GRDB
import RemnantGeometry

/// Writes a new GeoPackage 1.3 file (OGC 12-128r18) holding one or more feature tables with
/// typed columns, on the store's own GeoPackage code: the core tables and spatial reference rows
/// of ``GeoPackageSchema``, ``GeoPackageBinary`` geometries, an R-tree per table packed by
/// ``RTreeBulkLoader`` with the standard triggers, and the layer extent in `gpkg_contents`.
///
/// The file uses a rollback journal (not WAL), so it is one self-contained file when
/// ``write(to:_:)`` returns; everything is one transaction. Rows are bound through the SQLite C
/// API; memory grows only by the R-tree entries (40 bytes a row).
public final class GeoPackageWriter {
    /// Column types of GeoPackage 1.3 §1.1.1.1.1 (Table 1).
    public enum ColumnType: String, Sendable {
        case text = "TEXT", integer = "INTEGER", real = "REAL", boolean = "BOOLEAN", date = "DATE"
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var type: ColumnType
        public init(_ name: String, _ type: ColumnType) {
            self.name = name
            self.type = type
        }
    }

    public enum Value: Sendable, Equatable {
        case null, integer(Int), real(Double), text(String)
    }

    /// `gpkg_geometry_columns.geometry_type_name` values (Annex E).
    public enum GeometryType: String, Sendable {
        case point = "POINT", polygon = "POLYGON", multiPolygon = "MULTIPOLYGON", geometry = "GEOMETRY"
    }

    private let db: Database
    private var table: String?
    private var insert: SQLiteBulkStatement?
    private var entries: [RTreeBulkLoader.Entry] = []
    private var extent: BoundingBox?
    private var tables: Set<String> = []

    private init(db: Database) {
        self.db = db
    }

    /// Creates the GeoPackage at `path` (which must not exist) and lets `body` add tables and rows.
    /// On any error the partial file is left for the caller to remove (``AtomicFile`` does).
    public static func write(to path: String, _ body: (GeoPackageWriter) throws -> Void) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError.store(path: path, message: "file exists; a GeoPackage export is written to a new file")
        }
        var config = Configuration()
        config.prepareDatabase { db in GeoPackageFunctions.register(on: db) }
        let queue = try DatabaseQueue(path: path, configuration: config)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA application_id = \(GeoPackageSchema.applicationID)")
            try db.execute(sql: "PRAGMA user_version = \(GeoPackageSchema.userVersion)")
        }
        try queue.write { db in
            try db.execute(sql: GeoPackageSchema.coreTables)
            try db.execute(sql: GeoPackageSchema.spatialReferenceRows)
            let writer = GeoPackageWriter(db: db)
            try body(writer)
            try writer.endTable()
        }
        try queue.close()
    }

    /// Starts a feature table (`fid` primary key, geometry column `geom`, then `columns`), ending
    /// the previous one. Names are quoted, so any text is a valid name; duplicates are refused.
    public func beginTable(_ name: String, description: String, geometryType: GeometryType, columns: [Column]) throws {
        try endTable()
        guard !tables.contains(name.lowercased()), !name.lowercased().hasPrefix("gpkg_"), !name.lowercased().hasPrefix("rtree_") else {
            throw StoreError.invalidValue(field: "table", value: name, reason: "is already used or reserved in the GeoPackage")
        }
        var seen: Set<String> = ["fid", "geom"]
        for c in columns where !seen.insert(c.name.lowercased()).inserted {
            throw StoreError.invalidValue(field: "column", value: c.name, reason: "appears twice (column names ignore case)")
        }
        tables.insert(name.lowercased())
        let q = Self.quote
        let definitions = columns.map { "\(q($0.name)) \($0.type.rawValue)" }
        try db.execute(sql: "CREATE TABLE \(q(name)) (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom \(geometryType.rawValue)"
                       + definitions.map { ", " + $0 }.joined() + ")")
        try db.execute(sql: """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, 4326);
            INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, 'geom', ?, 4326, 0, 0);
            """, arguments: [name, name, description, name, geometryType.rawValue])
        try db.execute(sql: GeoPackageSchema.rtreeSQL(table: name, column: "geom"))
        let marks = Array(repeating: "?", count: columns.count + 1).joined(separator: ", ")
        insert = try SQLiteBulkStatement(db, sql: "INSERT INTO \(q(name)) (geom" + columns.map { ", " + q($0.name) }.joined() + ") VALUES (\(marks))")
        table = name
        entries = []
        extent = nil
    }

    /// Adds a row: `geometry` is GeoPackageBinary (``GeoPackageBinary``) with `envelope` its
    /// lon/lat bounds; `values` follow the table's columns.
    public func insert(geometry: Data, envelope: BoundingBox, values: [Value]) throws {
        guard var statement = insert else {
            throw StoreError.store(path: "", message: "GeoPackageWriter.insert before beginTable")
        }
        statement.bind(geometry)
        for v in values {
            switch v {
            case .null: statement.bind(nil as Int?)
            case let .integer(i): statement.bind(i)
            case let .real(d): statement.bind(d)
            case let .text(s): statement.bind(s)
            }
        }
        try statement.execute()
        insert = statement
        entries.append(RTreeBulkLoader.Entry(id: db.lastInsertedRowID, minX: envelope.minX, maxX: envelope.maxX, minY: envelope.minY, maxY: envelope.maxY))
        if var e = extent {
            e.expand(toInclude: Coordinate(x: envelope.minX, y: envelope.minY))
            e.expand(toInclude: Coordinate(x: envelope.maxX, y: envelope.maxY))
            extent = e
        } else {
            extent = envelope
        }
    }

    /// Packs the R-tree, creates its triggers and records the extent of the current table.
    private func endTable() throws {
        guard let table else { return }
        try RTreeBulkLoader.rebuild(db, table: "rtree_\(table)_geom", entries: entries)
        try db.execute(sql: GeoPackageSchema.rtreeTriggersSQL(table: table, column: "geom"))
        try db.execute(sql: "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?",
                       arguments: [extent?.minX, extent?.minY, extent?.maxX, extent?.maxY, table])
        self.table = nil
        insert = nil
        entries = []
    }

    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
