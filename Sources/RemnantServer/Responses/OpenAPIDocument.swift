/// The OpenAPI 3.0 definition served at `/api` (the oas30 conformance class): every path,
/// its parameters with their ranges, and its response types.
enum OpenAPIDocument {
    static func document(base: String, version: String) -> JSONValue {
        func param(_ name: String, _ description: String, _ schema: JSONValue, inPath: Bool = false, explode: Bool? = nil) -> JSONValue {
            var m: [(String, JSONValue)] = [("name", .string(name)), ("in", inPath ? "path" : "query"), ("description", .string(description)),
                                            ("required", .bool(inPath)), ("schema", schema)]
            if let explode { m += [("style", "form"), ("explode", .bool(explode))] }
            return .object(m)
        }
        let f = param("f", "Response format (default: by Accept).", .obj(("type", "string"), ("enum", ["json", "html"])))
        let fItems = param("f", "Response format (default: by Accept).", .obj(("type", "string"), ("enum", ["json", "html", "kml"])))
        let collectionID = param("collectionId", "Collection id.", .obj(("type", "string"), ("enum", .array(FeatureCollectionID.allCases.map { .string($0.rawValue) }))), inPath: true)
        let bbox = param("bbox", "West, south, east, north (CRS84); west > east crosses the antimeridian.",
                         .obj(("type", "array"), ("minItems", 4), ("maxItems", 6), ("items", .obj(("type", "number")))), explode: false)
        let datetime = param("datetime", "An RFC 3339 date-time or an interval start/end, '..' for an open end.", .obj(("type", "string")), explode: false)
        let limit = param("limit", "Features per page.", .obj(("type", "integer"), ("minimum", 1), ("maximum", .int(ItemsQuery.maximumLimit)),
                                                          ("default", .int(ItemsQuery.defaultLimit))), explode: false)
        let offset = param("offset", "Features to skip.", .obj(("type", "integer"), ("minimum", 0), ("default", 0)), explode: false)
        var queryables: [JSONValue] = []
        var seen: Set<String> = []
        for c in FeatureCollectionID.allCases {
            for q in c.queryables where seen.insert(q.name).inserted {
                var schema: [(String, JSONValue)] = [("type", "string")]
                if let v = q.values { schema.append(("enum", .array(v.map { .string($0) }))) }
                queryables.append(param(q.name, q.description + " (\(FeatureCollectionID.allCases.filter { $0.queryables.contains { $0.name == q.name } }.map(\.rawValue).joined(separator: ", "))); several values separated by commas match any.",
                                        .object(schema), explode: false))
            }
        }
        func response(_ description: String, _ types: [String]) -> JSONValue {
            .obj(("description", .string(description)), ("content", .object(types.map { ($0, .obj(("schema", .obj(("type", "object"))))) })))
        }
        let errors: [(String, JSONValue)] = [("400", response("Bad parameter (the body names it).", ["application/json"])),
                                             ("404", response("No such collection or feature.", ["application/json"]))]
        func get(_ summary: String, _ id: String, _ params: [JSONValue], _ ok: JSONValue) -> JSONValue {
            .obj(("get", .obj(("summary", .string(summary)), ("operationId", .string(id)), ("parameters", .array(params)),
                             ("responses", .object([("200", ok)] + errors)))))
        }
        let paths: [(String, JSONValue)] = [
            ("/", get("Landing page", "getLandingPage", [f], response("Links to the API.", ["application/json", "text/html"]))),
            ("/api", get("This API definition", "getAPI", [f], response("OpenAPI 3.0.", ["application/vnd.oai.openapi+json;version=3.0", "text/html"]))),
            ("/conformance", get("Conformance classes", "getConformance", [f], response("Conformance classes.", ["application/json", "text/html"]))),
            ("/collections", get("Collections", "getCollections", [f], response("The collections.", ["application/json", "text/html"]))),
            ("/collections/{collectionId}", get("One collection", "describeCollection", [collectionID, f],
                                                response("The collection, with its extent.", ["application/json", "text/html"]))),
            ("/collections/{collectionId}/items", get("Features of a collection", "getFeatures",
                                                      [collectionID, bbox, datetime, limit, offset, fItems] + queryables,
                                                      response("A page of features.", ["application/geo+json", "text/html", "application/vnd.google-earth.kml+xml"]))),
            ("/collections/{collectionId}/items.kml", get("Features of a collection as KML", "getFeaturesKML",
                                                          [collectionID, bbox, datetime, limit, offset] + queryables,
                                                          response("A page of features.", ["application/vnd.google-earth.kml+xml"]))),
            ("/collections/{collectionId}/items/{featureId}", get("One feature", "getFeature",
                                                                  [collectionID, param("featureId", "Feature id.", .obj(("type", "string")), inPath: true), fItems],
                                                                  response("The feature.", ["application/geo+json", "text/html", "application/vnd.google-earth.kml+xml"]))),
        ]
        return .obj(("openapi", "3.0.3"),
                    ("info", .obj(("title", .string(OGCDocuments.title)), ("version", .string(version)), ("description", .string(OGCDocuments.summary)),
                                  ("license", .obj(("name", "Data: see GeoData/SOURCES.md"))))),
                    ("servers", [.obj(("url", .string(base)))]),
                    ("paths", .object(paths)))
    }
}
