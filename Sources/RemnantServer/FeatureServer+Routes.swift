import CompressNIO
import Foundation
import Hummingbird
import NIOCore
import RemnantExport

/// A rendered representation before caching and compression.
struct Rendered {
    var bytes: [UInt8]
    var contentType: String
}

extension FeatureServer {
    func addRoutes(to router: Router<BasicRequestContext>) {
        func route(_ path: RouterPath, _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
            let wrapped: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
                do { return try await handler(request, context) } catch let error as ServerError {
                    return Self.errorResponse(error)
                } catch {
                    context.logger.error("request failed: \(error)")
                    return Self.errorResponse(status: .internalServerError, code: "ServerError", description: "internal error")
                }
            }
            router.get(path, use: wrapped)
            router.head(path, use: wrapped)
        }

        route("/") { request, _ in
            let format = try self.format(request, allowed: [.json, .html])
            let base = self.baseURL(request)
            return try await self.respond(request, key: "landing", format: format) {
                format == .html ? Self.html(HTMLPage.landing(base: base)) : Self.json(OGCDocuments.landing(base: base))
            }
        }
        route("/api") { request, _ in
            let format = try self.format(request, allowed: [.json, .html])
            let base = self.baseURL(request)
            return try await self.respond(request, key: "api", format: format) {
                let doc = OpenAPIDocument.document(base: base, version: self.configuration.version)
                if format == .html {
                    return Self.html(HTMLPage.page(title: "API definition (OpenAPI 3.0)", base: base, crumbs: [("API", base + "/api?f=html")],
                                                   jsonHref: base + "/api?f=json", body: "<pre>" + HTMLPage.escape(doc.text) + "</pre>"))
                }
                return Rendered(bytes: Array(doc.text.utf8), contentType: OGCDocuments.openapi)
            }
        }
        route("/conformance") { request, _ in
            let format = try self.format(request, allowed: [.json, .html])
            let base = self.baseURL(request)
            return try await self.respond(request, key: "conformance", format: format) {
                format == .html ? Self.html(HTMLPage.conformance(base: base)) : Self.json(OGCDocuments.conformance())
            }
        }
        route("/collections") { request, _ in
            let format = try self.format(request, allowed: [.json, .html])
            let base = self.baseURL(request)
            return try await self.respond(request, key: "collections", format: format) {
                var infos: [CollectionInfo] = []
                for id in FeatureCollectionID.allCases { infos.append(try await self.service.info(id)) }
                return format == .html ? Self.html(HTMLPage.collections(infos, base: base)) : Self.json(OGCDocuments.collections(infos, base: base))
            }
        }
        route("/collections/:collectionId") { request, context in
            let id = try Self.collection(context)
            let format = try self.format(request, allowed: [.json, .html])
            let base = self.baseURL(request)
            return try await self.respond(request, key: "collection", format: format) {
                let info = try await self.service.info(id)
                return format == .html ? Self.html(HTMLPage.collection(info, base: base)) : Self.json(OGCDocuments.collection(info, base: base))
            }
        }
        route("/collections/:collectionId/items") { request, context in
            try await self.items(request, try Self.collection(context), forced: nil)
        }
        route("/collections/:collectionId/items.kml") { request, context in
            try await self.items(request, try Self.collection(context), forced: .kml)
        }
        route("/collections/:collectionId/items/:featureId") { request, context in
            let id = try Self.collection(context)
            let featureID = (context.parameters.get("featureId") ?? "").removingPercentEncoding ?? ""
            let format = try self.format(request, allowed: [.json, .html, .kml])
            let base = self.baseURL(request)
            return try await self.respond(request, key: "feature", format: format) {
                guard let (feature, schema) = try await self.service.feature(id, featureID) else {
                    throw ServerError.notFound("feature '\(featureID)' in collection '\(id.rawValue)'")
                }
                let href = base + "/collections/" + id.rawValue + "/items/" + percentEncodePath(featureID)
                switch format {
                case .html: return Self.html(HTMLPage.feature(id, feature, base: base))
                case .kml:
                    let page = FeaturePage(matched: 1, features: [feature], schema: schema)
                    return Rendered(bytes: try page.kml(kind: id.kind, title: feature.id, description: id.title), contentType: OGCDocuments.kml)
                case .json:
                    let links: JSONValue = [link(href, "self", OGCDocuments.geojson), link(href + "?f=html", "alternate", OGCDocuments.html),
                                            link(href + "?f=kml", "alternate", OGCDocuments.kml),
                                            link(base + "/collections/" + id.rawValue, "collection", OGCDocuments.json)]
                    return Rendered(bytes: try featureGeoJSON(feature, links: links), contentType: OGCDocuments.geojson)
                }
            }
        }
        route("/network-link.kml") { request, _ in
            _ = try ItemsQuery.parseFormatOnly(try QueryString.parameters(request.uri.query), allowed: [])
            let base = self.baseURL(request)
            return try await self.respond(request, key: "network-link", format: .kml) {
                Rendered(bytes: Array(networkLinkKML(base: base).utf8), contentType: OGCDocuments.kml)
            }
        }
        route("/map") { request, _ in
            _ = try ItemsQuery.parseFormatOnly(try QueryString.parameters(request.uri.query), allowed: [.html])
            return try await self.respond(request, key: "map", format: .html, version: DataVersion(tag: "map", lastModified: Date(timeIntervalSince1970: 0))) {
                Self.html(MapPage.html())
            }
        }
        route("/static/**") { request, context in
            let name = context.parameters.getCatchAll().joined(separator: "/")
            guard let file = self.statics.files[name] else { throw ServerError.notFound("static file '\(name)'") }
            return try await self.respond(request, key: "static:" + name, format: .json,
                                          version: DataVersion(tag: file.tag, lastModified: file.lastModified)) {
                Rendered(bytes: file.bytes, contentType: file.contentType)
            }
        }
    }

    /// `/collections/{id}/items` (and `items.kml`): parse, query, render.
    func items(_ request: Request, _ id: FeatureCollectionID, forced: ResponseFormat?) async throws -> Response {
        let parameters = try QueryString.parameters(request.uri.query)
        let query = try ItemsQuery.parse(parameters, queryables: id.queryables)
        if forced == .kml, let f = query.format, f != .kml {
            throw ServerError.invalidParameter(name: "f", reason: "items.kml is KML; use items?f=\(f.rawValue)")
        }
        let format = forced ?? query.format ?? Negotiation.format(accept: request.headers[.accept])
        let base = baseURL(request)
        return try await respond(request, key: "items", format: format) {
            if format == .json && id == .incidents {
                // Incidents' pages are assembled from rendered features kept across requests.
                let (matched, fragments) = try self.service.incidentFragments(query)
                let links = self.jsonItemLinks(id, parameters, query, matched: matched, returned: fragments.count, base: base)
                return Rendered(bytes: try FeaturePage.geoJSON(fragments: fragments, matched: matched, links: links), contentType: OGCDocuments.geojson)
            }
            let page = try await self.service.items(id, query)
            switch format {
            case .kml:
                return Rendered(bytes: try page.kml(kind: id.kind, title: "Remnant: " + id.title, description: id.summary), contentType: OGCDocuments.kml)
            case .html:
                let links = self.itemLinks(id, parameters, query, matched: page.matched, returned: page.features.count, base: base, format: .html)
                return Self.html(HTMLPage.items(id, page, base: base, links: links, offset: query.offset))
            case .json:
                let links = self.jsonItemLinks(id, parameters, query, matched: page.matched, returned: page.features.count, base: base)
                return Rendered(bytes: try page.geoJSON(links: links), contentType: OGCDocuments.geojson)
            }
        }
    }

    /// The `links` member of a GeoJSON page: ``itemLinks(_:_:_:matched:returned:base:format:)``
    /// with media types, and the collection.
    func jsonItemLinks(_ id: FeatureCollectionID, _ parameters: [(String, String)], _ query: ItemsQuery, matched: Int, returned: Int,
                       base: String) -> JSONValue {
        let links = itemLinks(id, parameters, query, matched: matched, returned: returned, base: base, format: .json)
        var values: [JSONValue] = links.map { l in
            link(l.href, l.rel, l.rel == "alternate" ? (l.href.contains("f=html") ? OGCDocuments.html : OGCDocuments.kml) : OGCDocuments.geojson)
        }
        values.append(link(base + "/collections/" + id.rawValue, "collection", OGCDocuments.json))
        return .array(values)
    }

    /// self, alternate (the other formats), next and prev, keeping the request's other parameters.
    func itemLinks(_ id: FeatureCollectionID, _ parameters: [(String, String)], _ query: ItemsQuery, matched: Int, returned: Int,
                   base: String, format: ResponseFormat) -> [(rel: String, href: String)] {
        let path = base + "/collections/" + id.rawValue + "/items"
        let kept = parameters.filter { $0.0 != "offset" && $0.0 != "f" && $0.0 != "limit" }
        func href(offset: Int, _ f: ResponseFormat) -> String {
            var p = kept
            p.append(("limit", String(query.limit)))
            if offset > 0 { p.append(("offset", String(offset))) }
            if f != .json { p.append(("f", f.rawValue)) }
            return path + "?" + p.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&")
        }
        var links: [(rel: String, href: String)] = [("self", href(offset: query.offset, format))]
        for f in [ResponseFormat.json, .html, .kml] where f != format { links.append(("alternate", href(offset: query.offset, f))) }
        if query.offset + returned < matched && returned > 0 {
            links.append(("next", href(offset: query.offset + returned, format)))
        }
        if query.offset > 0 { links.append(("prev", href(offset: max(0, query.offset - query.limit), format))) }
        return links
    }

    static func formEncode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case 48...57, 65...90, 97...122, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ","), UInt8(ascii: ":"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default: out += "%" + (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true)
            }
        }
        return out
    }

    static func collection(_ context: BasicRequestContext) throws(ServerError) -> FeatureCollectionID {
        let raw = context.parameters.get("collectionId") ?? ""
        guard let id = FeatureCollectionID(rawValue: raw) else {
            throw .notFound("collection '\(raw)' (collections: \(FeatureCollectionID.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return id
    }

    /// `f=` when given, else by `Accept`.
    func format(_ request: Request, allowed: [ResponseFormat]) throws(ServerError) -> ResponseFormat {
        let f = try ItemsQuery.parseFormatOnly(try QueryString.parameters(request.uri.query), allowed: allowed)
        return f ?? Negotiation.format(accept: request.headers[.accept], html: allowed.contains(.html))
    }

    /// The scheme and authority links are made with: the request's Host when it is a plain
    /// host[:port] (anything else could inject markup into links), else the bound address.
    func baseURL(_ request: Request) -> String {
        if let host = request.head.authority, !host.isEmpty, host.utf8.count <= 255,
           host.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || [45, 46, 58, 91, 93].contains($0) }) {
            return "http://" + host
        }
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(configuration.port)"
    }

    static func json(_ value: JSONValue) -> Rendered {
        Rendered(bytes: Array((value.text + "\n").utf8), contentType: OGCDocuments.json)
    }

    static func html(_ text: String) -> Rendered {
        Rendered(bytes: Array(text.utf8), contentType: "text/html; charset=utf-8")
    }

    // MARK: - Caching, conditional requests, compression

    /// Answers with the representation named by (data version, path, query, format), via the
    /// ETag: 304 when `If-None-Match` (or, without it, `If-Modified-Since`) shows the client has
    /// it; from the cache when rendered before; else rendered, gzipped when the client accepts
    /// gzip and the body is worth it, and cached.
    func respond(_ request: Request, key: String, format: ResponseFormat, version: DataVersion? = nil,
                 render: () async throws -> Rendered) async throws -> Response {
        let version = version ?? service.version
        let gzip = Negotiation.acceptsGzip(request.headers[.acceptEncoding])
        let identity = "\(version.tag)|\(key)|\(request.uri.path)|\(request.uri.query ?? "")|\(format.rawValue)|\(baseURL(request))"
        let etag = "\"" + String(FNV1a.hash(identity), radix: 16) + (gzip ? "-gz" : "") + "\""
        var headers: HTTPFields = [.eTag: etag, .lastModified: HTTPDate.format(version.lastModified),
                                   .cacheControl: "no-cache", .vary: "Accept, Accept-Encoding"]
        if let inm = request.headers[.ifNoneMatch] {
            if Negotiation.noneMatchHits(inm, etag: etag) { return Response(status: .notModified, headers: headers) }
        } else if let ims = request.headers[.ifModifiedSince].flatMap(HTTPDate.parse), version.lastModified <= ims {
            return Response(status: .notModified, headers: headers)
        }
        let entry: ResponseCache.Entry
        if let hit = cache.get(etag) {
            entry = hit
        } else {
            let rendered = try await render()
            var body = ByteBuffer(bytes: rendered.bytes)
            var gzipped = false
            if gzip && rendered.bytes.count > 1024 && !rendered.contentType.hasPrefix("image/") {
                body = try body.compress(with: .gzip())
                gzipped = true
            }
            entry = ResponseCache.Entry(body: body, contentType: rendered.contentType, gzipped: gzipped)
            cache.put(etag, entry)
        }
        headers[.contentType] = entry.contentType
        if entry.gzipped { headers[.contentEncoding] = "gzip" }
        headers[.contentLength] = String(entry.body.readableBytes)
        if request.method == .head { return Response(status: .ok, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.body))
    }

    // MARK: - Errors

    static func errorResponse(_ error: ServerError) -> Response {
        switch error {
        case let .invalidParameter(name, reason):
            return errorResponse(status: .badRequest, code: "InvalidParameterValue", description: "\(name): \(reason)", parameter: name)
        case let .notFound(what):
            return errorResponse(status: .notFound, code: "NotFound", description: "\(what) not found")
        case let .startup(why):
            return errorResponse(status: .internalServerError, code: "ServerError", description: why)
        }
    }

    static func errorResponse(status: HTTPResponse.Status, code: String, description: String, parameter: String? = nil,
                              extra: HTTPFields = [:]) -> Response {
        let body = OGCDocuments.exception(code: code, description: description, parameter: parameter).text + "\n"
        var headers = extra
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
