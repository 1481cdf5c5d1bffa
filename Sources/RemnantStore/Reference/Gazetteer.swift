import Foundation
import RemnantGeometry

/// A populated place from the gazetteer (`GeoData/places.csv`, GeoNames, CC BY 4.0).
public struct Place: Hashable, Sendable {
    public var name: String
    public var alternateNames: [String]
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var admin1: String
    public var admin2: String
    /// WGS84 lon/lat.
    public var location: Coordinate
    /// GeoNames population; nil when GeoNames has none.
    public var population: Int?
    public var source: String
}

/// The gazetteer: name lookup for geocoding, and nearest-place search.
///
/// The name index (every name and alternate name, folded) is built on the first lookup: most
/// imports carry coordinates and never need it. Not `Sendable` because of that cache.
public final class Gazetteer {
    private var loaded: [Place]?
    private let deferredURL: URL?
    private var byFoldedName: [String: [Int]]?

    public init(places: [Place]) {
        loaded = places
        deferredURL = nil
    }

    /// A gazetteer that reads `url` on first use (imports that carry coordinates never need it);
    /// a read error surfaces from the first lookup. ``init(url:)`` reads at once.
    public init(deferredURL url: URL) {
        loaded = nil
        deferredURL = url
    }

    /// Every place, reading the file first if this gazetteer was deferred.
    public func places() throws(StoreError) -> [Place] {
        if let loaded { return loaded }
        let list = try deferredURL.map { url throws(StoreError) in try Gazetteer.read(url: url) } ?? []
        loaded = list
        return list
    }

    private func index() throws(StoreError) -> [String: [Int]] {
        if let byFoldedName { return byFoldedName }
        var index: [String: [Int]] = [:]
        for (i, p) in try places().enumerated() {
            var keys = Set([Gazetteer.fold(p.name)])
            for alt in p.alternateNames { keys.insert(Gazetteer.fold(alt)) }
            for k in keys where !k.isEmpty { index[k, default: []].append(i) }
        }
        byFoldedName = index
        return index
    }

    /// Reads `places.csv` (columns name, alt_names, country_code, admin1, admin2, lat, lon, population, source).
    public convenience init(url: URL) throws(StoreError) {
        self.init(places: try Gazetteer.read(url: url))
    }

    static func read(url: URL) throws(StoreError) -> [Place] {
        let reader = try CSVReader(url: url)
        guard let header = try reader.next() else { throw .input(file: reader.name, location: "1", field: nil, message: "empty gazetteer") }
        let need = ["name", "alt_names", "country_code", "admin1", "admin2", "lat", "lon", "population", "source"]
        let missing = need.filter { !header.fields.contains($0) }
        guard missing.isEmpty else {
            throw .input(file: reader.name, location: "1", field: nil, message: "missing columns: \(missing.joined(separator: ", "))")
        }
        var list: [Place] = []
        while let record = try reader.next() {
            let raw = RawRecord(file: reader.name, location: "\(record.line)",
                                fields: Dictionary(zip(header.fields, record.fields), uniquingKeysWith: { a, _ in a }))
            guard let name = raw["name"], let country = raw["country_code"] else { throw raw.error("name", "missing") }
            let lat = try raw.number("lat", required: true)!, lon = try raw.number("lon", required: true)!
            list.append(Place(name: name, alternateNames: (raw["alt_names"] ?? "").split(separator: "|").map(String.init),
                              country: country, admin1: raw["admin1"] ?? "", admin2: raw["admin2"] ?? "",
                              location: Coordinate(lon: lon, lat: lat), population: try raw.integer("population"),
                              source: raw["source"] ?? ""))
        }
        return list
    }

    /// Case-, diacritic- and punctuation-insensitive form of a name: `Ts’khinvali` → `tskhinvali`.
    public static func fold(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        var lastSpace = true
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                out.unicodeScalars.append(scalar)
                lastSpace = false
            } else if CharacterSet.whitespaces.contains(scalar) || scalar == "-" || scalar == "_" {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            }
            // Apostrophes, ‘ayn/hamza marks and other punctuation are dropped.
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Places whose name or alternate name matches `name` (folded), optionally within a country
    /// and admin-1 unit (admin-1 compared folded too).
    public func lookup(_ name: String, country: String? = nil, admin1: String? = nil) throws(StoreError) -> [Place] {
        let all = try places()
        let candidates = (try index()[Gazetteer.fold(name)] ?? []).map { all[$0] }
        return candidates.filter { p in
            (country == nil || p.country == country) && (admin1 == nil || Gazetteer.fold(p.admin1) == Gazetteer.fold(admin1!))
        }
    }

    /// The nearest place to `point` by geodesic distance, optionally only places with at least
    /// `minimumPopulation` people; with its distance in metres. Brute force over the gazetteer
    /// after a cheap bounding pre-filter (7,000 places).
    public func nearest(to point: Coordinate, minimumPopulation: Int = 0) throws(StoreError) -> (place: Place, meters: Double)? {
        var best: (Place, Double)?
        for p in try places() where (p.population ?? 0) >= minimumPopulation {
            // 1° of latitude ≥ 110 km: skip places certainly farther than the best so far.
            if let b = best, abs(p.location.lat - point.lat) * 110_000 > b.1 { continue }
            let d = Geodesic.wgs84.distanceMeters(point, p.location)
            if best == nil || d < best!.1 { best = (p, d) }
        }
        return best.map { (place: $0.0, meters: $0.1) }
    }
}
