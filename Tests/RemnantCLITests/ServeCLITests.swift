import Foundation
import Testing

/// `remnant serve` as a user runs it: it binds loopback on the port asked for (0: a free one),
/// answers, and stops cleanly on SIGINT and SIGTERM.
@Suite struct ServeCLITests {
    /// Starts the server, waits for its "serving … at http://127.0.0.1:PORT/" line, runs `body`
    /// with the port, then sends `signal` and returns the exit status.
    /// `store` defaults to a new one in a scratch directory.
    static func withServer(signal: Int32, store: URL? = nil, _ body: (Int) throws -> Void) throws -> Int32 {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("remnant-serve-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["serve", "--port", "0", "--store", (store ?? dir.appendingPathComponent("s.gpkg")).path]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("Ctrl-C stops"), Date() < deadline, process.isRunning {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let match = try #require(text.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\//), "\(text)")
        let port = try #require(Int(match.output.1))
        try body(port)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func curl(_ url: String) throws -> (status: Int32, body: String) {
        let r = try CLITests.runTool("curl", ["-s", "-f", "--max-time", "20", url])
        return r
    }

    @Test func servesLoopbackAndStopsOnSIGINT() throws {
        let status = try Self.withServer(signal: SIGINT) { port in
            let r = try Self.curl("http://127.0.0.1:\(port)/conformance")
            #expect(r.status == 0 && r.body.contains("ogcapi-features-1"))
            let items = try Self.curl("http://127.0.0.1:\(port)/collections/incidents/items?limit=2")
            #expect(items.body.contains("\"numberReturned\":2"))
        }
        #expect(status == 0)
    }

    @Test func stopsOnSIGTERM() throws {
        let status = try Self.withServer(signal: SIGTERM) { port in
            let r = try Self.curl("http://127.0.0.1:\(port)/")
            #expect(r.status == 0)
        }
        #expect(status == 0)
    }

    @Test func refusesBadOptions() throws {
        #expect(try CLITests.run(["serve", "--port", "70000"]).status == 64)
        #expect(try CLITests.run(["serve", "--cors", "example.org"]).status == 64)
    }
}

extension CLITests {
    /// Runs another program (curl) and returns its status and standard output.
    static func runTool(_ name: String, _ arguments: [String]) throws -> (status: Int32, body: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [name] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
