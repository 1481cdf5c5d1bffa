/// One munition type of the catalog (`GeoData/munitions.csv`): a carrier and the submunitions it
/// dispenses, with the footprint and failure rates hazard estimates use. Values are data with
/// their sources, not code: a user can edit the catalog.
public struct Munition: Hashable, Sendable, Identifiable {
    /// Stable key, e.g. `rbk-500-ao-2.5rt`; incidents refer to it.
    public var key: String
    public var carrier: String
    /// bomb | rocket | missile | projectile | dispenser
    public var carrierType: String
    public var delivery: Delivery
    public var calibreMillimeters: Double?
    public var submunition: String
    public var submunitionType: String
    public var submunitionsPerCarrier: Int?
    /// Radius in metres of the typical dispersal pattern of one carrier.
    public var footprintRadiusMeters: Double
    public var footprintRadiusSource: String
    /// Expected fraction of submunitions that fail to explode, low and high.
    public var failureRateLow: Double
    public var failureRateHigh: Double
    public var failureRateSource: String
    public var catalogSource: String
    public var notes: String

    public var id: String { key }

    /// True for the `unknown…` fallback rows used when the munition is not known.
    public var isFallback: Bool { key == "unknown" || key.hasPrefix("unknown-") }
}
