import Foundation
import RemnantGeometry

/// Country polygons (`GeoData/boundaries/countries.geojson`, Natural Earth 1:10m, public domain)
/// for point-in-country checks. Holds a GEOS context: not `Sendable`, one per task.
public final class CountryBoundaries {
    public let context: GEOSContext
    private var prepared: [String: PreparedGeometry] = [:]

    /// Reads a GeoJSON FeatureCollection of Polygon/MultiPolygon features that carry `iso_a2`;
    /// features without a code (e.g. the Golan Heights gap) are skipped. Coordinates are decoded
    /// straight into GEOS polygons (no re-serialisation).
    public init(url: URL, context: GEOSContext = GEOSContext()) throws(StoreError) {
        self.context = context
        let name = url.lastPathComponent
        let collection: BoundaryCollection
        do {
            collection = try JSONDecoder().decode(BoundaryCollection.self, from: try Data(contentsOf: url))
        } catch {
            throw .input(file: name, location: "0", field: nil, message: "cannot read boundaries: \(error)")
        }
        for (i, feature) in collection.features.enumerated() {
            guard let code = feature.properties.iso_a2, code.count == 2 else { continue }
            do {
                let polygons = try feature.geometry.polygons.map { rings throws(GeometryError) in
                    try Geometry.polygon(exterior: rings[0].map { Coordinate(lon: $0[0], lat: $0[1]) },
                                         holes: rings.dropFirst().map { $0.map { Coordinate(lon: $0[0], lat: $0[1]) } }, context: context)
                }
                let g = polygons.count == 1 ? polygons[0] : try Geometry.collection(.multiPolygon, of: polygons, context: context)
                prepared[code] = try PreparedGeometry(g)
            } catch {
                throw .input(file: name, location: "feature \(i + 1)", field: "geometry", message: "\(error)")
            }
        }
    }

    /// Codes that have a polygon.
    public var countries: [String] { prepared.keys.sorted() }

    public func hasBoundary(_ country: String) -> Bool { prepared[country] != nil }

    /// True when `point` lies in or on the country's polygon; nil when the country has no polygon here.
    public func contains(_ country: String, _ point: Coordinate) throws -> Bool? {
        guard let p = prepared[country] else { return nil }
        return try p.intersects(point)
    }

    /// The country codes whose polygon holds `point` (usually one).
    public func countries(containing point: Coordinate) throws -> [String] {
        try prepared.keys.sorted().filter { try prepared[$0]!.intersects(point) }
    }
}

/// The parts of a boundary FeatureCollection the check needs.
private struct BoundaryCollection: Decodable {
    struct Properties: Decodable {
        var iso_a2: String?
    }

    struct Feature: Decodable {
        var properties: Properties
        var geometry: PolygonalGeometry
    }

    var features: [Feature]
}
