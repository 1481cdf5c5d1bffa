/// What the geometry core runs on, for `remnant doctor` and bug reports.
public struct GeometryLibraries: Sendable {
    /// GEOS version, e.g. `3.11.1-CAPI-1.17.1`.
    public var geosVersion: String
    /// PROJ version, e.g. `9.1.1`.
    public var projVersion: String
    /// Path of PROJ's `proj.db`, or nil when PROJ cannot find it.
    public var projDatabasePath: String?
    /// Whether PROJ can build a WGS84 → UTM 38N operation from its database (fails without `proj.db`).
    public var projDatabaseWorks: Bool
    /// PROJ's message when that failed.
    public var projDatabaseError: String?

    /// Minimum versions Remnant needs: GEOS 3.10 (GeoJSON I/O), PROJ 6 (`proj_create_crs_to_crs`,
    /// `proj_normalize_for_visualization`); developed on Debian 12's GEOS 3.11.1 and PROJ 9.1.1.
    public static let minimumGEOS = "3.10"
    public static let minimumPROJ = "6.0"

    /// Reads the versions and checks PROJ's database with a fresh context.
    public static func probe() -> GeometryLibraries {
        let proj = PROJContext()
        var works = true
        var message: String?
        do {
            _ = try proj.transformer(from: "EPSG:4326", to: "EPSG:32638")
        } catch {
            works = false
            message = error.description
        }
        return GeometryLibraries(geosVersion: GEOSContext.version, projVersion: PROJContext.version,
                                 projDatabasePath: proj.databasePath, projDatabaseWorks: works, projDatabaseError: message)
    }
}
