import ArgumentParser
import RemnantStore

extension Remnant {
    /// `remnant stats [filters]`: counts by country, year and munition, with casualties.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Counts by country, year and munition, with casualties.")

        @OptionGroup var filters: IncidentFilterOptions
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            try Console.run {
                let (store, _) = try storeOptions.open()
                let stats = IncidentStatistics(try store.incidents(matching: try filters.filter()).map(\.incident))
                print("\(stats.total.count) incidents, \(stats.total.killed) killed, \(stats.total.injured) injured (reported figures; blanks are unknown, not zero)")
                for (title, groups) in [("BY COUNTRY", stats.byCountry), ("BY YEAR", stats.byYear), ("BY MUNITION", stats.byMunition)] {
                    print("")
                    print(title.padding(toLength: 40, withPad: " ", startingAt: 0) + "INCIDENTS".leftPad(10) + "KILLED".leftPad(10) + "INJURED".leftPad(10))
                    for g in groups {
                        print(String(g.key.prefix(40)).padding(toLength: 40, withPad: " ", startingAt: 0)
                              + String(g.count).leftPad(10) + String(g.killed).leftPad(10) + String(g.injured).leftPad(10))
                    }
                }
            }
        }
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

import Foundation
