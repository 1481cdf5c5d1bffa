/// The geometry of a Natural Earth boundary feature, decoded from GeoJSON: a Polygon or a
/// MultiPolygon as polygons of rings of [lon, lat] positions, each ring at least 4 positions.
/// Shared by the boundary readers (``CountryBoundaries``, ``BoundaryLayer``).
struct PolygonalGeometry: Decodable {
    var polygons: [[[[Double]]]]

    enum CodingKeys: String, CodingKey { case type, coordinates }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .type) {
        case "Polygon": polygons = [try c.decode([[[Double]]].self, forKey: .coordinates)]
        case "MultiPolygon": polygons = try c.decode([[[[Double]]]].self, forKey: .coordinates)
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "\(other) is not a Polygon or MultiPolygon")
        }
        for p in polygons where p.isEmpty || p.contains(where: { $0.count < 4 || $0.contains { $0.count < 2 } }) {
            throw DecodingError.dataCorruptedError(forKey: .coordinates, in: c, debugDescription: "a ring needs at least 4 [lon, lat] positions")
        }
    }
}
