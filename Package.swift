// swift-tools-version:6.1
// Remnant: maps cluster-munition contamination for mine-action planning.
//
// Layers, with dependencies pointing one way only:
//   CGEOS, CPROJ, CCairo (system libraries)
//     → RemnantGeometry (geometry core: the only importer of CGEOS/CPROJ)
//       → RemnantStore (GeoPackage incident store on SQLite via GRDB)
//       → RemnantAnalysis (hazard areas; later density)
//         → RemnantExport (feature model and writers: GeoJSON, CSV, tables, …)
//         → RemnantMap (printable maps: the only importer of CCairo)
//         → RemnantServer (OGC API – Features over Hummingbird 2)
//           → RemnantCLI (the thin `remnant` executable)
import PackageDescription

let package = Package(
    name: "Remnant",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "remnant", targets: ["RemnantCLI"]),
        .library(name: "RemnantGeometry", targets: ["RemnantGeometry"]),
        .library(name: "RemnantStore", targets: ["RemnantStore"]),
        .library(name: "RemnantAnalysis", targets: ["RemnantAnalysis"]),
        .library(name: "RemnantExport", targets: ["RemnantExport"]),
        .library(name: "RemnantMap", targets: ["RemnantMap"]),
        // For the query-parameter fuzz target in Fuzz/ (ItemsQuery, QueryString, DateTimeFilter).
        .library(name: "RemnantServer", targets: ["RemnantServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // KMZ archives (ZIP with deflate, over the system zlib).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // The OGC API – Features server (remnant serve); gzip of its responses; its access log.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Hummingbird's own service group: the server's start-up and shutdown work is a Service.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"]), .brew(["geos"])]
        ),
        .systemLibrary(
            name: "CPROJ",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev", "proj-data"]), .brew(["proj"])]
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"]), .brew(["cairo"])]
        ),
        .target(
            name: "RemnantGeometry",
            dependencies: ["CGEOS", "CPROJ"]
        ),
        .target(
            name: "RemnantStore",
            dependencies: [
                "RemnantGeometry",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API, for the bulk-import fast path (SQLiteStatementBinder).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "RemnantAnalysis",
            dependencies: ["RemnantGeometry", "RemnantStore"]
        ),
        .target(
            name: "RemnantExport",
            dependencies: [
                "RemnantGeometry", "RemnantStore", "RemnantAnalysis",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "RemnantMap",
            dependencies: ["CCairo", "RemnantGeometry", "RemnantStore", "RemnantAnalysis"]
        ),
        .target(
            name: "RemnantServer",
            dependencies: [
                "RemnantGeometry", "RemnantStore", "RemnantAnalysis", "RemnantExport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "RemnantCLI",
            dependencies: [
                "RemnantGeometry",
                "RemnantStore",
                "RemnantAnalysis",
                "RemnantExport",
                "RemnantMap",
                "RemnantServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "RemnantGeometryTests",
            dependencies: ["RemnantGeometry"]
        ),
        .testTarget(
            name: "RemnantStoreTests",
            dependencies: ["RemnantStore"]
        ),
        .testTarget(
            name: "RemnantAnalysisTests",
            dependencies: ["RemnantAnalysis"]
        ),
        .testTarget(
            name: "RemnantExportTests",
            dependencies: ["RemnantExport", "RemnantAnalysis"]
        ),
        .testTarget(
            name: "RemnantMapTests",
            dependencies: ["RemnantMap"]
        ),
        .testTarget(
            name: "RemnantServerTests",
            dependencies: [
                "RemnantServer", "RemnantStore", "RemnantExport", "RemnantGeometry",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "RemnantCLITests",
            dependencies: ["RemnantGeometry"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
