import Foundation
import GRDB

/// The SQL functions GeoPackage's R-tree triggers call (OGC 12-128r18 Annex F.3:
/// `ST_IsEmpty`, `ST_MinX`, `ST_MaxX`, `ST_MinY`, `ST_MaxY`), registered on every connection
/// Remnant opens. With them, the standard `rtree_<t>_<c>_*` triggers work, so edits from any tool
/// that provides these functions (GDAL, QGIS, Remnant) keep the spatial index current. A plain
/// `sqlite3` shell lacks them and cannot edit geometries, exactly as with files GDAL writes.
enum GeoPackageFunctions {
    static func register(on db: Database) {
        db.add(function: isEmpty)
        db.add(function: minX)
        db.add(function: maxX)
        db.add(function: minY)
        db.add(function: maxY)
    }

    private static func blob(_ value: DatabaseValue) -> Data? {
        Data.fromDatabaseValue(value)
    }

    static let isEmpty = DatabaseFunction("ST_IsEmpty", argumentCount: 1, pure: true) { values in
        guard let data = blob(values[0]) else { return nil }
        return GeoPackageBinary.header(data)?.isEmpty
    }

    static let minX = DatabaseFunction("ST_MinX", argumentCount: 1, pure: true) { values in
        blob(values[0]).flatMap(GeoPackageBinary.envelope)?.minX
    }

    static let maxX = DatabaseFunction("ST_MaxX", argumentCount: 1, pure: true) { values in
        blob(values[0]).flatMap(GeoPackageBinary.envelope)?.maxX
    }

    static let minY = DatabaseFunction("ST_MinY", argumentCount: 1, pure: true) { values in
        blob(values[0]).flatMap(GeoPackageBinary.envelope)?.minY
    }

    static let maxY = DatabaseFunction("ST_MaxY", argumentCount: 1, pure: true) { values in
        blob(values[0]).flatMap(GeoPackageBinary.envelope)?.maxY
    }
}
