/// Options every writer reads, with the defaults of `remnant export`.
public struct ExportOptions: Sendable {
    /// Decimal places of coordinates (GeoJSON, KML, WKT): 6 ≈ 0.11 m at the equator.
    public var precision = 6
    /// CSV: a HXL hashtag row under the header (hxlstandard.org 1.1).
    public var hxl = false
    /// KML: the Document's name and description.
    public var title = "Remnant"
    public var summary = "Cluster-munition contamination exported by Remnant."

    public init(precision: Int = 6, hxl: Bool = false, title: String = "Remnant",
                summary: String = "Cluster-munition contamination exported by Remnant.") {
        self.precision = precision
        self.hxl = hxl
        self.title = title
        self.summary = summary
    }
}
