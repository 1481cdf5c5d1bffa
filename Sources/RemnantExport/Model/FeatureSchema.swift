/// The typed, flat columns of a layer, declared before its features are written: KML writes
/// them as a `Schema` ahead of every Placemark, the GeoPackage as table columns, CSV as its
/// header. GeoJSON needs none (it writes each feature's properties as they are).
///
/// A column named `sourceN_org`, `sourceN_title`, `sourceN_date` or `sourceN_url` is read from the
/// N-th object of the feature's `sources` array (keys `organisation`, `title`, `date`, `url`),
/// matching `GeoData/incidents.csv`, so flat exports re-import. Other arrays are flattened to
/// text joined by `; `.
public struct FeatureSchema: Sendable, Equatable {
    public enum FieldType: String, Sendable, CaseIterable {
        case string, int, double, bool
        /// A full calendar date, `YYYY-MM-DD` (GeoPackage DATE); partial dates are strings.
        case date
    }

    public struct Field: Sendable, Equatable {
        public var name: String
        public var type: FieldType
        public init(_ name: String, _ type: FieldType) {
            self.name = name
            self.type = type
        }
    }

    public var fields: [Field] {
        didSet { sourceColumns = fields.map { Self.sourceColumn($0.name) } }
    }
    /// Per field, the (source index, key) it reads from `sources`, parsed once.
    private var sourceColumns: [(Int, String)?]

    public init(_ fields: [Field]) {
        self.fields = fields
        sourceColumns = fields.map { Self.sourceColumn($0.name) }
    }

    public static func == (a: FeatureSchema, b: FeatureSchema) -> Bool { a.fields == b.fields }

    /// The `sourceN_*` columns for `count` sources.
    public static func sourceFields(_ count: Int) -> [Field] {
        (0..<count).flatMap { n in ["org", "title", "date", "url"].map { Field("source\(n + 1)_\($0)", .string) } }
    }

    /// A schema from the properties of in-memory features (for layers such as hex bins whose
    /// columns are whatever the analysis produced): first-seen order; a column's type is the
    /// one its non-null values share (int and double make double; anything else, string).
    public static func inferred(from features: [Feature]) -> FeatureSchema {
        var order: [String] = []
        var types: [String: FieldType?] = [:]
        for f in features {
            for (name, value) in f.properties {
                if types[name] == nil { order.append(name); types[name] = .some(nil) }
                let t: FieldType?
                switch value {
                case .null: continue
                case .int: t = .int
                case .double: t = .double
                case .bool: t = .bool
                case let .date(s): t = s.utf8.count == 10 ? .date : .string
                case .string, .array, .object: t = .string
                }
                switch (types[name]!, t) {
                case (nil, _): types[name] = .some(t)
                case let (a?, b?) where a == b: break
                case (.int?, .double?), (.double?, .int?): types[name] = .some(.double)
                default: types[name] = .some(.string)
                }
            }
        }
        return FeatureSchema(order.map { Field($0, types[$0]! ?? .string) })
    }

    /// The feature's value for each field, in field order (null when absent).
    public func values(of feature: Feature) -> [PropertyValue] {
        var sources: [PropertyValue]?
        var values: [PropertyValue] = []
        values.reserveCapacity(fields.count)
        let properties = feature.properties
        for (i, field) in fields.enumerated() {
            if let (n, key) = sourceColumns[i] {
                if sources == nil {
                    sources = feature.sourceItems ?? []
                }
                guard n < sources!.count, case let .object(pairs) = sources![n] else { values.append(.null); continue }
                values.append(pairs.first { $0.0 == key }?.1 ?? .null)
            } else if i < properties.count, properties[i].0 == field.name {
                values.append(properties[i].1)  // the usual case: schema and properties in the same order
            } else {
                values.append(feature[field.name] ?? .null)
            }
        }
        return values
    }

    /// `source3_url` → (2, "url"); `_org` reads `organisation`.
    static func sourceColumn(_ name: String) -> (Int, String)? {
        guard name.hasPrefix("source"), let underscore = name.firstIndex(of: "_") else { return nil }
        guard let n = Int(name[name.index(name.startIndex, offsetBy: 6)..<underscore]), n > 0 else { return nil }
        switch name[name.index(after: underscore)...] {
        case "org": return (n - 1, "organisation")
        case "title": return (n - 1, "title")
        case "date": return (n - 1, "date")
        case "url": return (n - 1, "url")
        default: return nil
        }
    }
}
