import ArgumentParser
import Foundation
import Logging
import RemnantServer
import RemnantStore

extension Remnant {
    /// `remnant serve`: the OGC API – Features server with its live map. Parses options and
    /// starts ``FeatureServer``; everything else is in RemnantServer.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the store as OGC API – Features (GeoJSON, HTML, KML) with a live map at /map.",
            discussion: """
            Read-only. Listens on 127.0.0.1 unless --host is given. Endpoints: / (landing page), /api (OpenAPI 3.0), \
            /conformance, /collections, /collections/{incidents|zones|hexes}[/items[/{id}]], items.kml, /network-link.kml, /map. \
            In QGIS: Add WFS / OGC API – Features Layer with the URL http://HOST:PORT. Stop with Ctrl-C (SIGINT) or SIGTERM.
            """)

        @Option(help: "Address to listen on (default 127.0.0.1, loopback only; 0.0.0.0 for every interface).")
        var host = "127.0.0.1"

        @Option(help: "Port to listen on (0 picks a free one).")
        var port = 8080

        @Option(help: "Send Access-Control-Allow-Origin for this origin (CORS is off without it).")
        var cors: String?

        @Option(help: "Memory for rendered responses, in MiB (0 turns the response cache off).")
        var cacheMb = 256

        @Option(help: "Memory for incidents' rendered GeoJSON, reused across pages, in MiB (0 renders every page from the store).")
        var featureCacheMb = 256

        @Option(help: "Log level of the access log: trace, debug, info, notice, warning, error or critical.")
        var logLevel: String = "info"

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
            guard (0...16384).contains(cacheMb) else { throw ValidationError("--cache-mb must be between 0 and 16384.") }
            guard (0...16384).contains(featureCacheMb) else { throw ValidationError("--feature-cache-mb must be between 0 and 16384.") }
            guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level '\(logLevel)' is not a log level.") }
            if let cors, !(cors == "*" || cors.hasPrefix("http://") || cors.hasPrefix("https://")) {
                throw ValidationError("--cors takes an origin such as https://maps.example.org, or *.")
            }
        }

        func run() async throws {
            do {
                let (store, geoData) = try storeOptions.open()
                var config = ServerConfiguration(host: host, port: port, corsOrigin: cors)
                config.responseCacheBytes = cacheMb << 20
                config.featureCacheBytes = featureCacheMb << 20
                config.countriesURL = geoData?.countries
                config.gazetteerURL = geoData?.places
                config.version = Remnant.version
                var logger = Logger(label: "remnant.serve")
                logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
                let server = try FeatureServer(store: store, configuration: config)
                let host = self.host
                try await server.run(logger: logger) { port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    Console.note("remnant: serving \(store.path) at http://\(shown):\(port)/ (map: /map); Ctrl-C stops")
                }
            } catch let error as ValidationError {
                throw error
            } catch {
                Console.note("remnant: error: \(error)")
                throw ExitCode.failure
            }
        }
    }
}
