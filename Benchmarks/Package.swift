// swift-tools-version:6.1
// Benchmarks for Remnant, kept out of the main package so `make test` does not build them.
// Results and ratios against named peers are recorded in ../BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "RemnantBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Identity follows the clone's directory name, so name it explicitly.
        .package(name: "Remnant", path: ".."),
    ],
    targets: [
        .target(name: "BenchmarkSupport"),
        .executableTarget(
            name: "ZonesBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "RemnantStore", package: "Remnant"),
                .product(name: "RemnantAnalysis", package: "Remnant"),
            ]
        ),
        .executableTarget(
            name: "DensityBenchmark",
            dependencies: ["BenchmarkSupport", .product(name: "RemnantAnalysis", package: "Remnant"),
                           .product(name: "RemnantExport", package: "Remnant")]
        ),
        .executableTarget(
            name: "NearQueryBenchmark",
            dependencies: ["BenchmarkSupport", .product(name: "RemnantStore", package: "Remnant")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
