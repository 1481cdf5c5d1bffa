import Foundation
import RemnantGeometry

/// One named boundary polygon of a reference layer: a country (`countries.geojson`, key `iso_a2`)
/// or an admin-1 unit (`admin1.geojson`, key `iso_3166_2`, with its `country_code`).
public struct BoundaryFeature: Sendable, Hashable {
    public var name: String
    /// `GE`, or `GE-SK` for an admin-1 unit; empty when the feature has none (e.g. a gap).
    public var code: String
    /// ISO 3166-1 alpha-2 of the country (the code itself for countries).
    public var country: String
    /// Polygons as rings of lon/lat positions, exterior first, as in the file.
    public var polygons: [[[Coordinate]]]

    /// The lon/lat box of all rings.
    public var bounds: BoundingBox? { BoundingBox(covering: polygons.lazy.flatMap { $0.first ?? [] }) }
}

/// Reads the polygons of a Natural Earth reference layer with their names, for drawing
/// (``CountryBoundaries`` holds the same countries prepared for point-in-polygon tests).
public enum BoundaryLayer {
    /// The features of a GeoJSON FeatureCollection of Polygon/MultiPolygon features; the name is
    /// `name` (Natural Earth's English or romanised name), the code `iso_a2` or `iso_3166_2`.
    public static func read(url: URL) throws(StoreError) -> [BoundaryFeature] {
        let file = url.lastPathComponent
        let collection: Collection
        do {
            collection = try JSONDecoder().decode(Collection.self, from: try Data(contentsOf: url))
        } catch {
            throw .input(file: file, location: "0", field: nil, message: "cannot read boundaries: \(error)")
        }
        return collection.features.map { f in
            let code = f.properties.iso_3166_2 ?? f.properties.iso_a2 ?? ""
            let country = f.properties.country_code ?? f.properties.iso_a2 ?? String(code.prefix(2))
            return BoundaryFeature(name: f.properties.name ?? code, code: code, country: country,
                                   polygons: f.geometry.polygons.map { $0.map { $0.map { Coordinate(lon: $0[0], lat: $0[1]) } } })
        }
    }

    private struct Collection: Decodable {
        struct Properties: Decodable {
            var name: String?
            var iso_a2: String?
            var iso_3166_2: String?
            var country_code: String?
        }

        struct Feature: Decodable {
            var properties: Properties
            var geometry: PolygonalGeometry
        }

        var features: [Feature]
    }
}
