import RemnantAnalysis
import RemnantStore

/// Colours, line widths and symbols, in one place so the legend and the map cannot disagree.
enum MapStyle {
    static let paper = RGBA.white
    /// Inside the frame where no boundary polygon lies: sea, or land outside the shipped layer.
    static let background = RGBA(bytes: 226, 230, 234)
    static let focusLand = RGBA(bytes: 252, 250, 243)
    static let otherLand = RGBA(bytes: 238, 237, 232)
    static let countryLine = RGBA(bytes: 90, 90, 90)
    static let admin1Line = RGBA(bytes: 150, 150, 150)
    static let graticule = RGBA(bytes: 110, 140, 170, alpha: 0.6)
    static let text = RGBA(bytes: 30, 30, 30)
    static let muted = RGBA(bytes: 110, 110, 110)
    static let frameLine = RGBA(bytes: 40, 40, 40)

    /// The focus countries of the shipped data, filled lighter than their neighbours.
    static let focusCountries: Set<String> = ["SY", "UA", "GE", "AZ", "AM"]

    /// Priority tiers by rank: 1 for ranks 1–3, 2 for 4–10, 3 beyond.
    static func tier(rank: Int) -> Int { rank <= 3 ? 1 : (rank <= 10 ? 2 : 3) }
    static let tierNames = [1: "priority 1–3", 2: "priority 4–10", 3: "priority 11+"]

    /// Opacity of hazard-area fills: boundaries and graticule stay visible underneath.
    static let zoneAlpha = 0.62

    /// Hazard-area fill by class (CHA red, SHA orange) and priority tier (darker is higher).
    static func zoneFill(_ c: HazardClass, tier: Int) -> RGBA {
        let base: [Int: (Int, Int, Int)]
        switch c {
        case .cha: base = [1: (178, 24, 43), 2: (222, 45, 38), 3: (244, 130, 120)]
        case .sha: base = [1: (217, 95, 14), 2: (245, 160, 40), 3: (252, 210, 120)]
        }
        let (r, g, b) = base[tier] ?? base[3]!
        return RGBA(bytes: r, g, b, alpha: zoneAlpha)
    }

    static func zoneOutline(_ c: HazardClass) -> RGBA {
        c == .cha ? RGBA(bytes: 120, 0, 20) : RGBA(bytes: 140, 60, 0)
    }

    static func zoneFill(_ a: HazardArea) -> RGBA { zoneFill(a.hazardClass, tier: tier(rank: a.priorityRank)) }

    static let classNames: [HazardClass: String] = [.cha: "Confirmed hazardous area (CHA)", .sha: "Suspected hazardous area (SHA)"]

    /// Incident symbol shape by delivery type.
    enum Shape { case triangleDown, triangleUp, circle, diamond, square }

    static func shape(_ d: Delivery) -> Shape {
        switch d {
        case .airDropped: .triangleDown
        case .rocket: .triangleUp
        case .projectile: .circle
        case .missile: .diamond
        case .unknown: .square
        }
    }

    static let deliveryNames: [Delivery: String] = [.airDropped: "air-dropped", .rocket: "rocket", .projectile: "projectile (artillery)",
                                                   .missile: "missile", .unknown: "delivery unknown"]

    /// Incident symbol fill by site type: strikes black, remnant finds white, stockpiles grey.
    static func symbolFill(_ s: SiteType) -> RGBA {
        switch s {
        case .strike: RGBA(bytes: 20, 20, 20)
        case .remnantFind: .white
        case .stockpile: RGBA(bytes: 150, 150, 150)
        }
    }

    /// Density ramp (purple, apart from the red/orange hazard fills), t in 0…1; transparent at 0.
    static func densityColor(_ t: Double) -> RGBA {
        let stops: [(Double, (Double, Double, Double))] = [(0, (0.93, 0.91, 0.96)), (0.35, (0.74, 0.74, 0.86)), (0.7, (0.46, 0.42, 0.69)), (1, (0.25, 0.0, 0.49))]
        let t = max(0, min(1, t))
        var i = 0
        while i < stops.count - 2, t > stops[i + 1].0 { i += 1 }
        let (t0, c0) = stops[i], (t1, c1) = stops[i + 1]
        let f = (t - t0) / (t1 - t0)
        return RGBA(c0.0 + f * (c1.0 - c0.0), c0.1 + f * (c1.1 - c0.1), c0.2 + f * (c1.2 - c0.2), 0.25 + 0.55 * t)
    }
}
