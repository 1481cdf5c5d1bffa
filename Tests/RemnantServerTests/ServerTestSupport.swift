import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RemnantServer
import RemnantStore

/// A store seeded from the repository's `GeoData/` (the 28 shipped incidents) in a scratch
/// directory, and a server over it on 127.0.0.1 with a free port.
enum ServerTestSupport {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let geoData = GeoData(directory: repository.appendingPathComponent("GeoData"))

    static func seededStore() throws -> (IncidentStore, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-serve-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try IncidentStore(path: dir.appendingPathComponent("remnant.gpkg").path)
        _ = try geoData.seedIfNeeded(store)
        return (store, dir)
    }

    static func server(_ store: IncidentStore, cors: String? = nil, cacheBytes: Int = 64 << 20, idleTimeoutSeconds: Int64 = 60) throws -> FeatureServer {
        var config = ServerConfiguration(host: "127.0.0.1", port: 0, corsOrigin: cors)
        config.idleTimeoutSeconds = idleTimeoutSeconds
        config.countriesURL = geoData.countries
        config.gazetteerURL = geoData.places
        config.responseCacheBytes = cacheBytes
        return try FeatureServer(store: store, configuration: config)
    }

    static var logger: Logger {
        var l = Logger(label: "remnant.serve.test")
        l.logLevel = .warning
        return l
    }

    /// Runs `body` against a live server over a fresh seeded store; the server always stops.
    static func withServer<T: Sendable>(cors: String? = nil, cacheBytes: Int = 64 << 20, idleTimeoutSeconds: Int64 = 60,
                                        _ body: @Sendable (any TestClientProtocol, IncidentStore) async throws -> T) async throws -> T {
        let (store, dir) = try seededStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try server(store, cors: cors, cacheBytes: cacheBytes, idleTimeoutSeconds: idleTimeoutSeconds).makeApplication(logger: logger)
        return try await app.test(.live) { client in try await body(client, store) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }
}

extension TestClientProtocol {
    func get(_ uri: String, _ headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}
