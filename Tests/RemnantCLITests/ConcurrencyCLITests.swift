import Foundation
import Testing

/// Several `remnant` processes on one store: readers (the CLI and the server) answer from the last
/// committed state while an import writes (WAL), and two imports wait for each other (busy
/// timeout) rather than fail.
@Suite struct ConcurrencyCLITests {
    @Test func queriesAndTheServerAnswerWhileAnImportWrites() throws {
        try CLITests.withStore { dir, env in
            let store = URL(fileURLWithPath: env["REMNANT_STORE"]!)
            #expect(try CLITests.run(["stats"], environment: env).status == 0)  // seeds 28 incidents
            let big = dir.appendingPathComponent("big.csv")
            try CLITests.syntheticCSV(rows: 100_000, prefix: "W").write(to: big)
            let status = try ServeCLITests.withServer(signal: SIGTERM, store: store) { port in
                let importer = try CLITests.spawn(["import", big.path], environment: env, log: dir.appendingPathComponent("import.log"))
                defer { if importer.isRunning { kill(importer.processIdentifier, SIGKILL); importer.waitUntilExit() } }
                #expect(try CLITests.wait(upTo: 30) { try CLITests.isWriteLocked(store) })

                let clock = ContinuousClock()
                var query = CLITests.Run(status: -1, stdout: "", stderr: "")
                let elapsed = try clock.measure { query = try CLITests.run(["query", "--country", "GE", "--format", "csv"], environment: env) }
                #expect(query.status == 0, "\(query.stderr)")
                #expect(query.stdout.contains("GE-2008-ruisi"))
                #expect(elapsed < .seconds(10), "a reader waited \(elapsed) for the import")
                let stats = try CLITests.run(["stats"], environment: env)
                #expect(stats.status == 0 && stats.stdout.hasPrefix("28 incidents"), "\(stats.stderr)")
                let items = try ServeCLITests.curl("http://127.0.0.1:\(port)/collections/incidents/items?limit=1000")
                #expect(items.status == 0 && items.body.contains("\"numberReturned\":28"))
                #expect(importer.isRunning, "the import finished before the readers ran")
                #expect(try CLITests.isWriteLocked(store))
            }
            #expect(status == 0)
            #expect(try CLITests.integrity(store) == "ok\nok\n")
        }
    }

    @Test func twoImportsAtOnceSerialiseAndBothLand() throws {
        try CLITests.withStore { dir, env in
            let store = URL(fileURLWithPath: env["REMNANT_STORE"]!)
            #expect(try CLITests.run(["stats"], environment: env).status == 0)
            let a = dir.appendingPathComponent("a.csv"), b = dir.appendingPathComponent("b.csv")
            try CLITests.syntheticCSV(rows: 3_000, prefix: "A").write(to: a)
            try CLITests.syntheticCSV(rows: 3_000, prefix: "B").write(to: b)
            let first = try CLITests.spawn(["import", a.path], environment: env, log: dir.appendingPathComponent("a.log"))
            defer { if first.isRunning { kill(first.processIdentifier, SIGKILL); first.waitUntilExit() } }
            // The second starts while the first holds the write lock, so it has to wait.
            #expect(try CLITests.wait(upTo: 30) { try CLITests.isWriteLocked(store) || !first.isRunning })
            let second = try CLITests.spawn(["import", b.path], environment: env, log: dir.appendingPathComponent("b.log"))
            defer { if second.isRunning { kill(second.processIdentifier, SIGKILL); second.waitUntilExit() } }
            first.waitUntilExit()
            second.waitUntilExit()
            for (process, name) in [(first, "a"), (second, "b")] {
                let log = try String(contentsOf: dir.appendingPathComponent("\(name).log"), encoding: .utf8)
                #expect(process.terminationStatus == 0, "\(log)")
                #expect(log.contains("imported 3000 incidents") && log.contains("3000 new"), "\(log)")
            }
            #expect(try CLITests.count(store) == 6_028)
            #expect(try CLITests.sqlite(store, "SELECT count(*) FROM incidents WHERE id LIKE 'B-%'") == "3000\n")
            #expect(try CLITests.integrity(store) == "ok\nok\n")
        }
    }
}
