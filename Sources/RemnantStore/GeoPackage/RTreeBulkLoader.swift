import Dispatch
import Foundation
import GRDB
import Synchronization

/// Builds a SQLite R*Tree (`rtree` module) in one pass by Sort-Tile-Recursive packing
/// (Leutenegger et al., 1997) and writes its shadow tables directly: `<t>_node` (node blobs),
/// `<t>_parent` and `<t>_rowid`. This is what GDAL (≥ 3.6) does for GeoPackage spatial indexes,
/// because inserting 1M entries one by one costs about 17 µs each in SQLite's R*Tree.
///
/// Node format (sqlite/ext/rtree/rtree.c): a blob of 4 + 24·51 = 1228 bytes (SQLite's size
/// for 4 KiB pages: at most 51 cells of a 2-D tree); bytes 0–1 the tree depth (root only),
/// bytes 2–3 the cell count, then per cell a big-endian int64 (row id, or child node number)
/// and minX, maxX, minY, maxY as big-endian float32, the min rounded down and the max up so the
/// float box contains the double one. Node 1 is the root. `rtreecheck()` verifies the result.
enum RTreeBulkLoader {
    static let maxCells = 51
    static let nodeBytes = 4 + 24 * maxCells

    struct Entry: Sendable {
        var id: Int64
        var minX: Double, maxX: Double, minY: Double, maxY: Double
    }

    /// The rows of a packed tree, ready to be written: computed without the database, so a bulk
    /// write can work it out on another thread while SQLite rebuilds the attribute indexes.
    struct Plan: Sendable {
        /// `<t>_node` rows (node number, blob), root first.
        var nodes: [(number: Int64, blob: Data)] = []
        /// `<t>_parent` rows (child node, parent node), in child order.
        var parents: [(node: Int64, parent: Int64)] = []
        /// `<t>_rowid` rows (row id, leaf node), in row-id order: `<t>_rowid` is a rowid table, so
        /// each insert appends to its last page, where leaf (spatial) order would seek a random
        /// page for each (1M rows: 1.2 s of a 2.0 s rebuild went to those seeks).
        var leaves: [(rowID: Int64, node: Int64)] = []
    }

    /// Packs `entries` (STR) and lays out the three shadow tables' rows.
    static func plan(_ entries: [Entry]) -> Plan {
        // Levels bottom-up: each node is a list of (id, box); leaves hold row ids.
        var levels: [[[Entry]]] = [pack(entries)]
        while levels.last!.count > 1 {
            let parents = levels.last!.enumerated().map { i, node in bounds(of: node, id: Int64(i)) }
            levels.append(pack(parents))
        }
        // Number nodes top-down: root = 1, then each level in order.
        var numbers: [[Int64]] = Array(repeating: [], count: levels.count)
        var next: Int64 = 1
        for level in stride(from: levels.count - 1, through: 0, by: -1) {
            numbers[level] = levels[level].indices.map { _ in defer { next += 1 }; return next }
        }
        let depth = levels.count - 1
        var plan = Plan()
        plan.leaves.reserveCapacity(entries.count)
        for level in stride(from: levels.count - 1, through: 0, by: -1) {
            for (i, node) in levels[level].enumerated() {
                let nodeNumber = numbers[level][i]
                var cells = node
                if level > 0 {
                    // Internal cells point at child node numbers; their `id` is the child's index.
                    cells = node.map { var c = $0; c.id = numbers[level - 1][Int($0.id)]; return c }
                    for c in cells { plan.parents.append((node: c.id, parent: nodeNumber)) }
                } else {
                    for c in cells { plan.leaves.append((rowID: c.id, node: nodeNumber)) }
                }
                plan.nodes.append((number: nodeNumber, blob: encode(cells, depth: nodeNumber == 1 ? depth : 0)))
            }
        }
        plan.leaves.sort { $0.rowID < $1.rowID }
        return plan
    }

    /// ``plan(_:)`` running on a thread of its own from `init` on; ``wait()`` returns it.
    final class BackgroundPlan: Sendable {
        private let result = Mutex<Plan?>(nil)
        private let done = DispatchSemaphore(value: 0)

        init(_ entries: [Entry]) {
            Thread.detachNewThread { [self] in
                let plan = RTreeBulkLoader.plan(entries)
                result.withLock { $0 = plan }
                done.signal()
            }
        }

        /// Blocks until the plan is ready; call once.
        func wait() -> Plan {
            done.wait()
            return result.withLock { $0.take()! }
        }
    }

    /// Replaces the whole content of R-tree `table` with `entries`.
    static func rebuild(_ db: Database, table: String, entries: [Entry]) throws {
        try write(plan(entries), to: db, table: table)
    }

    /// Replaces the whole content of R-tree `table` with the tree `plan` lays out.
    static func write(_ plan: Plan, to db: Database, table: String) throws {
        for suffix in ["node", "parent", "rowid"] { try db.execute(sql: "DELETE FROM \"\(table)_\(suffix)\"") }
        var insertNode = try SQLiteBulkStatement(db, sql: "INSERT INTO \"\(table)_node\" (nodeno, data) VALUES (?, ?)")
        for n in plan.nodes {
            insertNode.bind(Int(n.number))
            insertNode.bind(n.blob)
            try insertNode.execute()
        }
        try insertPairs(plan.parents.count, { (plan.parents[$0].node, plan.parents[$0].parent) },
                        into: "\(table)_parent", columns: ["nodeno", "parentnode"], db)
        try insertPairs(plan.leaves.count, { (plan.leaves[$0].rowID, plan.leaves[$0].node) },
                        into: "\(table)_rowid", columns: ["rowid", "nodeno"], db)
    }

    /// Rows of two integers per multi-row `INSERT`: one statement run per row costs SQLite a
    /// cursor open, a seek from the root and a close each time (the `_rowid` table has a row per
    /// entry: a million for the synthetic benchmark).
    static let pairsPerStatement = 256

    /// Inserts `count` rows, row `k` being `pair(k)`, into `table (columns)`,
    /// ``pairsPerStatement`` rows per statement, the rest one by one.
    private static func insertPairs(_ count: Int, _ pair: (Int) -> (Int64, Int64), into table: String, columns: [String], _ db: Database) throws {
        let chunk = pairsPerStatement
        var one = try SQLiteBulkStatement(db, sql: SQLiteBulkStatement.insertSQL(table: table, columns: columns, rows: 1))
        var many: SQLiteBulkStatement?
        let full = count / chunk * chunk
        if full > 0 {
            many = try SQLiteBulkStatement(db, sql: SQLiteBulkStatement.insertSQL(table: table, columns: columns, rows: chunk))
        }
        for k in 0..<count {
            let (a, b) = pair(k)
            if k < full {
                many!.bind(Int(a))
                many!.bind(Int(b))
                if (k + 1) % chunk == 0 { try many!.execute() }
            } else {
                one.bind(Int(a))
                one.bind(Int(b))
                try one.execute()
            }
        }
    }

    /// STR packing of entries into nodes of at most `maxCells`.
    static func pack(_ entries: [Entry]) -> [[Entry]] {
        if entries.isEmpty { return [[]] }
        let leafCount = (entries.count + maxCells - 1) / maxCells
        let sliceCount = Int(Double(leafCount).squareRoot().rounded(.up))
        let sliceSize = sliceCount * maxCells
        var byX = entries
        byX.sort { $0.minX + $0.maxX < $1.minX + $1.maxX }
        var nodes: [[Entry]] = []
        nodes.reserveCapacity(leafCount)
        var start = 0
        while start < byX.count {
            var slice = Array(byX[start..<min(start + sliceSize, byX.count)])
            slice.sort { $0.minY + $0.maxY < $1.minY + $1.maxY }
            var s = slice.startIndex
            while s < slice.endIndex {
                nodes.append(Array(slice[s..<min(s + maxCells, slice.endIndex)]))
                s += maxCells
            }
            start += sliceSize
        }
        return nodes
    }

    static func bounds(of node: [Entry], id: Int64) -> Entry {
        var e = Entry(id: id, minX: .infinity, maxX: -.infinity, minY: .infinity, maxY: -.infinity)
        for c in node {
            e.minX = min(e.minX, c.minX)
            e.maxX = max(e.maxX, c.maxX)
            e.minY = min(e.minY, c.minY)
            e.maxY = max(e.maxY, c.maxY)
        }
        return e
    }

    static func encode(_ cells: [Entry], depth: Int) -> Data {
        var bytes = [UInt8](repeating: 0, count: nodeBytes)
        bytes[0] = UInt8((depth >> 8) & 0xFF)
        bytes[1] = UInt8(depth & 0xFF)
        bytes[2] = UInt8((cells.count >> 8) & 0xFF)
        bytes[3] = UInt8(cells.count & 0xFF)
        var o = 4
        for c in cells {
            let id = UInt64(bitPattern: c.id)
            for k in 0..<8 { bytes[o + k] = UInt8((id >> (56 - 8 * UInt64(k))) & 0xFF) }
            o += 8
            for v in [down(c.minX), up(c.maxX), down(c.minY), up(c.maxY)] {
                let bits = v.bitPattern
                for k in 0..<4 { bytes[o + k] = UInt8((bits >> (24 - 8 * UInt32(k))) & 0xFF) }
                o += 4
            }
        }
        return Data(bytes)
    }

    /// The largest float32 ≤ d, as SQLite's rtreeValueDown.
    static func down(_ d: Double) -> Float {
        let f = Float(d)
        return Double(f) > d ? f.nextDown : f
    }

    /// The smallest float32 ≥ d, as SQLite's rtreeValueUp.
    static func up(_ d: Double) -> Float {
        let f = Float(d)
        return Double(f) < d ? f.nextUp : f
    }
}
