/// A Military Grid Reference System position on WGS84 (UTM part: 80° S to 84° N).
///
/// The easting and northing come from PROJ's UTM (``UTMZone``, through ``CoordinateTransformer``);
/// the lettering is the WGS84 "AA" scheme of NGA's MGRS as GeographicLib's `MGRS::Forward`
/// implements it: the latitude band (C…X without I and O, 8° each, X 12°), the 100 km column
/// letter from one of three sets by zone (`(zone − 1) mod 3`: A–H, J–R, S–Z) and the row letter
/// from A–V cycling every 2,000 km of northing, shifted by 5 letters in even zones; so the
/// pattern repeats every 6 zones. Digits are truncated, never rounded (a reference names the
/// square the point lies in), as GeoConvert prints them.
public struct MGRS: Hashable, Sendable, CustomStringConvertible {
    public let zone: UTMZone
    /// Latitude band letter, C…X.
    public let band: Character
    /// 100 km square column and row letters.
    public let column: Character
    public let row: Character
    /// Full UTM easting and northing in metres (northing with the 10,000 km false northing south).
    public let utm: Coordinate

    static let bandLetters = Array("CDEFGHJKLMNPQRSTUVWX")
    static let columnLetters = [Array("ABCDEFGH"), Array("JKLMNPQR"), Array("STUVWXYZ")]
    static let rowLetters = Array("ABCDEFGHJKLMNPQRSTUV")

    /// The band index −10…9 (C = −10, N = 0, X = 9) of a latitude, as GeographicLib's
    /// `MGRS::LatitudeBand`: floor(lat) in 8° steps from 80° S, with 84° N still in X.
    static func latitudeBandIndex(_ lat: Double) -> Int {
        let ilat = Int(lat.rounded(.down))
        return max(-10, min(9, (ilat + 80) / 8 - 10))
    }

    /// The MGRS position of a WGS84 lon/lat, projecting with `context`'s cached UTM transformers.
    /// - Throws: ``GeometryError/invalidArgument(name:value:reason:)`` outside 80° S…84° N (UPS
    ///   areas) or for an invalid lon/lat; ``GeometryError/proj(operation:message:)`` from PROJ.
    public init(_ c: Coordinate, context: PROJContext) throws(GeometryError) {
        let zone = try UTMZone(containing: c)
        let en = try zone.transformer(in: context).transform(c)
        let iband = abs(c.lat) < 1e-12 ? (zone.isNorth ? 0 : -1) : Self.latitudeBandIndex(c.lat)
        let columnIndex = Int((en.x / 100_000).rounded(.down)) - 1
        let rowIndex = Int((en.y / 100_000).rounded(.down))
        guard (0..<8).contains(columnIndex) else {
            throw .invalidArgument(name: "UTM easting", value: "\(en.x)", reason: "outside the MGRS columns of zone \(zone)")
        }
        self.zone = zone
        self.utm = en
        band = Self.bandLetters[iband + 10]
        column = Self.columnLetters[(zone.number - 1) % 3][columnIndex]
        row = Self.rowLetters[(rowIndex + (zone.number % 2 == 0 ? 5 : 0)) % 20]
    }

    /// Easting and northing within the 100 km square, in metres (0 ≤ e, n < 100,000).
    public var squareOffset: Coordinate {
        Coordinate(x: utm.x - (utm.x / 100_000).rounded(.down) * 100_000, y: utm.y - (utm.y / 100_000).rounded(.down) * 100_000)
    }

    /// The reference at `precision` digits per axis (5 → 1 m, 4 → 10 m, … 0 → the 100 km square),
    /// digits truncated: `38TLM0940448787`, or `38T LM 09404 48787` with `separator: " "`.
    public func formatted(precision: Int = 5, separator: String = "") -> String {
        let p = max(0, min(5, precision))
        let head = "\(zone.number < 10 ? "0" : "")\(zone.number)\(band)" + separator + "\(column)\(row)"
        guard p > 0 else { return head }
        var divisor = 1.0
        for _ in 0..<(5 - p) { divisor *= 10 }
        func digits(_ v: Double) -> String {
            let n = Int((v / divisor).rounded(.down))
            let s = String(n)
            return String(repeating: "0", count: max(0, p - s.count)) + s
        }
        let o = squareOffset
        return head + separator + digits(o.x) + separator + digits(o.y)
    }

    /// The 1 m reference without separators, as GeoConvert `-m -p 0` prints it.
    public var description: String { formatted() }
}
