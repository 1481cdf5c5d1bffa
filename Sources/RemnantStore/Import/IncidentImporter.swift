import Dispatch
import Foundation
import Synchronization

/// The formats `remnant import` reads, detected from the file extension (and, for CSV, the header).
public enum ImportFormat: String, Sendable, CaseIterable {
    case csv, geojson, kml

    public init(url: URL) throws(StoreError) {
        switch url.pathExtension.lowercased() {
        case "csv", "txt": self = .csv
        case "geojson", "json": self = .geojson
        case "kml": self = .kml
        default:
            throw .unsupportedFormat(file: url.lastPathComponent, reason: "unknown extension '.\(url.pathExtension)'; expected .csv, .geojson/.json or .kml")
        }
    }
}

/// The outcome of an import.
public struct ImportReport: Sendable {
    public var summary: WriteSummary
    public var warnings: [ImportWarning]
    public var dryRun: Bool
    /// Per file: name, detected layout, records read.
    public var files: [(name: String, layout: String, records: Int)]
}

/// Imports files into the store: every file, every record, one transaction. A single bad
/// record anywhere rolls the whole import back and reports `file:line: field: problem`.
///
/// Reading and validating run on a worker thread while this thread writes to SQLite, joined by
/// a bounded channel of incident batches (memory stays bounded: at most 8 batches of 512 in
/// flight, and every reader streams its file). The worker builds its own gazetteer and boundary objects (GEOS contexts are not
/// shared across threads); only `Incident` values cross.
public struct IncidentImporter: Sendable {
    public let store: IncidentStore
    /// The gazetteer (`places.csv`) for geocoding rows without coordinates, if any.
    public let gazetteerURL: URL?
    /// Country polygons for the outside-its-country warning, if any.
    public let boundariesURL: URL?

    public init(store: IncidentStore, gazetteer: URL?, boundaries: URL?) {
        self.store = store
        self.gazetteerURL = gazetteer
        self.boundariesURL = boundaries
    }

    /// Inputs from this many bytes on (about 60,000 CSV rows) are written as a bulk load: see
    /// ``IncidentStore/write(policy:dryRun:bulk:_:)``.
    public static let bulkInputBytes = 16 << 20

    /// True when the files together hold at least ``bulkInputBytes``.
    static func isBulk(_ urls: [URL]) -> Bool {
        var bytes = 0
        for url in urls {
            bytes += ((try? FileManager.default.attributesOfItem(atPath: url.path)[.size]) as? Int) ?? 0
        }
        return bytes >= bulkInputBytes
    }

    public func importFiles(_ urls: [URL], policy: ExistingPolicy = .update, dryRun: Bool = false) throws -> ImportReport {
        let catalog = try store.catalog()
        let channel = ImportChannel()
        let gazetteerURL = self.gazetteerURL, boundariesURL = self.boundariesURL
        let worker = Thread {
            channel.produce(urls: urls, catalog: catalog, gazetteer: gazetteerURL, boundaries: boundariesURL)
        }
        worker.start()
        var warnings: [ImportWarning] = []
        var files: [(String, String, Int)] = []
        let summary: WriteSummary
        do {
            summary = try store.write(policy: policy, dryRun: dryRun, bulk: Self.isBulk(urls)) { session in
                while true {
                    switch channel.receive() {
                    case let .batch(rows):
                        try session.write(rows)
                    case let .file(name, layout, records, fileWarnings):
                        files.append((name, layout, records))
                        warnings += fileWarnings
                    case let .failed(error):
                        throw error
                    case let .finished(parserWarnings):
                        warnings += parserWarnings
                        return
                    }
                }
            }
        } catch {
            channel.cancel()
            throw error
        }
        return ImportReport(summary: summary, warnings: warnings, dryRun: dryRun, files: files)
    }
}

/// A bounded single-producer, single-consumer channel between the import worker and the writer.
final class ImportChannel: Sendable {
    enum Message: Sendable {
        /// Incidents with their row values encoded on the worker (see ``IncidentInsertRows``).
        case batch(IncidentInsertRows)
        case file(name: String, layout: String, records: Int, warnings: [ImportWarning])
        case failed(StoreError)
        case finished([ImportWarning])
    }

    private let queue = Mutex<(messages: [Message], cancelled: Bool)>(([], false))
    private let available = DispatchSemaphore(value: 0)
    private let space = DispatchSemaphore(value: 8)
    static let batchSize = 512

    /// Blocks until the writer has room; returns false once the writer has given up.
    private func send(_ m: Message) -> Bool {
        space.wait()
        let accepted = queue.withLock { state -> Bool in
            if state.cancelled { return false }
            state.messages.append(m)
            return true
        }
        if accepted { available.signal() }
        return accepted
    }

    func receive() -> Message {
        available.wait()
        let m = queue.withLock { $0.messages.removeFirst() }
        space.signal()
        return m
    }

    /// The writer failed: stop the worker and let it run to its end without blocking.
    func cancel() {
        queue.withLock { $0.cancelled = true }
        for _ in 0..<16 { space.signal() }
    }

    /// The worker: reads and validates every file, sending batches, then `finished` or `failed`.
    func produce(urls: [URL], catalog: MunitionCatalog, gazetteer: URL?, boundaries: URL?) {
        do throws(StoreError) {
            // The gazetteer is read only if a row needs geocoding.
            var parser = IncidentRecordParser(catalog: catalog, gazetteer: gazetteer.map { Gazetteer(deferredURL: $0) },
                                              boundaries: try boundaries.map { url throws(StoreError) in try CountryBoundaries(url: url) })
            for url in urls {
                parser.beginFile()
                var batch: [Incident] = []
                batch.reserveCapacity(Self.batchSize)
                var records = 0
                func add(_ raw: RawRecord) throws(StoreError) -> Bool {
                    batch.append(try parser.parse(raw))
                    records += 1
                    if batch.count == Self.batchSize {
                        guard send(.batch(IncidentInsertRows(batch))) else { return false }
                        batch.removeAll(keepingCapacity: true)
                    }
                    return true
                }
                let layout: String
                var fileWarnings: [ImportWarning] = []
                switch try ImportFormat(url: url) {
                case .csv:
                    let reader = try CSVIncidentReader(url: url)
                    layout = "CSV (\(reader.layout.rawValue))"
                    while let raw = try reader.next() { guard try add(raw) else { return } }
                    fileWarnings = reader.warnings
                case .geojson:
                    layout = "GeoJSON"
                    var stopped = false
                    try GeoJSONIncidentReader.forEachRecord(url: url) { raw throws(StoreError) in
                        stopped = try !add(raw)
                        return !stopped
                    }
                    if stopped { return }
                case .kml:
                    layout = "KML"
                    var stopped = false
                    try KMLIncidentReader.forEachRecord(url: url) { raw throws(StoreError) in
                        stopped = try !add(raw)
                        return !stopped
                    }
                    if stopped { return }
                }
                if !batch.isEmpty { guard send(.batch(IncidentInsertRows(batch))) else { return } }
                guard send(.file(name: url.lastPathComponent, layout: layout, records: records, warnings: fileWarnings)) else { return }
            }
            _ = send(.finished(parser.warnings))
        } catch {
            _ = send(.failed(error))
        }
    }
}
