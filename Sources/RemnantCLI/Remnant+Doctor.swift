import ArgumentParser
import RemnantGeometry
import RemnantMap
import RemnantStore

extension Remnant {
    /// `remnant doctor`: prints the libraries Remnant runs on and whether PROJ's database is found.
    struct Doctor: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show GEOS, PROJ, SQLite and Cairo versions and check PROJ's database.")

        func run() throws {
            let geo = GeometryLibraries.probe()
            let sqlite = (try? SQLiteLibrary.version()) ?? "unavailable"
            let rtree = (try? SQLiteLibrary.hasRTree()) ?? false
            print("remnant  \(Remnant.version)")
            print("GEOS     \(geo.geosVersion)  (needs >= \(GeometryLibraries.minimumGEOS))")
            print("PROJ     \(geo.projVersion)  (needs >= \(GeometryLibraries.minimumPROJ))")
            print("SQLite   \(sqlite)  (R*Tree \(rtree ? "enabled" : "MISSING"))")
            print("Cairo    \(CairoLibrary.version)  (maps: PDF, SVG, PNG)")
            if let path = geo.projDatabasePath, geo.projDatabaseWorks {
                print("proj.db  \(path)  (ok)")
            } else {
                print("proj.db  NOT FOUND: \(geo.projDatabaseError ?? "PROJ has no database path")")
                print("         install it with: apt-get install proj-data (or set PROJ_DATA)")
                throw ExitCode(3)
            }
            if !rtree {
                print("         SQLite lacks R*Tree; the GeoPackage spatial index needs it")
                throw ExitCode(3)
            }
        }
    }
}
