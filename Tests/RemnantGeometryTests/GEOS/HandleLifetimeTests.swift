import Foundation
import Testing
@testable import RemnantGeometry

/// Every C handle is freed in `deinit`: many create/destroy cycles must not grow resident memory.
/// (valgrind gives the byte-exact answer; see README "Leak check". This test catches regressions.)
/// Resident memory is process-wide, so `make test` runs this suite in its own `swift test`.
@Suite(.serialized) struct HandleLifetimeTests {
    /// Resident set size in bytes, from /proc/self/statm (Linux).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// One cycle touches every owning class: contexts, geometries, readers/writers, prepared
    /// geometries, STRtree, PROJ contexts and transformers.
    static func cycle(_ i: Int) throws {
        let context = GEOSContext()
        let p = try Geometry(wkt: "POINT (\(i % 100) 1)", context: context)
        let zone = try p.buffer(10, quadrantSegments: 16)
        let other = try Geometry(wkb: try zone.wkb(), context: context)
        let u = try zone.union(try other.buffer(1)).intersection(zone)
        _ = try u.geoJSON()
        _ = try u.wkt(precision: 3)
        _ = try? Geometry(wkt: "garbage", context: context)
        let prepared = try PreparedGeometry(u)
        _ = try prepared.contains(p)
        let tree = STRtree(context: context)
        try tree.insert(u, item: 0)
        _ = tree.query(p)
        if i % 10 == 0 {
            let proj = PROJContext()
            _ = try LocalMetricCRS(center: .init(lon: 44, lat: 42)).transformer(in: proj).transform(Coordinate(lon: 44.01, lat: 42.01))
        }
    }

    @Test func createDestroyCyclesDoNotGrowMemory() throws {
        // Warm up allocator arenas and PROJ's database cache first.
        for i in 0..<2_000 { try Self.cycle(i) }
        let before = Self.residentBytes()
        for i in 0..<20_000 { try Self.cycle(i) }
        let grown = Self.residentBytes() - before
        // One leaked buffer polygon (~1.2 KB) per cycle would add ~24 MB; allow allocator noise.
        #expect(grown < 8 * 1024 * 1024, "resident memory grew by \(grown / 1024) KiB over 20,000 cycles")
    }
}
