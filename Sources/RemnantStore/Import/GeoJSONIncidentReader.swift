import Foundation

/// Reads cluster-munition incidents from GeoJSON (RFC 7946): a `FeatureCollection`, or a single
/// `Feature`, with one incident per feature. Values are extracted but not validated; a later step
/// does that using the record's location.
///
/// Each feature becomes a ``RawRecord`` located at `feature N` (N is the 1-based index in
/// `features`). Its fields use the project's CSV column names:
/// - `lon`, `lat` come from the `Point` geometry's `[lon, lat]` (RFC 7946 §3.1.2). A third position
///   element (altitude) is ignored. The geometry is authoritative, so `lon`/`lat` properties are
///   ignored.
/// - Every scalar property is copied under its own name. Strings are copied unchanged and booleans
///   become `true`/`false`. A number keeps the text written in the file; an integral value written
///   with a fraction or exponent (`3.0`, `1e2`) becomes integer text (`3`, `100`). Null properties are
///   skipped, and so are object and array properties other than `sources`, because no column can
///   hold them.
/// - camelCase names from the GeoJSON export map to their columns (`datePrecision` →
///   `date_precision`, `uncertaintyMeters` → `uncertainty_m`, …). If a camelCase name and its column
///   name are both present they must agree.
/// - `sources`, an array of objects with `organisation` (or `organization`, `org`), `title`, `date`
///   and `url`, becomes `source1_org`, `source1_title`, … in array order.
/// - A feature's top-level `id` (RFC 7946 §3.2) becomes `id` when there is no `id` property.
///
/// Streams: features are parsed and handed on one at a time, so memory does not grow with the
/// file. One feature may hold at most ``maxFeatureBytes``, and the top-level members other than
/// `features` (`type`, a lone Feature's members, …) as much again together; larger ones are
/// refused. The top-level `type` may come before or after `features`. It is checked when it is
/// seen, or at the end of the file; an importer writes everything in one transaction, so an error
/// found at the end still leaves the store unchanged.
///
/// The JSON is parsed by a strict RFC 8259 parser (``JSONParser``) rather than
/// `JSONSerialization`, for five reasons. It keeps each number's text as written. It never confuses
/// `true` with `1`. It can name the feature in which a syntax error occurs. It reads in chunks. And
/// it limits nesting to ``maxNestingDepth``, so hostile input fails cleanly instead of recursing
/// without bound. A UTF-8 byte-order mark is accepted. NUL bytes, `NaN`, `Infinity`, numbers that
/// overflow a double (`1e400`), `\u0000`, invalid UTF-8 and duplicate member names are rejected,
/// each with its line and column.
public enum GeoJSONIncidentReader {
    /// The deepest nesting of arrays and objects accepted. A FeatureCollection needs 6 levels
    /// (collection, features, feature, properties, sources, source).
    public static let maxNestingDepth = 64

    /// The most bytes one feature may span (8 MiB, like a CSV record); the top-level members other
    /// than `features` may hold as much again together.
    public static let maxFeatureBytes = 8 << 20

    /// Reads the GeoJSON file at `url`, handing each feature's record to `body` as soon as it is
    /// parsed, until `body` returns false. `name` is used in messages (defaults to the file name).
    public static func forEachRecord(
        url: URL, name: String? = nil, _ body: (RawRecord) throws(StoreError) -> Bool
    ) throws(StoreError) {
        try forEachRecord(in: InputFile(url: url, name: name ?? url.lastPathComponent), body)
    }

    /// Every record of the GeoJSON file at `url`; `name` is used in messages (defaults to the file name).
    public static func read(url: URL, name: String? = nil) throws(StoreError) -> [RawRecord] {
        try read(InputFile(url: url, name: name ?? url.lastPathComponent))
    }

    /// Reads GeoJSON from memory; `file` names the input in messages. `chunkSize` is how many
    /// bytes the streaming reader takes at a time (as from a file: 1 MiB); the fuzz targets and
    /// tests make it small to put chunk boundaries everywhere.
    public static func read(data: Data, file: String, chunkSize: Int = 1 << 20) throws(StoreError) -> [RawRecord] {
        try read(InputFile(data: data, name: file, chunkSize: max(1, chunkSize)))
    }

    static func read(_ input: InputFile, maxFeatureBytes: Int = maxFeatureBytes) throws(StoreError) -> [RawRecord] {
        var records: [RawRecord] = []
        try forEachRecord(in: input, maxFeatureBytes: maxFeatureBytes) { record in
            records.append(record)
            return true
        }
        return records
    }

    /// The streaming core under every entry point: parses `input` feature by feature, handing each
    /// record to `body` until it returns false, then checks the top-level structure (RFC 7946 §3.3).
    static func forEachRecord(
        in input: InputFile, maxFeatureBytes: Int = maxFeatureBytes, _ body: (RawRecord) throws(StoreError) -> Bool
    ) throws(StoreError) {
        let file = input.name
        var parser = JSONParser(reader: try input.open(), maxDepth: maxNestingDepth, maxUnitBytes: maxFeatureBytes)
        try parser.begin()
        var typeChecked = false
        while let feature = try parser.nextFeature() {
            // Features are walked only while `type` is absent or not "Feature"; if it came first,
            // it must name a FeatureCollection.
            if !typeChecked, let type = parser.members["type"] {
                guard type == .string("FeatureCollection") else { throw topLevelTypeError(type, file: file) }
                typeChecked = true
            }
            guard try body(try record(from: feature, number: parser.featureCount, file: file)) else { return }
        }
        if let root = parser.root {
            throw .unsupportedFormat(file: file, reason: "the top level is \(root.kind); \(expectedTopLevel)")
        }
        let members = parser.members
        switch members["type"] {
        case .string("FeatureCollection")?:
            if parser.streamedFeatures { return }
            guard let features = members["features"] else {
                throw .unsupportedFormat(file: file, reason: "the FeatureCollection has no \"features\" member")
            }
            throw .unsupportedFormat(file: file, reason: "\"features\" is \(features.kind); expected an array of Features")
        case .string("Feature")?:
            guard parser.featureCount == 0 else {
                throw .unsupportedFormat(file: file, reason: "the top-level type is \"Feature\", but \(parser.featureCount) features came before it in a \"features\" array; \(expectedTopLevel)")
            }
            _ = try body(try record(from: .object(members), number: 1, file: file))
        case let type:
            throw topLevelTypeError(type, file: file)
        }
    }

    // MARK: - GeoJSON structure (RFC 7946)

    private static let expectedTopLevel = "expected a GeoJSON FeatureCollection or Feature (RFC 7946)"

    /// The error for a top-level `type` that is neither "FeatureCollection" nor "Feature".
    private static func topLevelTypeError(_ type: JSONValue?, file: String) -> StoreError {
        switch type {
        case let .string(other)?:
            .unsupportedFormat(file: file, reason: "the top-level type is \"\(other)\"; \(expectedTopLevel)")
        case nil:
            .unsupportedFormat(file: file, reason: "the top-level object has no \"type\"; \(expectedTopLevel)")
        case let other?:
            .unsupportedFormat(file: file, reason: "the top-level \"type\" is \(other.kind); \(expectedTopLevel)")
        }
    }

    private static func record(from value: JSONValue, number: Int, file: String) throws(StoreError) -> RawRecord {
        let position = RecordPosition.feature(number: number)
        let fail = { (field: String?, message: String) in
            StoreError.input(file: file, location: position.description, field: field, message: message)
        }
        guard case let .object(feature) = value else {
            throw fail(nil, "expected a Feature object, found \(value.kind)")
        }
        guard case .string("Feature")? = feature["type"] else {
            throw fail("type", "expected \"Feature\", found \(describe(feature["type"]))")
        }
        var fields: [String: String]
        switch feature["properties"] {
        case nil, .null?:
            fields = [:]
        case let .object(properties)?:
            fields = try propertyFields(properties, fail: fail)
        case let other?:
            throw fail("properties", "expected an object or null, found \(other.kind)")
        }
        if fields["id"] == nil, let id = feature["id"] {
            switch id {
            case let .string(text):
                fields["id"] = text
            case let .number(literal):
                guard let text = numberText(literal) else { throw fail("id", "number \(literal) is not a finite double") }
                fields["id"] = text
            case .null:
                break
            default:
                throw fail("id", "expected a string or number (RFC 7946 §3.2), found \(id.kind)")
            }
        }
        let (lon, lat) = try pointCoordinates(feature["geometry"], fail: fail)
        fields["lon"] = lon
        fields["lat"] = lat
        return RawRecord(file: file, position: position, fields: fields)
    }

    /// The `[lon, lat]` text of a Point geometry (RFC 7946 §3.1.2), each a finite number.
    private static func pointCoordinates(
        _ geometry: JSONValue?, fail: (String?, String) -> StoreError
    ) throws(StoreError) -> (lon: String, lat: String) {
        guard let geometry, geometry != .null else {
            throw fail("geometry", "missing; every incident needs a Point")
        }
        guard case let .object(members) = geometry else {
            throw fail("geometry", "expected a Point object, found \(geometry.kind)")
        }
        guard case let .string(type)? = members["type"] else {
            throw fail("geometry", "has no \"type\"; every incident needs a Point")
        }
        guard type == "Point" else {
            throw fail("geometry", "found a \(type); every incident needs a Point")
        }
        guard case let .array(position)? = members["coordinates"] else {
            throw fail("coordinates", "expected [lon, lat], found \(describe(members["coordinates"]))")
        }
        guard position.count == 2 || position.count == 3 else {
            throw fail("coordinates", "expected [lon, lat] or [lon, lat, altitude], found \(position.count) elements")
        }
        func coordinate(_ index: Int, _ name: String) throws(StoreError) -> String {
            guard case let .number(literal) = position[index] else {
                throw fail("coordinates", "\(name) is \(position[index].kind); expected a finite number")
            }
            guard let text = numberText(literal) else {
                throw fail("coordinates", "\(name) \(literal) is not a finite number")
            }
            return text
        }
        return (try coordinate(0, "longitude"), try coordinate(1, "latitude"))
    }

    /// Properties in the GeoJSON export's camelCase, with the CSV column each one fills.
    private static let camelCaseColumns: [String: String] = [
        "datePrecision": "date_precision",
        "geoPrecision": "geo_precision",
        "uncertaintyMeters": "uncertainty_m",
        "siteType": "site_type",
        "actorAlleged": "actor_alleged",
        "attributionConfidence": "attribution_confidence",
        "unexplodedObserved": "unexploded_observed",
    ]

    /// Keys of a `sources` entry, with the `sourceN_` column suffix each one fills.
    private static let sourceKeys: [(key: String, suffix: String)] = [
        ("organisation", "org"), ("organization", "org"), ("org", "org"),
        ("title", "title"), ("date", "date"), ("url", "url"),
    ]

    private static func propertyFields(
        _ properties: [String: JSONValue], fail: (String?, String) -> StoreError
    ) throws(StoreError) -> [String: String] {
        var fields: [String: String] = [:]
        var origins: [String: String] = [:]
        func set(_ field: String, _ value: String, from origin: String) throws(StoreError) {
            if let existing = fields[field], existing != value {
                let first = origins[field] ?? field
                throw fail(field, "\"\(first)\" is '\(existing)' but \"\(origin)\" is '\(value)'")
            }
            fields[field] = value
            origins[field] = origin
        }
        // Sorted so that a conflict is always reported the same way.
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) where name != "sources" {
            if name == "lon" || name == "lat" { continue }
            let field = camelCaseColumns[name] ?? name
            guard let text = try scalarText(value, field: field, fail: fail) else { continue }
            try set(field, text, from: name)
        }
        switch properties["sources"] {
        case nil, .null?:
            break
        case let .array(entries)?:
            for (offset, entry) in entries.enumerated() {
                let n = offset + 1
                guard case let .object(source) = entry else {
                    throw fail("sources", "entry \(n) is \(entry.kind); expected an object with organisation, title, date and url")
                }
                for (key, suffix) in sourceKeys {
                    let field = "source\(n)_\(suffix)"
                    guard let value = source[key], let text = try scalarText(value, field: field, fail: fail) else { continue }
                    try set(field, text, from: "sources[\(n)].\(key)")
                }
            }
        case let other?:
            throw fail("sources", "expected an array of source objects, found \(other.kind)")
        }
        return fields
    }

    /// The text of a scalar; nil for null, objects and arrays.
    private static func scalarText(
        _ value: JSONValue, field: String, fail: (String?, String) -> StoreError
    ) throws(StoreError) -> String? {
        switch value {
        case let .string(text):
            return text
        case let .number(literal):
            guard let text = numberText(literal) else { throw fail(field, "number \(literal) is not a finite double") }
            return text
        case let .bool(flag):
            return flag ? "true" : "false"
        case .null, .object, .array:
            return nil
        }
    }

    /// The text to store for a JSON number literal, or nil when it is not a finite IEEE 754 double.
    ///
    /// The literal is kept as written, which is the full precision of the file. The exception is an
    /// integral value written with a fraction or exponent, which becomes integer text, so counts
    /// written as `3.0` read as `3`.
    static func numberText(_ literal: String) -> String? {
        guard let value = Double(literal), value.isFinite else { return nil }
        let hasFraction = literal.contains(".")
        let hasExponent = literal.contains { $0 == "e" || $0 == "E" }
        if !hasFraction && !hasExponent { return literal }
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return hasExponent ? String(describing: value) : literal
    }

    private static func describe(_ value: JSONValue?) -> String {
        switch value {
        case nil: "nothing"
        case let .string(text)?: "\"\(text)\""
        case let value?: value.kind
        }
    }
}
