import Foundation
import Testing

/// `remnant import` and `remnant export` killed with SIGKILL part-way: the store stays valid and
/// holds exactly what it held before (one transaction, SQLite's WAL), and an export never leaves a
/// partial file under the target name (a temporary renamed into place).
@Suite struct CrashSafetyCLITests {
    /// Under 16 MiB of input the import writes in WAL mode; from 16 MiB on, with nothing else
    /// holding the store open, with a rollback journal (a bulk load): both must survive SIGKILL.
    @Test(arguments: [false, true])
    func sigkillDuringImportLeavesTheStoreValidAndUnchanged(bulk: Bool) throws {
        try CLITests.withStore { dir, env in
            let store = URL(fileURLWithPath: env["REMNANT_STORE"]!)
            #expect(try CLITests.run(["stats"], environment: env).status == 0)  // seeds 28 incidents
            let before = try CLITests.storeContents(store)
            #expect(try CLITests.count(store) == 28)
            let big = dir.appendingPathComponent("big.csv")
            // 100,000 short rows (6.6 MB), or 60,000 padded ones (22 MB).
            let csv = bulk ? CLITests.syntheticCSV(rows: 60_000, prefix: "K", padding: 300) : CLITests.syntheticCSV(rows: 100_000, prefix: "K")
            #expect((csv.count >= 16 << 20) == bulk)
            try csv.write(to: big)

            let importer = try CLITests.spawn(["import", big.path], environment: env, log: dir.appendingPathComponent("import.log"))
            defer { if importer.isRunning { kill(importer.processIdentifier, SIGKILL); importer.waitUntilExit() } }
            // Its write transaction is open once it holds the write lock; let it write for a second.
            #expect(try CLITests.wait(upTo: 30) { try CLITests.isWriteLocked(store) })
            Thread.sleep(forTimeInterval: 1)
            #expect(importer.isRunning, "the import finished before it could be killed")
            kill(importer.processIdentifier, SIGKILL)
            importer.waitUntilExit()
            #expect(importer.terminationReason == .uncaughtSignal && importer.terminationStatus == SIGKILL)

            // Killed mid-write, a bulk load leaves its rollback journal (the next connection to open
            // the store, here the sqlite3 shell, plays it back); killed while GRDB was still
            // opening the store, it was in WAL. Either way the store is as it was.
            #expect(try CLITests.integrity(store) == "ok\nok\n")
            #expect(try CLITests.storeContents(store) == before)
            // The store is not left locked: the next import goes through.
            let small = dir.appendingPathComponent("small.csv")
            try CLITests.syntheticCSV(rows: 3, prefix: "S").write(to: small)
            let after = try CLITests.run(["import", small.path], environment: env)
            #expect(after.status == 0, "\(after.stderr)")
            #expect(try CLITests.count(store) == 31)
            #expect(try CLITests.sqlite(store, "PRAGMA journal_mode") == "'wal'\n")
        }
    }

    @Test func sigkillDuringExportLeavesThePreviousFileAndANamedTemporary() throws {
        try CLITests.withStore { dir, env in
            let store = URL(fileURLWithPath: env["REMNANT_STORE"]!)
            #expect(try CLITests.run(["stats"], environment: env).status == 0)
            try CLITests.multiplyStore(store, copies: 300)  // 8,428 incidents
            #expect(try CLITests.count(store) == 28 * 301)
            #expect(try CLITests.integrity(store) == "ok\nok\n")
            let target = dir.appendingPathComponent("out.geojson")
            let previous = Data("{\"type\":\"FeatureCollection\",\"features\":[]}\n".utf8)
            try previous.write(to: target)

            let exporter = try CLITests.spawn(["export", "--layer", "incidents", "-o", target.path], environment: env,
                                              log: dir.appendingPathComponent("export.log"))
            defer { if exporter.isRunning { kill(exporter.processIdentifier, SIGKILL); exporter.waitUntilExit() } }
            let prefix = ".out.geojson.\(exporter.processIdentifier)."
            func temporaries() throws -> [String] {
                try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".out.geojson.") }
            }
            // Kill it once it has written 1 MB of its temporary file.
            let midWrite = try CLITests.wait(upTo: 60) {
                try temporaries().contains { name in
                    let size = (try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(name).path)[.size] as? Int) ?? 0
                    return name.hasPrefix(prefix) && size > 1 << 20
                }
            }
            #expect(midWrite)
            #expect(exporter.isRunning, "the export finished before it could be killed")
            kill(exporter.processIdentifier, SIGKILL)
            exporter.waitUntilExit()

            #expect(try Data(contentsOf: target) == previous)
            let left = try temporaries()
            #expect(left.count == 1 && left[0].hasPrefix(prefix) && left[0].hasSuffix(".tmp"), "\(left)")
            // The next export to that name replaces the file and removes the dead process's temporary.
            let again = try CLITests.run(["export", "--layer", "incidents", "--country", "GE", "-o", target.path], environment: env)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try temporaries().isEmpty)
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: target)) as? [String: Any]
            #expect((object?["features"] as? [Any])?.isEmpty == false)
        }
    }
}
