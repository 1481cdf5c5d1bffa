import Foundation

/// The HXL (Humanitarian Exchange Language, hxlstandard.org 1.1) hashtags Remnant reads and
/// writes, and the project columns they stand for. Attributes after the tag may come in any order
/// (`#geo+lat` = `#geo +lat`); unknown tags are ignored with a warning.
public enum HXLTags {
    /// (hashtag with attributes, column). One table for import and `--hxl` export.
    public static let columns: [(tag: String, column: String)] = [
        ("#event+id", "id"),
        ("#date", "date"),
        ("#date+precision", "date_precision"),
        ("#country+code", "country"),
        ("#adm1+name", "admin1"),
        ("#adm2+name", "admin2"),
        ("#loc+name", "place"),
        ("#geo+lon", "lon"),
        ("#geo+lat", "lat"),
        ("#geo+precision", "geo_precision"),
        ("#geo+uncertainty+m", "uncertainty_m"),
        ("#event+type", "site_type"),
        ("#item+munition", "munition"),
        ("#item+carriers+num", "carriers"),
        ("#event+delivery", "delivery"),
        ("#org+actor+alleged", "actor_alleged"),
        ("#org+actor+confidence", "attribution_confidence"),
        ("#meta+evidence", "evidence"),
        ("#item+unexploded", "unexploded_observed"),
        ("#affected+killed", "killed"),
        ("#affected+injured", "injured"),
        ("#affected+civilian", "civilian"),
        ("#status", "status"),
        ("#description+notes", "notes"),
        ("#meta+source", "source1_org"),
        ("#meta+source+title", "source1_title"),
        ("#meta+source+date", "source1_date"),
        ("#meta+url", "source1_url"),
    ]

    /// A tag in canonical form: lower case, attributes sorted, no spaces.
    public static func canonical(_ tag: String) -> String {
        let parts = tag.lowercased().replacingOccurrences(of: " ", with: "").split(separator: "+").map(String.init)
        guard let head = parts.first else { return "" }
        return ([head] + parts.dropFirst().sorted()).joined(separator: "+")
    }

    private static let byCanonical: [String: String] =
        Dictionary(columns.map { (canonical($0.tag), $0.column) }, uniquingKeysWith: { a, _ in a })

    /// The project column for a hashtag, or nil.
    public static func column(for tag: String) -> String? { byCanonical[canonical(tag)] }

    /// True when a row looks like an HXL hashtag row: every non-empty cell starts with `#`, and
    /// at least one does.
    public static func isHashtagRow(_ fields: [String]) -> Bool {
        let cells = fields.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return !cells.isEmpty && cells.allSatisfy { $0.hasPrefix("#") }
    }
}
