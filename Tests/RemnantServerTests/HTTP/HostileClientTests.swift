#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HummingbirdTesting
import RemnantServer
import Testing

/// Issue 9 (reliability), the server's part: load, slow clients, oversized requests, methods
/// and paths, over raw TCP sockets to a live server on 127.0.0.1 (exact bytes, no client-side
/// URL normalisation), with the real store over the shipped incidents.
@Suite(.serialized) struct HostileClientTests {
    /// The static files and the folders they sit in (StaticFiles.leafletFiles, countries).
    static let staticFiles = ["leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/layers.png", "leaflet/images/layers-2x.png",
                              "leaflet/images/marker-icon.png", "leaflet/images/marker-icon-2x.png", "leaflet/images/marker-shadow.png",
                              "countries.geojson"]

    static func port(_ client: any TestClientProtocol) throws -> Int { try #require(client.port) }

    /// A GET on a fresh connection that must answer 200 within `seconds`.
    static func expectServed(_ port: Int, _ target: String = "/collections/incidents/items?limit=5", within seconds: Double = 5) async throws {
        let start = ContinuousClock.now
        let r = try await RawHTTP.get(port: port, target, timeoutSeconds: seconds)
        let elapsed = (ContinuousClock.now - start) / .seconds(1)
        #expect(r?.status == 200, "GET \(target) after the hostile requests")
        #expect(elapsed < seconds, "GET \(target) took \(elapsed) s")
    }

    @Test func manyConcurrentClientsAreAllAnswered() async throws {
        // Cache off: every request renders from SQLite. 64 keep-alive connections for 3 s.
        try await ServerTestSupport.withServer(cacheBytes: 0) { client, _ in
            let port = try Self.port(client)
            let deadline = Date().addingTimeInterval(3)
            let targets = ["/collections/incidents/items?limit=10&offset=", "/collections/incidents/items?f=html&limit=5&offset=",
                           "/collections/incidents/items?limit=1&offset=", "/static/leaflet/leaflet.css?v=", "/collections/incidents/items?limit=3&offset="]
            let results = try await withThrowingTaskGroup(of: (ok: Int, failed: [String]).self) { group in
                for worker in 0..<64 {
                    group.addTask {
                        try await RawHTTP.onThread {
                            var ok = 0
                            var failed: [String] = []
                            var socket = try RawSocket(port: port, timeoutSeconds: 20)
                            var n = worker
                            while Date() < deadline {
                                let target = targets[n % targets.count] + String(n % 28 + 1)
                                n += 1
                                let sent = socket.write("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                                if sent, let r = socket.readResponse(), r.status == 200 {
                                    ok += 1
                                } else {
                                    failed.append(target)
                                    socket = try RawSocket(port: port, timeoutSeconds: 20)
                                }
                            }
                            return (ok: ok, failed: failed)
                        }
                    }
                }
                var all: [(ok: Int, failed: [String])] = []
                for try await r in group { all.append(r) }
                return all
            }
            let failed = results.flatMap(\.failed)
            #expect(failed.isEmpty, "failed: \(failed.prefix(10))")
            #expect(results.allSatisfy { $0.ok > 0 }, "every client was served")
            #expect(results.map(\.ok).reduce(0, +) >= 64)
            try await Self.expectServed(port)
        }
    }

    @Test func slowClientsDoNotStopOthers() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let port = try Self.port(client)
            // 200 connections trickling a request line one byte every 100 ms (slowloris) for 3 s.
            let trickle = Task {
                try await RawHTTP.onThread {
                    let sockets = try (0..<200).map { _ in try RawSocket(port: port, timeoutSeconds: 1) }
                    let line = Array("GET /collections/incidents/items?limit=1000&".utf8)
                    for i in 0..<30 {
                        for s in sockets { s.write([line[i % line.count]]) }
                        Thread.sleep(forTimeInterval: 0.1)
                    }
                    return sockets.count
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            for _ in 0..<3 { try await Self.expectServed(port, within: 2) }
            #expect(try await trickle.value == 200)
            try await Self.expectServed(port, within: 2)
        }
    }

    @Test func idleSlowAndHalfOpenConnectionsAreClosed() async throws {
        try await ServerTestSupport.withServer(idleTimeoutSeconds: 1) { client, _ in
            let port = try Self.port(client)
            let results = try await RawHTTP.onThread { () -> [String: Double] in
                func seconds(_ body: () -> Bool) -> Double {
                    let start = Date()
                    return body() ? Date().timeIntervalSince(start) : .infinity
                }
                var out: [String: Double] = [:]
                // Connects and sends nothing.
                let silent = try RawSocket(port: port, timeoutSeconds: 6)
                out["silent"] = seconds { silent.closedByPeer() }
                // Trickles a request line, a byte every 200 ms: no request head ever completes,
                // so the idle timer is never reset.
                let slow = try RawSocket(port: port, timeoutSeconds: 0.2)
                out["trickling"] = seconds {
                    let start = Date()
                    for byte in Array(String(repeating: "GET /collections/incidents/items?limit=1000", count: 4).utf8) {
                        guard slow.write([byte]) else { return true }
                        if let chunk = slow.receive() {
                            if chunk.isEmpty { return true }
                        } else if errno == ECONNRESET || errno == EPIPE {
                            return true
                        }
                        if Date().timeIntervalSince(start) > 6 { return false }
                    }
                    return false
                }
                // Half-open: the client closes its sending half at once.
                let halfOpen = try RawSocket(port: port, timeoutSeconds: 6)
                halfOpen.shutdownWrite()
                out["half-open"] = seconds { halfOpen.closedByPeer() }
                // A request then the sending half closed: answered, then closed.
                let lastWord = try RawSocket(port: port, timeoutSeconds: 6)
                lastWord.write("GET /conformance HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                lastWord.shutdownWrite()
                out["answered"] = lastWord.readResponse()?.status == 200 ? 0 : .infinity
                out["then closed"] = seconds { lastWord.closedByPeer() }
                return out
            }
            // The idle timeout is 1 s; allow for a loaded machine.
            #expect(results["silent"]! < 4, "a silent connection closed after \(results["silent"]!) s")
            #expect(results["trickling"]! < 4, "a trickling connection closed after \(results["trickling"]!) s")
            #expect(results["half-open"]! < 4, "a half-open connection closed after \(results["half-open"]!) s")
            #expect(results["answered"] == 0)
            #expect(results["then closed"]! < 4)
            try await Self.expectServed(port)
        }
    }

    @Test func oversizedHeadsAreRefused() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let port = try Self.port(client)
            let host = "Host: 127.0.0.1\r\n"
            let cases: [(String, String)] = [
                ("one 100 KB header", "GET / HTTP/1.1\r\n\(host)X-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n"),
                ("2,000 headers, 100 KB", "GET / HTTP/1.1\r\n\(host)" + (0..<2000).map { "X-H\($0): \(String(repeating: "b", count: 40))\r\n" }.joined() + "\r\n"),
                ("500 small headers", "GET / HTTP/1.1\r\n\(host)" + (0..<500).map { "X-\($0): 1\r\n" }.joined() + "\r\n"),
                ("a 100 KB target", "GET /collections/incidents/items?country=\(String(repeating: "A", count: 100_000)) HTTP/1.1\r\n\(host)\r\n"),
                ("a 1 MB target", "GET /\(String(repeating: "a", count: 1 << 20)) HTTP/1.1\r\n\(host)\r\n"),
            ]
            for (name, request) in cases {
                let (status, closed) = try await RawHTTP.onThread { () -> (Int?, Bool) in
                    let s = try RawSocket(port: port, timeoutSeconds: 10)
                    s.write(request)
                    let r = s.readResponse()
                    return (r?.status, s.closedByPeer())
                }
                #expect(status == 400 || status == 431 || status == nil, "\(name): \(String(describing: status))")
                #expect(closed, "\(name): the connection is closed")
            }
            // A target over the middleware's limit but within the decoder's: 414.
            let long = try await RawHTTP.get(port: port, "/collections/incidents/items?country=" + String(repeating: "A", count: 8000))
            #expect(long?.status == 414)
            // A head within the limits (a 10 KB cookie) is served.
            let cookie = try await RawHTTP.exchange(port: port, "GET /conformance HTTP/1.1\r\n\(host)Cookie: c=\(String(repeating: "c", count: 10_000))\r\nConnection: close\r\n\r\n")
            #expect(cookie?.status == 200)
            try await Self.expectServed(port)
        }
    }

    @Test func requestBodiesAreRefused() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let port = try Self.port(client)
            let tenMB = [UInt8](repeating: 0x7B, count: 10 << 20)
            // A 10 MB body with Content-Length: 413 as soon as the head is read; the server reads
            // and drops the body, and the same connection then serves the next request.
            let (declared, next) = try await RawHTTP.onThread { () -> (Int?, Int?) in
                let s = try RawSocket(port: port, timeoutSeconds: 20)
                s.write("GET /collections HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(tenMB.count)\r\n\r\n")
                s.write(tenMB)
                let first = s.readResponse()?.status
                s.write("GET /conformance HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                return (first, s.readResponse()?.status)
            }
            #expect(declared == 413)
            #expect(next == 200)
            // The same body chunked.
            let chunked = try await RawHTTP.onThread { () -> Int? in
                let s = try RawSocket(port: port, timeoutSeconds: 20)
                s.write("GET /collections HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                for start in stride(from: 0, to: tenMB.count, by: 1 << 20) {
                    s.write(String(1 << 20, radix: 16) + "\r\n")
                    s.write(Array(tenMB[start..<(start + (1 << 20))]))
                    s.write("\r\n")
                }
                s.write("0\r\n\r\n")
                return s.readResponse()?.status
            }
            #expect(chunked == 413)
            // POST with the body: 405 (the method is refused first).
            let post = try await RawHTTP.onThread { () -> Int? in
                let s = try RawSocket(port: port, timeoutSeconds: 20)
                s.write("POST /collections/incidents/items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/geo+json\r\nContent-Length: \(tenMB.count)\r\n\r\n")
                s.write(tenMB)
                return s.readResponse()?.status
            }
            #expect(post == 405)
            // A malformed length: the decoder refuses it.
            let bad = try await RawHTTP.exchange(port: port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n")
            #expect(bad == nil || bad?.status == 400)
            try await Self.expectServed(port)
        }
    }

    @Test func onlyReadMethodsAreAccepted() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let port = try Self.port(client)
            for method in ["POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND", "MKCOL", "LOCK"] {
                for target in ["/", "/collections/incidents/items", "/static/leaflet/leaflet.js", "/nowhere"] {
                    let r = try await RawHTTP.exchange(port: port, "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    #expect(r?.status == 405, "\(method) \(target)")
                    #expect(r?.headers["allow"] == "GET, HEAD, OPTIONS", "\(method) \(target)")
                    #expect(r?.text.contains("MethodNotAllowed") == true)
                }
            }
            let connect = try await RawHTTP.exchange(port: port, "CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n")
            #expect(connect == nil || connect?.status == 405 || connect?.status == 400, "CONNECT: \(String(describing: connect?.status))")
            // OPTIONS without --cors: 204 with Allow and no CORS headers, for any target.
            for target in ["/", "/collections/incidents/items", "*"] {
                let options = try await RawHTTP.exchange(port: port, "OPTIONS \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n")
                #expect(options?.status == 204, "OPTIONS \(target)")
                #expect(options?.headers["allow"] == "GET, HEAD, OPTIONS")
                #expect(options?.headers["access-control-allow-origin"] == nil)
            }
            let head = try await RawHTTP.exchange(port: port, "HEAD /collections HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", method: "HEAD")
            #expect(head?.status == 200 && head?.body.isEmpty == true)
            try await Self.expectServed(port)
        }
        // With --cors, a preflight is answered by the CORS middleware.
        try await ServerTestSupport.withServer(cors: "https://maps.example.org") { client, _ in
            let port = try Self.port(client)
            let preflight = try await RawHTTP.exchange(port: port, "OPTIONS /collections HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://maps.example.org\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n")
            #expect(preflight?.status == 204)
            #expect(preflight?.headers["access-control-allow-origin"] == "https://maps.example.org")
            #expect(preflight?.headers["access-control-allow-methods"]?.contains("POST") == false)
            let plain = try await RawHTTP.exchange(port: port, "OPTIONS /collections HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            #expect(plain?.status == 204 && plain?.headers["allow"] == "GET, HEAD, OPTIONS")
        }
    }

    @Test func pathsStayInsideTheServersOwnAssets() async throws {
        try await ServerTestSupport.withServer { client, _ in
            let port = try Self.port(client)
            for name in Self.staticFiles {
                #expect(try await RawHTTP.get(port: port, "/static/" + name)?.status == 200, "\(name) is served")
            }
            let escapes = ["../../../../../etc/passwd", "..%2f..%2f..%2f..%2f..%2fetc%2fpasswd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
                           "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                           "%252e%252e%252f%252e%252e%252f%252e%252e%252fetc%252fpasswd", "..%255c..%255c..%255cetc%255cpasswd",
                           "..%5c..%5c..%5c..%5cetc%5cpasswd", "..\\..\\..\\..\\etc\\passwd", "....//....//....//etc/passwd",
                           "..%c0%af..%c0%af..%c0%afetc%c0%afpasswd", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
                           "/etc/passwd", "%2fetc%2fpasswd", "//etc/passwd", "leaflet.js%00", "leaflet.js%00.png",
                           "leaflet.js%00/../../../../etc/passwd", "%00../../../../etc/passwd", ".", "..", "%2e", "%2e%2e",
                           "images/..", "images/../leaflet.js", "./leaflet.js", "leaflet.js/..",
                           "/usr/share/javascript/leaflet/leaflet.js", "file:///etc/passwd"]
            var targets: [String] = []
            for folder in ["/static/", "/static/leaflet/", "/static/leaflet/images/"] {
                targets += escapes.map { folder + $0 }
            }
            for name in Self.staticFiles {
                targets += ["/static/\(name)/../../../../etc/passwd", "/static/\(name)%2f..%2f..%2f..%2fetc%2fpasswd", "/static/\(name)%00",
                            "/static/\(name).bak", "/static/\(name)~"]
            }
            targets += ["/etc/passwd", "//etc/passwd", "///etc/passwd", "/usr/share/javascript/leaflet/leaflet.js", "/leaflet.js",
                        "/leaflet/leaflet.js", "/map/../../etc/passwd", "/map/..%2f..%2fetc%2fpasswd", "/..%2f..%2fetc%2fpasswd",
                        "/%2e%2e/%2e%2e/etc/passwd", "/collections/..%2f..%2f..%2fetc%2fpasswd/items",
                        "/collections/incidents/items/..%2f..%2f..%2fetc%2fpasswd", "/collections/incidents/items/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                        "/collections/incidents/items/%00", "/static", "/static/", "/static/leaflet", "/static/leaflet/",
                        "http://127.0.0.1/etc/passwd", "http://127.0.0.1/static/../../etc/passwd"]
            var answered: [String: Int] = [:]
            for target in targets {
                let r = try await RawHTTP.get(port: port, target)
                answered[target] = r?.status ?? 0
                #expect(r?.text.contains("root:") != true, "\(target) leaked /etc/passwd")
                #expect(r == nil || r?.status == 404 || r?.status == 400, "\(target): \(String(describing: r?.status))")
            }
            // Raw control bytes in the target: the decoder refuses them.
            for raw in ["/static/leaflet/leaflet.js\u{0}", "/static/\u{0}../../etc/passwd", "/static/leaflet/\r/etc/passwd"] {
                let r = try await RawHTTP.exchange(port: port, "GET \(raw) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                #expect(r == nil || r?.status == 400 || r?.status == 404, "raw \(raw.debugDescription): \(String(describing: r?.status))")
                #expect(r?.text.contains("root:") != true)
            }
            #expect(answered.count == Set(targets).count)
            try await Self.expectServed(port)
        }
    }
}
