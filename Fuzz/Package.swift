// swift-tools-version:6.1
// libFuzzer targets for Remnant's importers and the server's query parsing, kept out of the main
// package so `make test` does not build them. Build and run with `Fuzz/run.sh` (or `make fuzz`):
// every module, Remnant's libraries included, is compiled with `-sanitize=fuzzer,address` there,
// so coverage guides the fuzzer through the library code, not just the harness.
// Findings and figures are recorded in ../FUZZING.md.
import PackageDescription

let package = Package(
    name: "RemnantFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Identity follows the clone's directory name, so name it explicitly.
        .package(name: "Remnant", path: ".."),
    ],
    targets: [
        // libFuzzer's LLVMFuzzerRunDriver, declared for Swift.
        .target(name: "CFuzzDriver"),
        .target(
            name: "FuzzSupport",
            dependencies: ["CFuzzDriver", .product(name: "RemnantStore", package: "Remnant"), .product(name: "RemnantGeometry", package: "Remnant")]
        ),
        .executableTarget(
            name: "FuzzCSVImport",
            dependencies: ["FuzzSupport", .product(name: "RemnantStore", package: "Remnant")]
        ),
        .executableTarget(
            name: "FuzzGeoJSONImport",
            dependencies: ["FuzzSupport", .product(name: "RemnantStore", package: "Remnant")]
        ),
        .executableTarget(
            name: "FuzzKMLImport",
            dependencies: ["FuzzSupport", .product(name: "RemnantStore", package: "Remnant")]
        ),
        .executableTarget(
            name: "FuzzServerQuery",
            dependencies: [
                "FuzzSupport",
                .product(name: "RemnantServer", package: "Remnant"),
                .product(name: "RemnantGeometry", package: "Remnant"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
