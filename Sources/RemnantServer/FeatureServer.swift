import Foundation
import Hummingbird
import ServiceLifecycle
import Logging
import RemnantStore

/// How `remnant serve` runs: where it listens and its safety limits.
public struct ServerConfiguration: Sendable {
    /// Loopback unless told otherwise.
    public var host = "127.0.0.1"
    /// 0 picks a free port (tests).
    public var port = 8080
    /// `Access-Control-Allow-Origin` for this origin; no CORS headers when nil.
    public var corsOrigin: String?
    /// Rendered responses kept in memory by ETag; 0 disables the cache.
    public var responseCacheBytes = 256 << 20
    /// Incidents' rendered GeoJSON kept across pages (``FeatureFragmentCache``): about 0.95 KB
    /// per incident, and a generation holds half the budget, so 256 MiB keeps all of 100,000
    /// (about 95 MiB of them) without evicting; 0 renders every page from the store.
    public var featureCacheBytes = 256 << 20
    /// Debian's libjs-leaflet files.
    public var leafletDirectory = "/usr/share/javascript/leaflet"
    /// The country boundaries of the map's base layer (`GeoData/boundaries/countries.geojson`).
    public var countriesURL: URL?
    /// The gazetteer for hazard areas' nearest places (`GeoData/places.csv`).
    public var gazetteerURL: URL?
    /// Close connections idle this long: no complete request head or body part read, and no
    /// response in progress. A client trickling a partial request (slowloris) produces no part,
    /// so its connection is closed this long after it opened, however slowly it keeps sending.
    public var idleTimeoutSeconds: Int64 = 60
    /// Longest request line or single header field, in bytes (NIO's llhttp decoder limit; over
    /// it the connection gets 400 and is closed). Room for the longest accepted target
    /// (``RequestLimitsMiddleware/maximumTargetLength``) and a large cookie.
    public var maximumHeaderFieldBytes = 16 << 10
    /// Longest request head in all (request line and every header field), in bytes.
    public var maximumHeaderBytes = 64 << 10
    /// Most header fields in one request.
    public var maximumHeaderCount = 128
    /// Reported in the OpenAPI document.
    public var version = "0.1.0"

    public init(host: String = "127.0.0.1", port: Int = 8080, corsOrigin: String? = nil) {
        self.host = host
        self.port = port
        self.corsOrigin = corsOrigin
    }
}

/// The OGC API – Features server over one incident store: Part 1 Core with the GeoJSON, HTML
/// and OpenAPI 3.0 conformance classes, KML alternates, a KML NetworkLink and a Leaflet map.
/// Read-only (GET, HEAD, OPTIONS), loopback by default, page size and request size capped,
/// ETag/Last-Modified with conditional requests, gzip on request, access log through swift-log,
/// graceful shutdown on SIGINT/SIGTERM.
public struct FeatureServer: Sendable {
    public let service: FeatureService
    public let configuration: ServerConfiguration
    let cache: ResponseCache
    let statics: StaticFiles

    public init(store: IncidentStore, configuration: ServerConfiguration) throws(ServerError) {
        self.configuration = configuration
        self.service = FeatureService(store: store, gazetteerURL: configuration.gazetteerURL,
                                      fragmentCacheBytes: configuration.featureCacheBytes)
        self.cache = ResponseCache(capacityBytes: configuration.responseCacheBytes)
        self.statics = try StaticFiles.load(leafletDirectory: configuration.leafletDirectory, countries: configuration.countriesURL)
    }

    /// The Hummingbird application (tests run it with HummingbirdTesting's live client).
    public func makeApplication(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: RequestLimitsMiddleware(cors: configuration.corsOrigin != nil))
        if let origin = configuration.corsOrigin {
            router.add(middleware: CORSMiddleware(allowOrigin: .custom(origin), allowHeaders: [.accept, .ifNoneMatch, .ifModifiedSince],
                                                  allowMethods: [.get, .head], exposedHeaders: ["ETag", "Last-Modified"]))
        }
        addRoutes(to: router)
        return Application(
            router: router,
            server: .http1(configuration: .init(
                idleTimeout: .seconds(configuration.idleTimeoutSeconds),
                httpDecoderConfiguration: .init(maxHeaderFieldSize: configuration.maximumHeaderFieldBytes,
                                                maxHeaderListSize: configuration.maximumHeaderBytes,
                                                maxHeaderFieldCount: configuration.maximumHeaderCount))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Remnant"),
            services: [DerivedLayersService(service: service)],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Runs until SIGINT or SIGTERM, then finishes the requests in flight and returns.
    public func run(logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await makeApplication(logger: logger, onServerRunning: onServerRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}

/// Safety limits on every request: GET, HEAD and OPTIONS only (405 with `Allow`), no request
/// body (413), a bounded request target (414). OPTIONS is answered here (204 with `Allow`,
/// RFC 9110 §9.3.7) unless it is a CORS preflight and CORS is on, which CORSMiddleware answers.
/// Oversized request heads never get here: NIO's decoder refuses them (400, connection closed).
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maximumTargetLength: Int { QueryString.maximumLength + 1024 }
    static var allowed: String { "GET, HEAD, OPTIONS" }

    /// Whether CORSMiddleware follows (it answers preflight OPTIONS requests).
    var cors = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head || request.method == .options else {
            return FeatureServer.errorResponse(status: .methodNotAllowed, code: "MethodNotAllowed",
                                               description: "this server is read-only: GET, HEAD and OPTIONS only", extra: [.allow: Self.allowed])
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > 0 {
            return FeatureServer.errorResponse(status: .contentTooLarge, code: "PayloadTooLarge", description: "requests take no body")
        }
        if request.headers[.transferEncoding] != nil {
            return FeatureServer.errorResponse(status: .contentTooLarge, code: "PayloadTooLarge", description: "requests take no body")
        }
        guard (request.head.path?.utf8.count ?? 0) <= Self.maximumTargetLength else {
            return FeatureServer.errorResponse(status: .uriTooLong, code: "URITooLong", description: "request target longer than \(Self.maximumTargetLength) bytes")
        }
        if request.method == .options && !(cors && request.headers.contains(.origin)) {
            return Response(status: .noContent, headers: [.allow: Self.allowed, .cacheControl: "no-store"])
        }
        return try await next(request, context)
    }
}

/// Builds the derived layers (hazard areas, hex bins) when the server starts and, at shutdown,
/// waits for a build still running, so the process never exits while GEOS and PROJ work on
/// another thread (PROJ's global destructors would crash under it).
struct DerivedLayersService: Service {
    let service: FeatureService

    func run() async throws {
        await service.prepare()
        // A service that returns early stops the whole group: stay until shutdown.
        try? await gracefulShutdown()
        await service.finishBuilding()
    }
}
