import ArgumentParser
import RemnantStore

extension Remnant {
    /// `remnant query [filters]`: incidents matching every filter.
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List incidents matching spatial and attribute filters (combined with AND).")

        @OptionGroup var filters: IncidentFilterOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var storeOptions: StoreOptions

        @Option(help: "At most this many incidents.")
        var limit: Int?

        func validate() throws {
            if let limit, limit <= 0 { throw ValidationError("--limit must be greater than 0.") }
        }

        func run() throws {
            try Console.run {
                let (store, _) = try storeOptions.open()
                let filter = try filters.filter()
                let matches = try store.incidents(matching: filter, limit: limit)
                try IncidentListing.write(matches, format: output.format, options: output, withDistance: filter.near != nil)
            }
        }
    }

    /// `remnant nearest LON,LAT -k N`: the N nearest incidents by geodesic distance.
    struct Nearest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The k incidents nearest to a point, by geodesic distance on WGS84.")

        @Argument(help: "The point as LON,LAT.")
        var point: String

        @Option(name: .short, help: "How many incidents.")
        var k: Int = 5

        @OptionGroup var filters: IncidentFilterOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if k <= 0 { throw ValidationError("-k must be greater than 0.") }
            if k > 10_000 { throw ValidationError("-k must be at most 10000.") }
            _ = try IncidentAttributeFilterOptions.lonLat(point, option: "point")
        }

        func run() throws {
            try Console.run {
                let (store, _) = try storeOptions.open()
                let center = try Coordinate(parsingLonLat: point, name: "point")
                let matches = try store.nearest(to: center, k: k, filter: try filters.filter())
                try IncidentListing.write(matches, format: output.format, options: output, withDistance: true)
            }
        }
    }
}

import RemnantGeometry
