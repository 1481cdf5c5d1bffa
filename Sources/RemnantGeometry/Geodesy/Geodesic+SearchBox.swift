import Foundation

extension Geodesic {
    /// Lon/lat boxes that contain every point within `meters` (geodesic, WGS84) of `center`.
    /// The latitude span uses the meridian's smallest metres-per-degree (110,574 m at the
    /// equator); the longitude span the parallel's at the box's most poleward latitude. A box
    /// that reaches a pole covers all longitudes; one that crosses ±180° is split in two.
    public static func searchBoxes(around center: Coordinate, meters: Double) -> [BoundingBox] {
        let dLat = meters / 110_574 * 1.0001
        let south = center.lat - dLat, north = center.lat + dLat
        if south <= -90 || north >= 90 {
            return [BoundingBox(minX: -180, minY: max(-90, south), maxX: 180, maxY: min(90, north))]
        }
        let poleward = max(abs(south), abs(north)) * .pi / 180
        // Metres per degree of longitude at latitude φ: π·a·cos φ / (180·√(1 − e² sin² φ)).
        let e2 = 0.00669437999014
        let perDegree = Double.pi * 6_378_137 * cos(poleward) / (180 * (1 - e2 * sin(poleward) * sin(poleward)).squareRoot())
        let dLon = meters / perDegree * 1.0001
        if dLon >= 180 { return [BoundingBox(minX: -180, minY: south, maxX: 180, maxY: north)] }
        return splitAntimeridian(BoundingBox(minX: center.lon - dLon, minY: south, maxX: center.lon + dLon, maxY: north))
    }

    /// A box with west > east (or beyond ±180°) as two boxes on either side of the antimeridian.
    public static func splitAntimeridian(_ b: BoundingBox) -> [BoundingBox] {
        if b.minX > b.maxX {
            return [BoundingBox(minX: b.minX, minY: b.minY, maxX: 180, maxY: b.maxY),
                    BoundingBox(minX: -180, minY: b.minY, maxX: b.maxX, maxY: b.maxY)]
        }
        if b.minX < -180 {
            return [BoundingBox(minX: b.minX + 360, minY: b.minY, maxX: 180, maxY: b.maxY),
                    BoundingBox(minX: -180, minY: b.minY, maxX: b.maxX, maxY: b.maxY)]
        }
        if b.maxX > 180 {
            return [BoundingBox(minX: b.minX, minY: b.minY, maxX: 180, maxY: b.maxY),
                    BoundingBox(minX: -180, minY: b.minY, maxX: b.maxX - 360, maxY: b.maxY)]
        }
        return [b]
    }
}
