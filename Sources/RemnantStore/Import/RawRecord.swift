import Foundation

/// One input record before validation, in any import format: named string fields, plus where it
/// came from, so every message can say `file:line` or `file:feature N`.
///
/// Field names are the project's CSV column names (`id`, `date`, `date_precision`, `country`,
/// `admin1`, `admin2`, `place`, `lon`, `lat`, `geo_precision`, `uncertainty_m`, `site_type`,
/// `munition`, `carriers`, `delivery`, `actor_alleged`, `attribution_confidence`, `evidence`,
/// `unexploded_observed`, `killed`, `injured`, `civilian`, `status`, `notes`, and
/// `sourceN_org|title|date|url` for N = 1, 2, …). Each importer maps its format onto these names.
public struct RawRecord: Sendable, Equatable {
    /// File name for messages.
    public var file: String
    /// `"12"` for a line, `"feature 3"` for a GeoJSON feature or KML placemark.
    public var location: String
    public var fields: [String: String]

    public init(file: String, location: String, fields: [String: String]) {
        self.file = file
        self.location = location
        self.fields = fields
    }

    /// The trimmed value of a field, nil when absent or blank.
    public subscript(_ name: String) -> String? {
        guard let v = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    func error(_ field: String?, _ message: String) -> StoreError {
        .input(file: file, location: location, field: field, message: message)
    }
}
