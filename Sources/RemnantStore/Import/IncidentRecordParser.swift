import Foundation
import RemnantGeometry

/// Validates ``RawRecord``s into ``Incident``s: every import format ends here, so every format
/// gets the same checks and the same messages (`file:line: field: problem`).
///
/// Checks: required fields (id, date, country, a location, at least one source), numbers,
/// lon/lat ranges (with a hint when they look swapped), dates, ISO country codes, munition keys
/// (with the nearest keys suggested), enum values, and duplicate ids within one file. Geocodes a
/// record that has a place name and no coordinates from the gazetteer. Warns, without failing,
/// when a point lies outside its declared country, and says so when swapping lat/lon would fix it.
public struct IncidentRecordParser {
    public let catalog: MunitionCatalog
    public let gazetteer: Gazetteer?
    public let boundaries: CountryBoundaries?
    public private(set) var warnings: [ImportWarning] = []
    private var seenIDs: [String: RecordPosition] = [:]

    public init(catalog: MunitionCatalog, gazetteer: Gazetteer?, boundaries: CountryBoundaries?) {
        self.catalog = catalog
        self.gazetteer = gazetteer
        self.boundaries = boundaries
    }

    /// Starts a new file: duplicate ids are checked within one file.
    public mutating func beginFile() {
        seenIDs = [:]
    }

    public mutating func parse(_ raw: RawRecord) throws(StoreError) -> Incident {
        guard let id = raw[.id] else { throw raw.error("id", "missing; every incident needs a stable id") }
        guard Self.isOneShortLine(id) else { throw raw.error("id", "must be one line of at most 128 characters") }
        if let first = seenIDs[id] {
            throw raw.error("id", "duplicate id '\(id)' (first at \(first))")
        }
        seenIDs[id] = raw.position

        guard let dateText = raw[.date] else { throw raw.error("date", "missing") }
        let precision = try raw.enumValue(.datePrecision, DatePrecision.self)
        let date: IncidentDate
        do { date = try IncidentDate(parsing: dateText, precision: precision) } catch {
            if case let .invalidValue(_, _, reason) = error { throw raw.error("date", "'\(dateText)': \(reason)") }
            throw error
        }

        guard let countryText = raw[.country] else { throw raw.error("country", "missing; give the ISO 3166-1 alpha-2 code, e.g. SY") }
        guard let country = ISO3166.alpha2(for: countryText) else {
            throw raw.error("country", "'\(countryText)' is not an ISO 3166-1 country code")
        }

        let munition = raw[.munition]
        if let munition, !catalog.contains(munition) {
            let hint = catalog.suggestions(for: munition).joined(separator: ", ")
            throw raw.error("munition", "unknown munition '\(munition)'; nearest catalog keys: \(hint)")
        }

        var geoPrecision = try raw.integer(.geoPrecision).map { value throws(StoreError) -> GeoPrecision in
            guard let p = GeoPrecision(rawValue: value) else { throw raw.error("geo_precision", "'\(value)' must be 1, 2 or 3") }
            return p
        }
        let location: Coordinate
        let lonValue = try raw.number(.lon), latValue = try raw.number(.lat)
        if let lon = lonValue, let lat = latValue {
            location = try checkedLocation(lon: lon, lat: lat, raw)
        } else if lonValue != nil || latValue != nil {
            throw raw.error(lonValue == nil ? "lon" : "lat", "missing; give both lon and lat, or neither and a place to geocode")
        } else {
            let (place, precision) = try geocode(raw, country: country)
            location = place.location
            geoPrecision = geoPrecision ?? precision
        }
        if geoPrecision == nil {
            geoPrecision = .nearPlace
            warn(raw, id, "no geo_precision given; assumed 2 (near a place)")
        }

        let uncertainty = try raw.number(.uncertainty)
        if let uncertainty, uncertainty < 0 { throw raw.error("uncertainty_m", "must not be negative") }
        let delivery = try raw.enumValue(.delivery, Delivery.self) ?? munition.flatMap { catalog[$0]?.delivery } ?? .unknown
        let sources = try parseSources(raw)

        let incident = Incident(
            id: id, date: date, country: country, admin1: raw[.admin1], admin2: raw[.admin2], place: raw[.place],
            location: location, geoPrecision: geoPrecision!, uncertaintyMeters: uncertainty,
            siteType: try raw.enumValue(.siteType, SiteType.self) ?? .strike, munition: munition,
            carriers: try raw.integer(.carriers), delivery: delivery, actorAlleged: raw[.actorAlleged],
            attributionConfidence: try raw.enumValue(.attributionConfidence, AttributionConfidence.self),
            evidence: try raw.enumValue(.evidence, Evidence.self) ?? .indirect,
            unexplodedObserved: try raw.boolean(.unexplodedObserved), killed: try raw.integer(.killed),
            injured: try raw.integer(.injured), civilian: try raw.boolean(.civilian),
            status: try raw.enumValue(.status, ReviewStatus.self) ?? .reported, notes: raw[.notes], sources: sources)
        try checkCountry(incident, raw)
        return incident
    }

    private func checkedLocation(lon: Double, lat: Double, _ raw: RawRecord) throws(StoreError) -> Coordinate {
        let c = Coordinate(lon: lon, lat: lat)
        if c.isValidLonLat { return c }
        let swapped = Coordinate(lon: lat, lat: lon)
        let hint = swapped.isValidLonLat ? "; lat and lon look swapped" : ""
        let field = (-90.0...90.0).contains(lat) ? "lon" : "lat"
        throw raw.error(field, "(\(lon), \(lat)) is out of range: lon must be in [-180, 180], lat in [-90, 90]\(hint)")
    }

    private func geocode(_ raw: RawRecord, country: String) throws(StoreError) -> (Place, GeoPrecision) {
        guard let name = raw[.place] else {
            throw raw.error("lon", "missing coordinates and no place to geocode; give lon and lat, or a place name")
        }
        guard let gazetteer else { throw raw.error("place", "no coordinates, and no gazetteer to geocode '\(name)'") }
        var matches = try gazetteer.lookup(name, country: country, admin1: raw[.admin1])
        if matches.isEmpty, raw[.admin1] != nil {
            matches = try gazetteer.lookup(name, country: country)
        }
        // The same GeoNames place can appear once; several entries are distinct places.
        switch matches.count {
        case 0:
            throw raw.error("place", "'\(name)' is not in the gazetteer for \(country); give lon and lat")
        case 1:
            return (matches[0], .place)
        default:
            let list = matches.prefix(8).map { "\($0.name) (\($0.admin1)) at \($0.location.lon),\($0.location.lat)" }.joined(separator: "; ")
            throw raw.error("place", "'\(name)' is ambiguous in \(country): \(list). Give admin1, or lon and lat")
        }
    }

    private func parseSources(_ raw: RawRecord) throws(StoreError) -> [IncidentSource] {
        var sources: [IncidentSource] = []
        for n in 1...99 {
            let fields = RawRecord.Field.source(n)
            let org = raw[fields.org], title = raw[fields.title], date = raw[fields.date], url = raw[fields.url]
            if org == nil && title == nil && date == nil && url == nil {
                // Source columns may skip a number (source1, source3) but not more than one.
                if n > 1 {
                    let next = RawRecord.Field.source(n + 1)
                    if raw[next.org] == nil, raw[next.url] == nil { break }
                }
                continue
            }
            if let url, !Self.isWebURL(url) {
                throw raw.error(fields.url.name, "'\(url)' is not an http(s) URL")
            }
            guard let organisation = org ?? url.flatMap({ URL(string: $0)?.host }) else {
                throw raw.error(fields.org.name, "missing; each source needs an organisation or a URL")
            }
            sources.append(IncidentSource(organisation: organisation, title: title, date: date, url: url))
        }
        guard !sources.isEmpty else {
            throw raw.error("source1_org", "missing; every incident must cite at least one source")
        }
        return sources
    }

    /// At most 128 characters and no line break. ASCII ids (the usual case) are checked on their
    /// bytes; others by Character, which is what the rule counts.
    static func isOneShortLine(_ id: String) -> Bool {
        let bytes = id.utf8
        if bytes.count <= 128, bytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII line breaks as Character.isNewline sees them: LF, VT, FF, CR.
            return !bytes.contains(where: { $0 >= 0x0A && $0 <= 0x0D })
        }
        return id.count <= 128 && !id.contains(where: { $0.isNewline })
    }

    /// An absolute http(s) URL with a host and no whitespace (checked without Foundation's URL
    /// parser, which is slow on Linux and this runs per imported row).
    static func isWebURL(_ text: String) -> Bool {
        var bytes = text
        // ASCII (the usual case) on its bytes; anything else by Character, as the rule was written.
        if let ascii = bytes.withUTF8({ b -> Bool? in
            guard b.allSatisfy({ $0 < 0x80 }) else { return nil }
            func lower(_ i: Int) -> UInt8 { b[i] >= 65 && b[i] <= 90 ? b[i] + 32 : b[i] }
            guard b.count >= 7, lower(0) == 104, lower(1) == 116, lower(2) == 116, lower(3) == 112 else { return false }  // http
            let colon = lower(4) == 115 ? 5 : 4  // https
            guard b.count > colon + 2, b[colon] == 58, b[colon + 1] == 47, b[colon + 2] == 47 else { return false }  // ://
            let host = colon + 3
            guard host < b.count, b[host] != 47, b[host] != 63, b[host] != 35 else { return false }  // not / ? #
            return !b.contains(where: { $0 <= 0x20 || $0 == 0x7F })
        }) {
            return ascii
        }
        let lower = text.prefix(8).lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = text.dropFirst(8) } else if lower.hasPrefix("http://") { rest = text.dropFirst(7) } else { return false }
        guard let first = rest.first, first != "/", first != "?", first != "#" else { return false }
        return !text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
    }

    private mutating func checkCountry(_ incident: Incident, _ raw: RawRecord) throws(StoreError) {
        guard let boundaries else { return }
        do {
            guard let inside = try boundaries.contains(incident.country, incident.location) else { return }
            if inside { return }
            let swapped = Coordinate(lon: incident.location.lat, lat: incident.location.lon)
            if swapped.isValidLonLat, try boundaries.contains(incident.country, swapped) == true {
                warn(raw, incident.id, "(\(incident.location.lon), \(incident.location.lat)) is outside \(incident.country), but would be inside if lat and lon were swapped")
                return
            }
            let actual = try boundaries.countries(containing: incident.location)
            warn(raw, incident.id, "(\(incident.location.lon), \(incident.location.lat)) is outside its declared country \(incident.country)\(actual.isEmpty ? "" : "; it lies in \(actual.joined(separator: ", "))")")
        } catch {
            warn(raw, incident.id, "country check failed: \(error)")
        }
    }

    private mutating func warn(_ raw: RawRecord, _ id: String, _ message: String) {
        warnings.append(ImportWarning(file: raw.file, location: raw.location, incidentID: id, message: message))
    }
}
