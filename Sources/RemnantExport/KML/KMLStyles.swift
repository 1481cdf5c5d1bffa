/// The shared styles of Remnant's KML documents (OGC 07-147r2 §12): for each style, a normal and a
/// highlight `Style` joined by a `StyleMap`, so Google Earth enlarges what the pointer is on.
///
/// - Incidents: a circle icon tinted by delivery type (IconStyle colour).
/// - Hazard areas: a PolyStyle fill with alpha by class (CHA red, SHA orange) and priority band
///   (ranks 1–3, 4–10, the rest: more opaque is more urgent) and a solid LineStyle outline;
///   Google Earth draws a polygon with no PolyStyle as opaque white.
/// - Hex bins: one fill (yellow); hotspot bands: a yellow-to-dark-red ramp by band.
///
/// Colours are KML's `aabbggrr` hexadecimal.
public enum KMLStyles {
    public struct Style: Sendable, Equatable {
        /// The StyleMap id placemarks refer to (`#id`); the two Styles are `id-normal` and `id-highlight`.
        public var id: String
        public var iconColor: String?
        public var fillColor: String?
        public var lineColor: String?
    }

    /// Icon tints by delivery type (air-dropped red, rocket orange, projectile yellow, missile
    /// purple, unknown grey).
    static let deliveryColors: [(String, String)] = [
        ("air-dropped", "ff2020e0"), ("rocket", "ff0080ff"), ("projectile", "ff00d0f0"), ("missile", "ffd03090"), ("unknown", "ff909090"),
    ]

    /// Priority bands of hazard areas by rank, with their fill alpha.
    static let priorityBands: [(name: String, ranks: ClosedRange<Int>, alpha: String)] = [
        ("p1", 1...3, "b0"), ("p2", 4...10, "80"), ("p3", 11...Int.max, "50"),
    ]

    static let classColors: [(String, String)] = [("CHA", "2020e0"), ("SHA", "0090ff")]

    /// Every style a layer kind may use, in document order.
    public static func styles(for kind: LayerKind) -> [Style] {
        switch kind {
        case .incidents:
            return deliveryColors.map { Style(id: "style-incident-\($0.0)", iconColor: $0.1) }
        case .zones:
            return classColors.flatMap { cls, bgr in
                priorityBands.map { band in
                    Style(id: "style-zone-\(cls)-\(band.name)", fillColor: band.alpha + bgr, lineColor: "ff" + bgr)
                }
            }
        case .hexes: return [Style(id: "style-hex", fillColor: "6000e0ff", lineColor: "a000b0d0")]
        case .hotspots:
            return hotspotRamp.enumerated().map { i, bgr in Style(id: "style-hotspot-\(i + 1)", fillColor: "90" + bgr, lineColor: "ff" + bgr) }
        }
    }

    /// Hotspot band fills from the lowest band up: yellow, orange, red-orange, red, dark red
    /// (bands above the fifth share the last), so higher density reads as hotter.
    static let hotspotRamp = ["00e0ff", "0098ff", "0050f0", "0000d0", "000080"]

    /// The StyleMap id for a feature of `kind`, chosen from its properties (`delivery`; `class`
    /// and `priority_rank`).
    public static func styleID(for feature: Feature, kind: LayerKind) -> String {
        switch kind {
        case .incidents:
            let delivery = feature["delivery"]?.text ?? "unknown"
            return deliveryColors.contains { $0.0 == delivery } ? "style-incident-\(delivery)" : "style-incident-unknown"
        case .zones:
            let cls = feature["class"]?.text == "CHA" ? "CHA" : "SHA"
            var rank = Int.max
            if case let .int(r)? = feature["priority_rank"] { rank = r }
            let band = priorityBands.first { $0.ranks.contains(rank) }?.name ?? "p3"
            return "style-zone-\(cls)-\(band)"
        case .hexes: return "style-hex"
        case .hotspots:
            var band = 1
            if case let .int(b)? = feature["band"] { band = b }
            return "style-hotspot-\(min(max(band, 1), hotspotRamp.count))"
        }
    }

    /// Highlight colour: the same hue, more opaque (fills) or unchanged (icons, outlines).
    static func highlighted(_ fill: String) -> String {
        "e0" + fill.dropFirst(2)
    }
}
