import RemnantGeometry

/// Answers a field team's question about one point: is it inside a hazard area (which one, how
/// far inside), or how far is the nearest area edge. Distances are geodesic metres: the areas
/// are projected into an azimuthal equidistant frame centred on the point, where distances from
/// the centre are exact, and GEOS measures point-to-boundary there.
public struct HazardAreaLocator {
    public struct Answer: Sendable, Equatable {
        /// The area holding the point, if any (the first by rank when areas touch).
        public var insideArea: String?
        /// Inside: distance to the area's edge ("how far inside"). Outside: distance to the
        /// nearest area edge. Metres; nil when there are no areas.
        public var edgeDistanceMeters: Double?
        /// The area whose edge is nearest (the same as `insideArea` when inside).
        public var nearestArea: String?
    }

    public let areas: [HazardArea]

    public init(areas: [HazardArea]) {
        self.areas = areas
    }

    public func locate(_ point: Coordinate) throws -> Answer {
        guard point.isValidLonLat else {
            throw AnalysisError.invalidOption(name: "--at", value: "\(point)", reason: "not a WGS84 lon/lat")
        }
        let context = GEOSContext()
        let proj = PROJContext()
        let local = try LocalMetricCRS(center: point).transformer(in: proj)
        let origin = try Geometry.point(Coordinate(x: 0, y: 0), context: context)
        var inside: (id: String, meters: Double)?
        var nearest: (id: String, meters: Double)?
        for area in areas {
            for rings in area.polygons {
                let projected = try rings.map { try local.transform($0) }
                let polygon = try Geometry.polygon(exterior: projected[0], holes: Array(projected.dropFirst()), context: context)
                var boundaries = [try Geometry.lineString(projected[0], context: context)]
                for hole in projected.dropFirst() { boundaries.append(try Geometry.lineString(hole, context: context)) }
                let edge = try boundaries.map { try origin.distance(to: $0) }.min() ?? .infinity
                if try polygon.covers(origin), inside == nil {
                    inside = (area.id, edge)
                }
                if nearest == nil || edge < nearest!.meters { nearest = (area.id, edge) }
            }
        }
        if let inside { return Answer(insideArea: inside.id, edgeDistanceMeters: inside.meters, nearestArea: inside.id) }
        return Answer(insideArea: nil, edgeDistanceMeters: nearest?.meters, nearestArea: nearest?.id)
    }
}
