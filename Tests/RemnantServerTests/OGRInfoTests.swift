import Foundation
import HummingbirdTesting
import Testing

/// GDAL as a real client: its OGC API – Features driver (OAPIF, Debian's gdal-bin, installed by
/// `make test`) reads the collections through the landing page, the API definition and the
/// `next` links.
@Suite struct OGRInfoTests {
    /// Runs a command without blocking a concurrency thread (the server needs them).
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["GDAL_HTTP_TIMEOUT"] = "20"
            p.environment = environment
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = pipe
            Thread.detachNewThread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                continuation.resume(returning: (p.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
            do { try p.run() } catch {
                try? pipe.fileHandleForWriting.close()
                continuation.resume(throwing: error)
            }
        }
    }

    @Test func ogrinfoReadsIncidentsPastOnePage() async throws {
        try await ServerTestSupport.withServer { client, store in
            let port = try #require(client.port)
            let expected = try store.count()
            let url = "OAPIF:http://127.0.0.1:\(port)"
            // The collection list.
            let list = try await Self.run(["ogrinfo", "-ro", "-q", url])
            #expect(list.status == 0, "\(list.output)")
            #expect(list.output.contains("incidents") && list.output.contains("zones") && list.output.contains("hexes"), "\(list.output)")
            // Every feature, 10 a page: three requests following `next`.
            let all = try await Self.run(["ogrinfo", "-ro", "-oo", "PAGE_SIZE=10", url, "incidents"])
            #expect(all.status == 0, "\(all.output.prefix(2000))")
            let features = all.output.components(separatedBy: "OGRFeature(incidents):").count - 1
            #expect(features == expected, "\(all.output.prefix(2000))")
            #expect(all.output.contains("munition (String)") || all.output.contains("munition: String"), "\(all.output.prefix(3000))")
            // The summary's count (from numberMatched or by paging).
            let summary = try await Self.run(["ogrinfo", "-ro", "-so", "-oo", "PAGE_SIZE=10", url, "incidents"])
            #expect(summary.output.contains("Feature Count: \(expected)"), "\(summary.output)")
            // A spatial filter is sent as bbox.
            let georgia = try await Self.run(["ogrinfo", "-ro", "-so", "-spat", "40", "41", "47", "44", url, "incidents"])
            let inBox = try store.incidents().filter { (40...47).contains($0.incident.location.lon) && (41...44).contains($0.incident.location.lat) }.count
            #expect(georgia.output.contains("Feature Count: \(inBox)"), "\(georgia.output)")
        }
    }
}
