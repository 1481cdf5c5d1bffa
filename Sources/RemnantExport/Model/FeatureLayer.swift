import RemnantGeometry

/// One layer to export: its kind, declared columns and extent, and a way to stream its features.
/// Incidents stream from the store at constant memory; hazard areas, hex bins and hotspots are
/// in memory. Every writer reads layers through this one type.
public struct FeatureLayer {
    public var kind: LayerKind
    /// Table, layer and folder name (GeoPackage table names are made from it).
    public var name: String
    public var schema: FeatureSchema
    /// The lon/lat bounds of the features, if known before streaming (a KML LookAt needs it).
    public var extent: BoundingBox?
    /// True when every geometry is a point (GeoPackage POINT column), else polygons.
    public var isPoints: Bool
    /// Streams the features; with `groupedByCountry`, features of one
    /// ``LayerKind/countryProperty`` value come together (KML folders per country).
    public var forEach: (_ groupedByCountry: Bool, _ body: (Feature) throws -> Void) throws -> Void
    /// Streams the same features, in the same order, as batches that can be materialised on
    /// another thread (the store's rows are decoded where they are formatted); nil when the
    /// layer only streams features (``forEachEncodedBatch`` then batches them itself).
    public var forEachBatch: ((_ groupedByCountry: Bool, _ body: (FeatureBatch) throws -> Void) throws -> Void)?

    public init(kind: LayerKind, name: String? = nil, schema: FeatureSchema, extent: BoundingBox?, isPoints: Bool,
                forEach: @escaping (_ groupedByCountry: Bool, _ body: (Feature) throws -> Void) throws -> Void) {
        self.kind = kind
        self.name = name ?? kind.rawValue
        self.schema = schema
        self.extent = extent
        self.isPoints = isPoints
        self.forEach = forEach
    }

    /// Features of a layer not yet built: `features()` builds them, on any thread.
    public struct FeatureBatch: Sendable {
        let make: @Sendable () throws -> [Feature]

        public init(_ make: @escaping @Sendable () throws -> [Feature]) { self.make = make }

        public init(features: [Feature]) { make = { features } }

        public func features() throws -> [Feature] { try make() }
    }

    /// A layer of features held in memory; the schema is inferred when not given.
    public static func inMemory(kind: LayerKind, name: String? = nil, features: [Feature], schema: FeatureSchema? = nil) -> FeatureLayer {
        var extent: BoundingBox?
        var points = true
        for f in features {
            switch f.geometry {
            case let .point(c):
                if extent == nil { extent = BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) } else { extent!.expand(toInclude: c) }
            case let .multiPolygon(polygons):
                points = false
                for ring in polygons.compactMap(\.first) {
                    for c in ring {
                        if extent == nil { extent = BoundingBox(minX: c.x, minY: c.y, maxX: c.x, maxY: c.y) } else { extent!.expand(toInclude: c) }
                    }
                }
            }
        }
        let key = kind.countryProperty
        return FeatureLayer(kind: kind, name: name, schema: schema ?? .inferred(from: features), extent: extent, isPoints: points && !features.isEmpty) { grouped, body in
            if grouped, let key {
                // A stable sort: order within a country is kept (e.g. priority rank).
                let sorted = features.enumerated().sorted { a, b in
                    let (x, y) = (a.element[key]?.text ?? "", b.element[key]?.text ?? "")
                    return x != y ? x < y : a.offset < b.offset
                }
                for f in sorted { try body(f.element) }
            } else {
                for f in features { try body(f) }
            }
        }
    }
}
