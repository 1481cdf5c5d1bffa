import ArgumentParser
import Foundation
import RemnantGeometry
import RemnantStore

extension Remnant {
    /// `remnant footprint LON,LAT --radius 500m`: the geodesic hazard circle (or ellipse) of one
    /// strike, as a GeoJSON Feature with its geodesic area.
    struct Footprint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the geodesic hazard footprint of one strike as GeoJSON, with its area.")

        @Argument(help: "Centre as LON,LAT in WGS84 degrees, e.g. 44.1129,41.9853.")
        var center: String

        @Option(help: "Footprint radius (semi-major axis for an ellipse): 500m, 2.5km or metres.",
                transform: { try Distance(parsing: $0) })
        var radius: Distance

        @Option(help: "Semi-minor axis for an elliptical footprint (needs --azimuth).",
                transform: { try Distance(parsing: $0) })
        var semiMinor: Distance?

        @Option(help: "Azimuth of the ellipse's major axis, degrees clockwise from north.")
        var azimuth: Double?

        @Option(help: "Largest accepted area shortfall of the polygon against the true circle (0.001 = 0.1%).")
        var tolerance: Double = GeodesicCircle.defaultMaxAreaError

        @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
        var output: String?

        func validate() throws {
            if (semiMinor == nil) != (azimuth == nil) {
                throw ValidationError("--semi-minor and --azimuth go together: give both for an ellipse, or neither.")
            }
            _ = try IncidentAttributeFilterOptions.lonLat(center, option: "centre")
            if radius.meters <= 0 { throw ValidationError("--radius must be greater than 0.") }
            if let semiMinor {
                guard semiMinor.meters > 0, semiMinor.meters <= radius.meters else {
                    throw ValidationError("--semi-minor must be greater than 0 and at most --radius (the semi-major axis).")
                }
            }
            if let azimuth, !azimuth.isFinite { throw ValidationError("--azimuth must be a finite number of degrees.") }
            if !(tolerance > 0 && tolerance < 0.5) {
                throw ValidationError("--tolerance must be between 0 and 0.5 (got \(tolerance)).")
            }
        }

        func run() throws {
            let centre = try Coordinate(parsingLonLat: center, name: "centre")
            let ring: [Coordinate]
            let nominal: Double
            var properties: [String: Any] = ["center": [centre.lon, centre.lat]]
            if let semiMinor, let azimuth {
                let ellipse = try GeodesicEllipse(center: centre, semiMajor: radius, semiMinor: semiMinor, azimuthDegrees: azimuth)
                ring = try ellipse.ring(maxAreaError: tolerance)
                nominal = ellipse.nominalAreaSquareMeters
                properties["shape"] = "geodesic ellipse"
                properties["semi_major_m"] = radius.meters
                properties["semi_minor_m"] = semiMinor.meters
                properties["azimuth_deg"] = azimuth
            } else {
                let circle = try GeodesicCircle(center: centre, radius: radius)
                ring = try circle.ring(maxAreaError: tolerance)
                nominal = circle.nominalAreaSquareMeters
                properties["shape"] = "geodesic circle"
                properties["radius_m"] = radius.meters
            }
            let measure = Geodesic.wgs84.measureRing(ring)
            properties["vertices"] = ring.count - 1
            properties["area_m2"] = (measure.areaSquareMeters * 100).rounded() / 100
            properties["area_ha"] = (measure.areaSquareMeters / 100).rounded() / 100
            properties["perimeter_m"] = (measure.perimeterMeters * 100).rounded() / 100
            properties["area_vs_nominal"] = (measure.areaSquareMeters / nominal * 1e6).rounded() / 1e6
            properties["area_method"] = "geodesic on WGS84 (geod_polygonarea)"

            let feature: [String: Any] = [
                "type": "Feature",
                "properties": properties,
                "geometry": ["type": "Polygon", "coordinates": [ring.map { [round6($0.lon), round6($0.lat)] }]],
            ]
            var data = try JSONSerialization.data(withJSONObject: feature, options: [.sortedKeys, .withoutEscapingSlashes])
            data.append(0x0A)
            if let output {
                try AtomicFile.write(data, to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(data)
            }
            let area = String(format: "%.1f", measure.areaSquareMeters)
            FileHandle.standardError.write(Data("footprint: \(ring.count - 1) vertices, geodesic area \(area) m² (\(String(format: "%.4f", measure.areaSquareMeters / 10_000)) ha)\n".utf8))
        }

        private func round6(_ v: Double) -> Double { (v * 1e6).rounded() / 1e6 }
    }
}
