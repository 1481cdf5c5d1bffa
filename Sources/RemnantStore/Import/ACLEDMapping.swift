import Foundation

/// Reads ACLED (Armed Conflict Location & Event Data) export rows, following ACLED's codebook:
/// `event_id_cnty`, `event_date` (either `2015-10-04` or `04 October 2015`), `time_precision`
/// (1 day, 2 week, 3 month), `geo_precision` (1–3, the meaning Remnant uses), `country` (name)
/// or `iso` (ISO 3166 numeric), `admin1`, `admin2`, `location`, `latitude`, `longitude`,
/// `fatalities`, `actor1`, `sub_event_type`, `source`, `notes`.
enum ACLEDMapping {
    /// Columns whose presence identifies an ACLED export.
    static let signature: Set<String> = ["event_id_cnty", "event_date", "latitude", "longitude", "geo_precision", "time_precision"]

    static func isACLED(_ header: [String]) -> Bool {
        signature.isSubset(of: Set(header.map { $0.lowercased() }))
    }

    /// Maps an ACLED row to the project's fields. Reports only: evidence indirect, status reported.
    static func map(_ row: [String: String], file: String, location: String) throws(StoreError) -> RawRecord {
        var f: [String: String] = [:]
        let get = { (k: String) in row[k]?.trimmingCharacters(in: .whitespaces) ?? "" }
        f["id"] = get("event_id_cnty")
        let raw = RawRecord(file: file, location: location, fields: row)
        f["date"] = try isoDate(get("event_date"), raw)
        switch get("time_precision") {
        case "1": f["date_precision"] = "day"
        case "2": f["date_precision"] = "week"
        case "3": f["date_precision"] = "month"
        case "": break
        case let other: throw raw.error("time_precision", "'\(other)' must be 1, 2 or 3")
        }
        let iso = get("iso")
        f["country"] = !iso.isEmpty ? (ISO3166.alpha2(for: iso) ?? iso) : get("country")
        f["admin1"] = get("admin1")
        f["admin2"] = get("admin2")
        f["place"] = get("location")
        f["lat"] = get("latitude")
        f["lon"] = get("longitude")
        f["geo_precision"] = get("geo_precision")
        f["killed"] = get("fatalities")
        f["actor_alleged"] = get("actor1")
        f["delivery"] = delivery(get("sub_event_type"))
        f["evidence"] = "indirect"
        f["status"] = "reported"
        f["notes"] = get("notes")
        f["source1_org"] = get("source").isEmpty ? "ACLED" : get("source")
        f["source1_title"] = "ACLED event \(get("event_id_cnty"))"
        return RawRecord(file: file, location: location, fields: f)
    }

    /// `2015-10-04`, `04 October 2015`, `4-October-2015` or `04/10/2015` (day first) → `YYYY-MM-DD`.
    static func isoDate(_ text: String, _ raw: RawRecord) throws(StoreError) -> String {
        if text.count == 10, text.dropFirst(4).first == "-" { return text }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "/" }).map(String.init)
        let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        if parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]) {
            let m = months.firstIndex { $0.hasPrefix(parts[1].lowercased()) && parts[1].count >= 3 }.map { $0 + 1 } ?? Int(parts[1])
            if let m { return IncidentDate.format(year, m, day) }
        }
        throw raw.error("event_date", "'\(text)' is not an ACLED date (2015-10-04 or 04 October 2015)")
    }

    static func delivery(_ subEventType: String) -> String {
        switch subEventType.lowercased() {
        case "air/drone strike": "air-dropped"
        case "shelling/artillery/missile attack": "unknown"
        default: "unknown"
        }
    }
}
