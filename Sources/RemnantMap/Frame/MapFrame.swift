import Foundation
import RemnantGeometry

/// Where the projected plane sits on the page: a rectangle of the page showing a box of
/// projected metres at one uniform scale (metres per point), north-up in grid terms.
final class MapFrame {
    let projection: MapProjection
    let rect: Rect
    /// Projected metres shown in `rect`, with the rectangle's aspect.
    let extent: BoundingBox
    let metersPerPoint: Double
    let transformer: CoordinateTransformer

    /// Fits `content` (projected metres) into `rect` with a margin of `margin` × its size, growing
    /// the short side so the plane fills the rectangle at one scale.
    init(projection: MapProjection, content: BoundingBox, rect: Rect, margin: Double, transformer: CoordinateTransformer) {
        self.projection = projection
        self.rect = rect
        self.transformer = transformer
        var box = content
        let grow = max(box.width, box.height) * margin
        box = BoundingBox(minX: box.minX - grow, minY: box.minY - grow, maxX: box.maxX + grow, maxY: box.maxY + grow)
        let mpp = max(box.width / rect.width, box.height / rect.height, 1e-6)
        let cx = (box.minX + box.maxX) / 2, cy = (box.minY + box.maxY) / 2
        let hw = rect.width * mpp / 2, hh = rect.height * mpp / 2
        extent = BoundingBox(minX: cx - hw, minY: cy - hh, maxX: cx + hw, maxY: cy + hh)
        metersPerPoint = mpp
    }

    /// A frame for a lon/lat box: its edges, sampled densely, projected and fitted.
    static func covering(_ box: BoundingBox, projection: MapProjection, rect: Rect, margin: Double,
                         context: PROJContext) throws(MapError) -> MapFrame {
        let t = try transformer(projection, context)
        var samples: [Coordinate] = []
        let n = 48
        for i in 0...n {
            let f = Double(i) / Double(n)
            let lon = box.minX + f * box.width, lat = box.minY + f * box.height
            samples += [Coordinate(lon: lon, lat: box.minY), Coordinate(lon: lon, lat: box.maxY),
                        Coordinate(lon: box.minX, lat: lat), Coordinate(lon: box.maxX, lat: lat)]
        }
        let projected: [Coordinate]
        do { projected = try t.transform(samples) } catch { throw .geometry(layer: "frame", message: "\(error)") }
        return MapFrame(projection: projection, content: BoundingBox(covering: projected)!, rect: rect, margin: margin, transformer: t)
    }

    static func transformer(_ projection: MapProjection, _ context: PROJContext) throws(MapError) -> CoordinateTransformer {
        do { return try context.transformer(from: "EPSG:4326", to: projection.projString) } catch {
            throw .geometry(layer: "projection \(projection.projString)", message: "\(error)")
        }
    }

    /// Page position of projected metres.
    func point(_ m: Coordinate) -> Point {
        Point(rect.x + (m.x - extent.minX) / metersPerPoint, rect.y + (extent.maxY - m.y) / metersPerPoint)
    }

    /// Projected metres of a page position.
    func meters(_ p: Point) -> Coordinate {
        Coordinate(x: extent.minX + (p.x - rect.x) * metersPerPoint, y: extent.maxY - (p.y - rect.y) * metersPerPoint)
    }

    /// Page position of a lon/lat.
    func project(_ c: Coordinate) throws(MapError) -> Point {
        do { return point(try transformer.transform(c)) } catch { throw .geometry(layer: "projection", message: "\(error)") }
    }

    /// Page positions of many lon/lats (one `proj_trans_generic` call).
    func project(_ cs: [Coordinate]) throws(MapError) -> [Point] {
        do { return try transformer.transform(cs).map(point) } catch { throw .geometry(layer: "projection", message: "\(error)") }
    }

    /// Lon/lat of a page position.
    func lonLat(_ p: Point) throws(MapError) -> Coordinate {
        do { return try transformer.transform(meters(p), inverse: true) } catch { throw .geometry(layer: "projection", message: "\(error)") }
    }

    /// The lon/lat box the frame shows (its edges inverse-projected, sampled).
    func lonLatBounds() throws(MapError) -> BoundingBox {
        var samples: [Coordinate] = []
        for i in 0...24 {
            let f = Double(i) / 24
            let x = rect.minX + f * rect.width, y = rect.minY + f * rect.height
            samples += [meters(Point(x, rect.minY)), meters(Point(x, rect.maxY)), meters(Point(rect.minX, y)), meters(Point(rect.maxX, y))]
        }
        do { return BoundingBox(covering: try transformer.transform(samples, inverse: true))! } catch {
            throw .geometry(layer: "frame bounds", message: "\(error)")
        }
    }

    /// The lon/lat at the centre of the frame.
    func centerLonLat() throws(MapError) -> Coordinate { try lonLat(rect.center) }

    /// Point scale factor at the frame centre along the parallel: projected metres per geodesic
    /// metre, measured over ±500 m geodesics (`geod_direct`) so the scale bar is true there.
    func scaleFactorAtCenter() throws(MapError) -> Double {
        let c = try centerLonLat()
        let east = Geodesic.wgs84.direct(from: c, azimuthDegrees: 90, distanceMeters: 500)
        let west = Geodesic.wgs84.direct(from: c, azimuthDegrees: 270, distanceMeters: 500)
        do {
            let a = try transformer.transform(west), b = try transformer.transform(east)
            return hypot(b.x - a.x, b.y - a.y) / 1000
        } catch { throw .geometry(layer: "scale factor", message: "\(error)") }
    }

    /// Angle of true north from the page's up direction at the frame centre, radians clockwise
    /// (the meridian convergence: 0 for the centred equal-area overview, up to a few degrees in UTM).
    func northAngleAtCenter() throws(MapError) -> Double {
        let c = try centerLonLat()
        let north = Geodesic.wgs84.direct(from: c, azimuthDegrees: 0, distanceMeters: 1000)
        do {
            let a = try transformer.transform(c), b = try transformer.transform(north)
            return atan2(b.x - a.x, b.y - a.y)
        } catch { throw .geometry(layer: "north arrow", message: "\(error)") }
    }

    /// The representative fraction 1:N on paper of this page size at the frame centre.
    func nominalScale() throws(MapError) -> Double {
        metersPerPoint / (0.0254 / 72) / (try scaleFactorAtCenter())
    }

    var info: MapFrameInfo {
        MapFrameInfo(projString: projection.projString, projectionName: projection.name,
                     frame: [rect.x, rect.y, rect.width, rect.height], extent: extent, metersPerPoint: metersPerPoint)
    }
}

/// A finished page's map frame, as plain values: where a lon/lat landed on the page.
public struct MapFrameInfo: Sendable, Equatable {
    /// The metric CRS (PROJ string or EPSG code).
    public var projString: String
    public var projectionName: String
    /// Frame rectangle on the page in points: x, y (from the top-left), width, height.
    public var frame: [Double]
    /// Projected metres shown in the frame.
    public var extent: BoundingBox
    public var metersPerPoint: Double

    /// The page position (points from the top-left) of a lon/lat.
    public func pagePoint(of c: Coordinate, context: PROJContext) throws(MapError) -> (x: Double, y: Double) {
        let t: CoordinateTransformer
        do { t = try context.transformer(from: "EPSG:4326", to: projString) } catch { throw .geometry(layer: "projection", message: "\(error)") }
        let m: Coordinate
        do { m = try t.transform(c) } catch { throw .geometry(layer: "projection", message: "\(error)") }
        return (frame[0] + (m.x - extent.minX) / metersPerPoint, frame[1] + (extent.maxY - m.y) / metersPerPoint)
    }
}
