/// The file formats of `remnant export` (and of `zones`/`density` output).
public enum ExportFormat: String, Sendable, CaseIterable {
    /// RFC 7946 FeatureCollection.
    case geojson
    /// RFC 8142 GeoJSON text sequence: each feature prefixed by RS (0x1E), ended by LF.
    case geojsonseq
    /// OGC KML 2.2.
    case kml
    /// KML zipped with its icons.
    case kmz
    /// OGC GeoPackage 1.3.
    case gpkg
    /// RFC 4180 CSV with a WKT geometry column.
    case csv

    /// The format for a file name's extension: `.geojson`/`.json`, `.geojsons`/`.geojsonl`/`.geojsonseq`,
    /// `.kml`, `.kmz`, `.gpkg`, `.csv`; nil for anything else.
    public init?(inferringFrom path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "geojson", "json": self = .geojson
        case "geojsons", "geojsonseq", "geojsonl": self = .geojsonseq
        case "kml": self = .kml
        case "kmz": self = .kmz
        case "gpkg": self = .gpkg
        case "csv": self = .csv
        default: return nil
        }
    }

    /// Whether one file can hold several layers (KML folders, GeoPackage tables).
    public var holdsSeveralLayers: Bool { self == .kml || self == .kmz || self == .gpkg }

    /// Whether the format can be streamed to standard output (binary containers cannot).
    public var streamsToStandardOutput: Bool { self != .kmz && self != .gpkg }
}
