/// Counts of incidents and reported casualties by country, year and munition.
/// Unknown casualty figures (nil) add nothing; they are not zeros.
public struct IncidentStatistics: Sendable {
    public struct Group: Sendable, Equatable {
        public var key: String
        public var count = 0
        public var killed = 0
        public var injured = 0
    }

    public private(set) var total = Group(key: "total")
    public private(set) var byCountry: [Group] = []
    public private(set) var byYear: [Group] = []
    public private(set) var byMunition: [Group] = []

    public init(_ incidents: [Incident]) {
        var country: [String: Group] = [:], year: [String: Group] = [:], munition: [String: Group] = [:]
        func add(_ g: inout Group, _ i: Incident) {
            g.count += 1
            g.killed += i.killed ?? 0
            g.injured += i.injured ?? 0
        }
        for i in incidents {
            add(&total, i)
            let c = "\(i.country) \(ISO3166.name(of: i.country) ?? "")"
            add(&country[c, default: Group(key: c)], i)
            add(&year[String(i.date.year), default: Group(key: String(i.date.year))], i)
            let m = i.munition ?? "(not recorded)"
            add(&munition[m, default: Group(key: m)], i)
        }
        byCountry = country.values.sorted { $0.key < $1.key }
        byYear = year.values.sorted { $0.key < $1.key }
        byMunition = munition.values.sorted { ($0.count, $1.key) > ($1.count, $0.key) }
    }
}
