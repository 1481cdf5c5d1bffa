import RemnantGeometry

/// The JSON documents of OGC API – Features Part 1 Core (OGC 17-069r4): landing page,
/// conformance declaration, collections and one collection.
enum OGCDocuments {
    static let conformanceClasses = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ]
    static let crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    static let gregorian = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
    static let json = "application/json"
    static let geojson = "application/geo+json"
    static let html = "text/html"
    static let kml = "application/vnd.google-earth.kml+xml"
    static let openapi = "application/vnd.oai.openapi+json;version=3.0"

    static let title = "Remnant: cluster-munition contamination"
    static let summary = "Sourced cluster-munition incidents, hazard areas and hex bins as OGC API – Features. Incidents are allegations as reported by the cited sources."

    static func landing(base: String) -> JSONValue {
        .obj(("title", .string(title)), ("description", .string(summary)), ("links", [
            link(base + "/", "self", json, "This document"),
            link(base + "/?f=html", "alternate", html, "This document as HTML"),
            link(base + "/api", "service-desc", openapi, "The API definition (OpenAPI 3.0)"),
            link(base + "/api?f=html", "service-doc", html, "The API definition as HTML"),
            link(base + "/conformance", "conformance", json, "Conformance classes"),
            link(base + "/conformance", "http://www.opengis.net/def/rel/ogc/1.0/conformance", json, "Conformance classes"),
            link(base + "/collections", "data", json, "Collections"),
            link(base + "/collections", "http://www.opengis.net/def/rel/ogc/1.0/data", json, "Collections"),
            link(base + "/map", "alternate", html, "Live map"),
            link(base + "/network-link.kml", "alternate", kml, "KML NetworkLink for Google Earth"),
        ]))
    }

    static func conformance() -> JSONValue {
        .obj(("conformsTo", .array(conformanceClasses.map { .string($0) })))
    }

    static func collection(_ info: CollectionInfo, base: String) -> JSONValue {
        let id = info.id.rawValue, href = base + "/collections/" + id
        var extent: [(String, JSONValue)] = []
        if let b = info.extent {
            extent.append(("spatial", .obj(("bbox", [[.double(b.minX), .double(b.minY), .double(b.maxX), .double(b.maxY)]]), ("crs", .string(crs84)))))
        }
        if let (first, last) = info.interval {
            extent.append(("temporal", .obj(("interval", [[.string(first + "T00:00:00Z"), .string(last + "T23:59:59Z")]]), ("trs", .string(gregorian)))))
        }
        return .obj(
            ("id", .string(id)), ("title", .string(info.id.title)), ("description", .string(info.id.summary)),
            ("links", [
                link(href, "self", json, "This collection"),
                link(href + "?f=html", "alternate", html, "This collection as HTML"),
                link(href + "/items", "items", geojson, "Items as GeoJSON"),
                link(href + "/items?f=html", "items", html, "Items as HTML"),
                link(href + "/items.kml", "items", kml, "Items as KML"),
            ]),
            ("extent", .object(extent)), ("itemType", "feature"), ("crs", [.string(crs84)]), ("storageCrs", .string(crs84)))
    }

    static func collections(_ infos: [CollectionInfo], base: String) -> JSONValue {
        .obj(("links", [
            link(base + "/collections", "self", json, "Collections"),
            link(base + "/collections?f=html", "alternate", html, "Collections as HTML"),
        ]), ("collections", .array(infos.map { collection($0, base: base) })))
    }

    /// An exception document as in OGC API – Common (`code`, `description`), naming the
    /// parameter when one was at fault.
    static func exception(code: String, description: String, parameter: String? = nil) -> JSONValue {
        var m: [(String, JSONValue)] = [("code", .string(code)), ("description", .string(description))]
        if let parameter { m.append(("parameter", .string(parameter))) }
        return .object(m)
    }
}
