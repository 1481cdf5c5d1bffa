import ArgumentParser
import Foundation
import RemnantGeometry
import RemnantStore

/// The incident filters shared by query, nearest, stats, zones and export: the attribute and
/// area filters plus a geodesic distance search, `--near LON,LAT --radius 5km`.
/// All given filters must hold (AND). Repeatable options take comma lists too.
struct IncidentFilterOptions: ParsableArguments {
    @OptionGroup var attributes: IncidentAttributeFilterOptions

    @Option(parsing: .unconditional, help: "Centre of a distance search as LON,LAT (use with --radius).")
    var near: String?

    @Option(help: "Search radius around --near: 500m, 5km, … (geodesic).", transform: { try Distance(parsing: $0) })
    var radius: Distance?

    func validate() throws {
        try IncidentAttributeFilterOptions.validateNear(near, radius, radiusName: "--radius")
    }

    /// The filter, with spatial inputs parsed (`--within` reads its file here).
    func filter() throws -> IncidentFilter {
        try attributes.filter(near: near, radius: radius)
    }
}

/// The incident filters of `density`, whose `--radius` is the kernel's: the distance search
/// there is `--near LON,LAT --near-radius 50km`.
struct DensityFilterOptions: ParsableArguments {
    @OptionGroup var attributes: IncidentAttributeFilterOptions

    @Option(parsing: .unconditional, help: "Centre of a distance search as LON,LAT (use with --near-radius).")
    var near: String?

    @Option(help: "Search radius around --near: 500m, 5km, … (geodesic).", transform: { try Distance(parsing: $0) })
    var nearRadius: Distance?

    func validate() throws {
        try IncidentAttributeFilterOptions.validateNear(near, nearRadius, radiusName: "--near-radius")
    }

    func filter() throws -> IncidentFilter {
        try attributes.filter(near: near, radius: nearRadius)
    }
}

/// Attribute, date and area filters (everything but the distance search).
struct IncidentAttributeFilterOptions: ParsableArguments {
    @Option(help: "ISO 3166-1 alpha-2 country codes, comma-separated (e.g. SY,UA).")
    var country: [String] = []

    @Option(help: "Admin-1 unit name as in the gazetteer (e.g. Idlib, Shida Kartli).")
    var admin1: String?

    @Option(help: "Keep incidents on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    var since: String?

    @Option(help: "Keep incidents on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    var until: String?

    @Option(help: "Munition catalog keys, comma-separated.")
    var munition: [String] = []

    @Option(help: "Delivery: air-dropped, rocket, projectile, missile, unknown.")
    var delivery: [String] = []

    @Option(help: "Alleged user (substring, case-insensitive).")
    var actor: String?

    @Option(help: "Evidence: direct or indirect.")
    var evidence: String?

    @Option(help: "Review status: reported, verified, disputed.")
    var status: [String] = []

    @Option(help: "Site type: strike, remnant-find, stockpile.")
    var siteType: [String] = []

    // `.unconditional`: a western longitude such as `-75,40,-70,45` is the value, not an option.
    @Option(parsing: .unconditional, help: "Bounding box W,S,E,N in degrees (W > E crosses the antimeridian).")
    var bbox: String?

    @Option(help: "Keep incidents inside a polygon: a GeoJSON file (geometry, Feature or FeatureCollection) or WKT text.")
    var within: String?

    static func validateNear(_ near: String?, _ radius: Distance?, radiusName: String) throws {
        if (near == nil) != (radius == nil) {
            throw ValidationError("--near and \(radiusName) go together.")
        }
        if let radius, radius.meters <= 0 {
            throw ValidationError("\(radiusName) must be greater than 0.")
        }
        if let near { _ = try lonLat(near, option: "--near") }
    }

    /// `LON,LAT` of an option, as a usage error naming the option when malformed or out of range.
    static func lonLat(_ text: String, option: String) throws -> Coordinate {
        do {
            return try Coordinate(parsingLonLat: text, name: option)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func validate() throws {
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, (try? IncidentDate(parsing: value)) == nil {
                throw ValidationError("\(name) '\(value)' is not a date (YYYY, YYYY-MM or YYYY-MM-DD).")
            }
        }
        for code in split(country) where ISO3166.alpha2(for: code) == nil {
            throw ValidationError("--country '\(code)' is not an ISO 3166-1 code.")
        }
        if let bbox { _ = try Self.parseBBox(bbox) }
    }

    /// The filter, with spatial inputs parsed (`--within` reads its file here).
    func filter(near: String?, radius: Distance?) throws -> IncidentFilter {
        var f = IncidentFilter()
        f.countries = try split(country).map { code in
            guard let c = ISO3166.alpha2(for: code) else { throw ValidationError("--country '\(code)' is not an ISO 3166-1 code.") }
            return c
        }
        f.admin1 = admin1
        if let since { f.since = try IncidentDate(parsing: since).firstDay }
        if let until { f.until = try IncidentDate(parsing: until).lastDay }
        if let s = f.since, let u = f.until, s > u { throw ValidationError("--since \(since!) is after --until \(until!).") }
        f.munitions = split(munition)
        f.deliveries = try split(delivery).map { try parse($0, "--delivery") }
        f.actor = actor
        f.evidence = try evidence.map { try parse($0, "--evidence") }
        f.statuses = try split(status).map { try parse($0, "--status") }
        f.siteTypes = try split(siteType).map { try parse($0, "--site-type") }
        if let near, let radius {
            f.near = (try Self.lonLat(near, option: "--near"), radius.meters)
        }
        if let bbox { f.bbox = try Self.parseBBox(bbox) }
        if let within { f.within = try Self.readPolygon(within) }
        return f
    }

    private func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
    }

    private func parse<E: RawRepresentable & CaseIterable>(_ text: String, _ option: String) throws -> E where E.RawValue == String {
        guard let v = E(rawValue: text.lowercased()) else {
            throw ValidationError("\(option) '\(text)' must be one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        return v
    }

    /// `W,S,E,N` in degrees; W > E is allowed (crosses the antimeridian), S > N is not.
    static func parseBBox(_ text: String) throws -> BoundingBox {
        let n = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard n.count == 4, n.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            throw ValidationError("--bbox '\(text)' must be four numbers W,S,E,N.")
        }
        let (w, s, e, north) = (n[0]!, n[1]!, n[2]!, n[3]!)
        guard (-180...180).contains(w), (-180...180).contains(e), (-90...90).contains(s), (-90...90).contains(north) else {
            throw ValidationError("--bbox '\(text)': longitudes must be in [-180, 180] and latitudes in [-90, 90].")
        }
        guard s <= north else { throw ValidationError("--bbox '\(text)': south (\(s)) is north of north (\(north)).") }
        return BoundingBox(minX: w, minY: s, maxX: e, maxY: north)
    }

    /// A polygon from a GeoJSON file or WKT text, as WKB; refuses non-polygons and invalid ones.
    static func readPolygon(_ argument: String) throws -> WKBBytes {
        let context = GEOSContext()
        let geometry: Geometry
        if FileManager.default.fileExists(atPath: argument) {
            let data = try Data(contentsOf: URL(fileURLWithPath: argument))
            let object = try JSONSerialization.jsonObject(with: data)
            var geometries: [Any] = []
            if let o = object as? [String: Any] {
                switch o["type"] as? String {
                case "FeatureCollection": geometries = (o["features"] as? [[String: Any]] ?? []).compactMap { $0["geometry"] }
                case "Feature": geometries = [o["geometry"] as Any]
                default: geometries = [o]
                }
            }
            let parts = try geometries.map { g in
                try Geometry(geoJSON: String(decoding: try JSONSerialization.data(withJSONObject: g), as: UTF8.self), context: context)
            }
            guard let union = try Geometry.unionAll(parts, context: context) else {
                throw ValidationError("--within \(argument): no geometry found.")
            }
            geometry = union
        } else {
            geometry = try Geometry(wkt: argument, context: context)
        }
        guard geometry.type == .polygon || geometry.type == .multiPolygon else {
            throw ValidationError("--within: expected a Polygon or MultiPolygon, got \(geometry.type).")
        }
        if let reason = try geometry.invalidityReason() {
            throw ValidationError("--within: the polygon is invalid (\(reason)).")
        }
        return try geometry.wkb()
    }
}
