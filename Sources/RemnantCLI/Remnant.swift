import ArgumentParser

/// The `remnant` command. Each subcommand lives in its own `Remnant+Name.swift` file; the work is
/// done in the library targets, and this target only parses, calls and prints.
@main
struct Remnant: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "remnant",
        abstract: "Map cluster-munition contamination: incidents, hazard areas, density and exports.",
        version: version,
        subcommands: [Doctor.self, Import.self, Query.self, Nearest.self, Show.self, Stats.self, Zones.self, Density.self, Export.self, Serve.self, Footprint.self, Map.self]
    )
}
