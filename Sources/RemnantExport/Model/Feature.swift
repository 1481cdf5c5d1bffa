import RemnantGeometry

/// A typed property value, written by each format in its own way (JSON number, KML typed
/// SimpleData, CSV text). Not `indirect`: arrays already hold their elements out of line, and an
/// indirect enum boxes every value on the heap (27 allocations and frees per incident feature).
public enum PropertyValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// An ISO 8601 date or date-time, kept as text but known to be a date.
    case date(String)
    case array([PropertyValue])
    case object([(String, PropertyValue)])
    case null

    public static func == (a: PropertyValue, b: PropertyValue) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)), let (.date(x), .date(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.double(x), .double(y)): x == y
        case let (.bool(x), .bool(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        case (.null, .null): true
        default: false
        }
    }

    /// Whether the value is `.null` (without the payload comparison of `==`).
    @inline(__always) public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Plain text for CSV cells and tables: numbers without exponent noise, null as empty.
    public var text: String {
        switch self {
        case let .string(s), let .date(s): s
        case let .int(i): String(i)
        case let .double(d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case let .bool(b): b ? "true" : "false"
        case let .array(items): items.map(\.text).joined(separator: "; ")
        case let .object(pairs): pairs.map { "\($0.0)=\($0.1.text)" }.joined(separator: ", ")
        case .null: ""
        }
    }
}

extension PropertyValue {
    public init(_ s: String?) { self = s.map(PropertyValue.string) ?? .null }
    public init(_ i: Int?) { self = i.map(PropertyValue.int) ?? .null }
    public init(_ d: Double?) { self = d.map(PropertyValue.double) ?? .null }
    public init(_ b: Bool?) { self = b.map(PropertyValue.bool) ?? .null }
}

/// The geometry of a feature, in WGS84 lon/lat.
public enum FeatureGeometry: Sendable, Equatable {
    case point(Coordinate)
    /// Polygons as rings (exterior first), e.g. hazard areas and hexagons.
    case multiPolygon([[[Coordinate]]])
}

/// A geometry with an id and ordered, typed properties: what every layer (incidents, hazard
/// areas, hex bins, hotspots) maps into, and what every writer reads.
public struct Feature: Sendable, Equatable {
    public var id: String
    public var geometry: FeatureGeometry
    public var properties: [(String, PropertyValue)]

    public init(id: String, geometry: FeatureGeometry, properties: [(String, PropertyValue)]) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }

    public subscript(_ name: String) -> PropertyValue? {
        properties.first { $0.0 == name }?.1
    }

    /// The items of the `sources` array property (nil when there is none). Incident features
    /// put it last, so that place is looked at first instead of comparing every name before it.
    var sourceItems: [PropertyValue]? {
        if let last = properties.last, last.0 == "sources" {
            if case let .array(items) = last.1 { return items }
            return nil
        }
        if case let .array(items)? = self["sources"] { return items }
        return nil
    }

    public static func == (a: Feature, b: Feature) -> Bool {
        a.id == b.id && a.geometry == b.geometry && a.properties.map(\.0) == b.properties.map(\.0) && a.properties.map(\.1) == b.properties.map(\.1)
    }
}
