import GRDB

/// The store's schema as a GeoPackage 1.3 file (OGC 12-128r18), built by versioned migrations.
///
/// - `gpkg_spatial_ref_sys` with the three required rows (−1, 0, 4326), `gpkg_contents`,
///   `gpkg_geometry_columns`, `gpkg_extensions`;
/// - `incidents`: the feature table (POINT, EPSG:4326) with an `rtree_incidents_geom` R-tree and
///   the standard triggers (see ``GeoPackageFunctions``);
/// - `incident_sources` and `munitions`: attribute tables, listed in `gpkg_contents` so QGIS
///   shows them, related by `incident_id` and `munition`;
/// - `incidents.sources_json` (v2), `source_count` and `first_source_url`: the sources of each
///   incident repeated on its row for reads and for QGIS's attribute table, rebuilt by triggers on
///   `incident_sources` whenever another tool edits that table (Remnant's own writes set them).
enum GeoPackageSchema {
    static let applicationID: Int32 = 0x4750_4B47  // "GPKG"
    static let userVersion = 10300                 // GeoPackage 1.3.0

    static let table = "incidents"
    static let geometryColumn = "geom"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: GeoPackage core, incidents, sources, munitions, R-tree") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = \(userVersion)")
            try db.execute(sql: coreTables)
            try db.execute(sql: spatialReferenceRows)
            try db.execute(sql: featureTables)
            try db.execute(sql: """
                INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id)
                VALUES ('incidents', 'features', 'incidents', 'Cluster-munition incidents (Remnant)', strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL, NULL, NULL, NULL, 4326),
                       ('incident_sources', 'attributes', 'incident_sources', 'Sources cited per incident', strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL, NULL, NULL, NULL, 0),
                       ('munitions', 'attributes', 'munitions', 'Munition catalog: carriers, submunitions, footprints, failure rates', strftime('%Y-%m-%dT%H:%M:%fZ','now'), NULL, NULL, NULL, NULL, 0);
                INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m)
                VALUES ('incidents', 'geom', 'POINT', 4326, 0, 0);
                """)
            try db.execute(sql: rtree)
            try createRTreeTriggers(db)
        }
        migrator.registerMigration("v2: incidents.sources_json, kept by triggers on incident_sources") { db in
            try db.execute(sql: "ALTER TABLE incidents ADD COLUMN sources_json TEXT")
            try db.execute(sql: "UPDATE incidents SET \(sourceSummarySQL(incidentID: "incidents.id"))")
            try createSourceTriggers(db)
        }
        // Stores made before the index existed (new stores have it from v1's secondary indexes).
        migrator.registerMigration("v3: incidents (date_start, id) index for paged feeds") { db in
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS incidents_date_id ON incidents (date_start, id)")
        }
        migrator.registerMigration("v4: one (date_start, id, date_end) index for date filters and paged feeds") { db in
            try db.execute(sql: """
                DROP INDEX IF EXISTS incidents_date;
                DROP INDEX IF EXISTS incidents_date_id;
                CREATE INDEX IF NOT EXISTS incidents_date_span ON incidents (date_start, id, date_end);
                """)
        }
        return migrator
    }

    static let coreTables = """
        CREATE TABLE gpkg_spatial_ref_sys (
          srs_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL PRIMARY KEY,
          organization TEXT NOT NULL,
          organization_coordsys_id INTEGER NOT NULL,
          definition TEXT NOT NULL,
          description TEXT
        );
        CREATE TABLE gpkg_contents (
          table_name TEXT NOT NULL PRIMARY KEY,
          data_type TEXT NOT NULL,
          identifier TEXT UNIQUE,
          description TEXT DEFAULT '',
          last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
          srs_id INTEGER,
          CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id)
        );
        CREATE TABLE gpkg_geometry_columns (
          table_name TEXT NOT NULL,
          column_name TEXT NOT NULL,
          geometry_type_name TEXT NOT NULL,
          srs_id INTEGER NOT NULL,
          z TINYINT NOT NULL,
          m TINYINT NOT NULL,
          CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
          CONSTRAINT uk_gc_table_name UNIQUE (table_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
          CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
        );
        CREATE TABLE gpkg_extensions (
          table_name TEXT,
          column_name TEXT,
          extension_name TEXT NOT NULL,
          definition TEXT NOT NULL,
          scope TEXT NOT NULL,
          CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
        );
        """

    static let spatialReferenceRows = """
        INSERT INTO gpkg_spatial_ref_sys VALUES
          ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
          ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
          ('WGS 84 geodetic', 4326, 'EPSG', 4326,
           'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
           'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
        """

    /// Dates are stored as ISO text: `date` at its precision, `date_start`/`date_end` as the
    /// covered days for range filters. Booleans are 0/1 integers; unknown is NULL.
    static let featureTables = """
        CREATE TABLE munitions (
          fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
          key TEXT NOT NULL UNIQUE,
          carrier TEXT NOT NULL,
          carrier_type TEXT NOT NULL,
          delivery TEXT NOT NULL,
          calibre_mm REAL,
          submunition TEXT NOT NULL,
          submunition_type TEXT NOT NULL,
          submunitions_per_carrier INTEGER,
          footprint_radius_m REAL NOT NULL CHECK (footprint_radius_m > 0),
          footprint_radius_source TEXT NOT NULL,
          failure_rate_low REAL NOT NULL CHECK (failure_rate_low BETWEEN 0 AND 1),
          failure_rate_high REAL NOT NULL CHECK (failure_rate_high BETWEEN failure_rate_low AND 1),
          failure_rate_source TEXT NOT NULL,
          catalog_source TEXT NOT NULL,
          notes TEXT NOT NULL
        );
        CREATE TABLE incidents (
          fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
          geom POINT,
          id TEXT NOT NULL UNIQUE,
          date TEXT NOT NULL,
          date_precision TEXT NOT NULL CHECK (date_precision IN ('day','week','month','year')),
          date_start TEXT NOT NULL,
          date_end TEXT NOT NULL,
          country TEXT NOT NULL,
          admin1 TEXT,
          admin2 TEXT,
          place TEXT,
          lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
          lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
          geo_precision INTEGER NOT NULL CHECK (geo_precision IN (1,2,3)),
          uncertainty_m REAL,
          site_type TEXT NOT NULL,
          munition TEXT,
          carriers INTEGER,
          delivery TEXT NOT NULL,
          actor_alleged TEXT,
          attribution_confidence TEXT,
          evidence TEXT NOT NULL CHECK (evidence IN ('direct','indirect')),
          unexploded_observed BOOLEAN,
          killed INTEGER,
          injured INTEGER,
          civilian BOOLEAN,
          status TEXT NOT NULL,
          notes TEXT,
          source_count INTEGER NOT NULL DEFAULT 0,
          first_source_url TEXT
        );
        CREATE TABLE incident_sources (
          fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
          incident_id TEXT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE ON UPDATE CASCADE,
          position INTEGER NOT NULL,
          organisation TEXT NOT NULL,
          title TEXT,
          date TEXT,
          url TEXT
        );
        """ + secondaryIndexes

    /// Attribute indexes: country and date filters, and source look-ups by incident (the unique
    /// (incident_id, position) index).
    ///
    /// `incidents_date_span (date_start, id, date_end)` serves two uses with one sort:
    /// - the order of paged feeds (`ORDER BY date_start, id`): SQLite walks the index and skips an
    ///   `OFFSET` without reading or sorting the skipped rows (a page at offset 90,000 of 100,000:
    ///   5 s → 0.25 s, cold cache);
    /// - date filters (`date_end >= since AND date_start <= until`) answered from the index alone
    ///   (a covering index: 16,724 of 1,000,028 rows counted in 0.023 s, against 1.09 s when
    ///   `date_end` has to be read from the table).
    /// It replaces v1's `(date_start, date_end)` and v3's `(date_start, id)` (migration v4), and a
    /// bulk load rebuilds three indexes instead of four.
    static let secondaryIndexes = """
        CREATE INDEX incidents_country_date ON incidents (country, date_start);
        CREATE INDEX incidents_date_span ON incidents (date_start, id, date_end);
        CREATE UNIQUE INDEX incident_sources_position ON incident_sources (incident_id, position);
        """


    static let rtree = rtreeSQL(table: table, column: geometryColumn)

    /// The R-tree virtual table of a feature table's geometry column and its `gpkg_extensions` row
    /// (GeoPackage 1.3 Annex F.3).
    static func rtreeSQL(table: String, column: String) -> String {
        """
        CREATE VIRTUAL TABLE "rtree_\(table)_\(column)" USING rtree(id, minx, maxx, miny, maxy);
        INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)
        VALUES ('\(table)', '\(column)', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');
        """
    }

    static let triggerNames = ["insert", "update1", "update2", "update3", "update4", "delete"].map { "rtree_incidents_geom_\($0)" }

    /// The six R-tree triggers of GeoPackage 1.2/1.3 Annex F.3, for `incidents.geom` keyed by `fid`.
    static func createRTreeTriggers(_ db: Database) throws {
        try db.execute(sql: rtreeTriggersSQL(table: table, column: geometryColumn))
    }

    /// The six R-tree triggers of Annex F.3 for `table.column`, keyed by `fid`.
    static func rtreeTriggersSQL(table t: String, column c: String) -> String {
        let r = "rtree_\(t)_\(c)"
        return """
            CREATE TRIGGER "\(r)_insert" AFTER INSERT ON "\(t)"
              WHEN (new."\(c)" NOT NULL AND NOT ST_IsEmpty(NEW."\(c)"))
            BEGIN
              INSERT OR REPLACE INTO "\(r)" VALUES (
                NEW.fid, ST_MinX(NEW."\(c)"), ST_MaxX(NEW."\(c)"), ST_MinY(NEW."\(c)"), ST_MaxY(NEW."\(c)"));
            END;
            CREATE TRIGGER "\(r)_update1" AFTER UPDATE OF "\(c)" ON "\(t)"
              WHEN OLD.fid = NEW.fid AND (NEW."\(c)" NOTNULL AND NOT ST_IsEmpty(NEW."\(c)"))
            BEGIN
              INSERT OR REPLACE INTO "\(r)" VALUES (
                NEW.fid, ST_MinX(NEW."\(c)"), ST_MaxX(NEW."\(c)"), ST_MinY(NEW."\(c)"), ST_MaxY(NEW."\(c)"));
            END;
            CREATE TRIGGER "\(r)_update2" AFTER UPDATE OF "\(c)" ON "\(t)"
              WHEN OLD.fid = NEW.fid AND (NEW."\(c)" ISNULL OR ST_IsEmpty(NEW."\(c)"))
            BEGIN
              DELETE FROM "\(r)" WHERE id = OLD.fid;
            END;
            CREATE TRIGGER "\(r)_update3" AFTER UPDATE ON "\(t)"
              WHEN OLD.fid != NEW.fid AND (NEW."\(c)" NOTNULL AND NOT ST_IsEmpty(NEW."\(c)"))
            BEGIN
              DELETE FROM "\(r)" WHERE id = OLD.fid;
              INSERT OR REPLACE INTO "\(r)" VALUES (
                NEW.fid, ST_MinX(NEW."\(c)"), ST_MaxX(NEW."\(c)"), ST_MinY(NEW."\(c)"), ST_MaxY(NEW."\(c)"));
            END;
            CREATE TRIGGER "\(r)_update4" AFTER UPDATE ON "\(t)"
              WHEN OLD.fid != NEW.fid AND (NEW."\(c)" ISNULL OR ST_IsEmpty(NEW."\(c)"))
            BEGIN
              DELETE FROM "\(r)" WHERE id IN (OLD.fid, NEW.fid);
            END;
            CREATE TRIGGER "\(r)_delete" AFTER DELETE ON "\(t)"
              WHEN old."\(c)" NOT NULL
            BEGIN
              DELETE FROM "\(r)" WHERE id = OLD.fid;
            END;
            """
    }

    /// Bulk writes drop the triggers inside their transaction, keep the R-tree current in code
    /// (one `INSERT OR REPLACE` per row, no SQL-function callbacks), and restore the triggers
    /// before committing, so no other connection ever sees the file without them.
    static func dropRTreeTriggers(_ db: Database) throws {
        for name in triggerNames { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
    }
}

extension GeoPackageSchema {
    static let sourceTriggerNames = ["insert", "update", "delete"].map { "incident_sources_summary_\($0)" }

    /// The SET clause that recomputes `sources_json`, `source_count` and `first_source_url` of the
    /// incident whose id is `incidentID` from `incident_sources`, in `position` order, with
    /// SQLite's JSON functions (``IncidentSource/jsonArray(_:)`` writes the same bytes).
    static func sourceSummarySQL(incidentID id: String) -> String {
        """
        sources_json = (SELECT json_group_array(json_object('organisation', organisation, 'title', title, 'date', date, 'url', url))
                        FROM (SELECT organisation, title, date, url FROM incident_sources s WHERE s.incident_id = \(id) ORDER BY position)),
        source_count = (SELECT count(*) FROM incident_sources s WHERE s.incident_id = \(id)),
        first_source_url = (SELECT url FROM incident_sources s WHERE s.incident_id = \(id) ORDER BY position LIMIT 1)
        """
    }

    /// Triggers that keep each incident's source summary columns equal to its `incident_sources`
    /// rows when another tool (QGIS, sqlite3) inserts, edits or deletes sources.
    static func createSourceTriggers(_ db: Database) throws {
        let (insert, update, delete) = (sourceTriggerNames[0], sourceTriggerNames[1], sourceTriggerNames[2])
        try db.execute(sql: """
            CREATE TRIGGER "\(insert)" AFTER INSERT ON incident_sources BEGIN
              UPDATE incidents SET \(sourceSummarySQL(incidentID: "NEW.incident_id")) WHERE id = NEW.incident_id;
            END;
            CREATE TRIGGER "\(update)" AFTER UPDATE ON incident_sources BEGIN
              UPDATE incidents SET \(sourceSummarySQL(incidentID: "OLD.incident_id")) WHERE id = OLD.incident_id;
              UPDATE incidents SET \(sourceSummarySQL(incidentID: "NEW.incident_id")) WHERE id = NEW.incident_id;
            END;
            CREATE TRIGGER "\(delete)" AFTER DELETE ON incident_sources BEGIN
              UPDATE incidents SET \(sourceSummarySQL(incidentID: "OLD.incident_id")) WHERE id = OLD.incident_id;
            END;
            """)
    }

    /// Remnant's writes set the summary columns themselves (and may drop the index the triggers
    /// look sources up by), so they lift these triggers inside their transaction too.
    static func dropSourceTriggers(_ db: Database) throws {
        for name in sourceTriggerNames { try db.execute(sql: "DROP TRIGGER IF EXISTS \(name)") }
    }
}
