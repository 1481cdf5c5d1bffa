import Foundation
import RemnantGeometry

/// Country polygons (`GeoData/boundaries/countries.geojson`, Natural Earth 1:10m, public domain)
/// for point-in-country checks. Holds a GEOS context: not `Sendable`, one per task.
public final class CountryBoundaries {
    public let context: GEOSContext
    private var prepared: [String: PreparedGeometry] = [:]

    /// Reads a GeoJSON FeatureCollection whose features carry `iso_a2`; features without a code
    /// (e.g. the Golan Heights gap) are skipped.
    public init(url: URL, context: GEOSContext = GEOSContext()) throws(StoreError) {
        self.context = context
        let name = url.lastPathComponent
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: try Data(contentsOf: url))
        } catch {
            throw .input(file: name, location: "0", field: nil, message: "cannot read boundaries: \(error.localizedDescription)")
        }
        guard let features = (object as? [String: Any])?["features"] as? [[String: Any]] else {
            throw .unsupportedFormat(file: name, reason: "not a GeoJSON FeatureCollection")
        }
        for (i, feature) in features.enumerated() {
            guard let properties = feature["properties"] as? [String: Any],
                  let code = properties["iso_a2"] as? String, code.count == 2,
                  let geometry = feature["geometry"] else { continue }
            do {
                let text = String(decoding: try JSONSerialization.data(withJSONObject: geometry), as: UTF8.self)
                let g = try Geometry(geoJSON: text, context: context)
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
