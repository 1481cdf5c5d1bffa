import FuzzSupport
import RemnantGeometry
import RemnantServer

/// The server's query parsing, as `/collections/{id}/items` runs it: the raw URL query through
/// `QueryString.parameters`, then `ItemsQuery.parse` with each collection's queryables, and
/// `parseFormatOnly` as the other endpoints use it. The whole input also goes to
/// `DateTimeFilter(parsing:)` directly, so the RFC 3339 parser is reached without the framing.
/// Every query that parses is checked against what ``ItemsQuery`` documents.
@main
enum FuzzServerQuery {
    static func main() {
        Fuzzer.run { bytes, count in
            // Hummingbird hands the query over as a String; invalid UTF-8 becomes U+FFFD there too.
            fuzz(String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count), as: UTF8.self))
            return 0
        }
    }
}

func fuzz(_ text: String) {
    do throws(ServerError) {
        let parameters = try QueryString.parameters(text)
        for id in FeatureCollectionID.allCases {
            do throws(ServerError) {
                check(try ItemsQuery.parse(parameters, queryables: id.queryables), id.queryables)
            } catch {
                checkNamed(error)
            }
        }
        do throws(ServerError) {
            _ = try ItemsQuery.parseFormatOnly(parameters)
        } catch {
            checkNamed(error)
        }
    } catch {
        checkNamed(error)
    }
    do throws(ServerError) {
        check(try DateTimeFilter(parsing: text))
    } catch {
        checkNamed(error)
    }
}

/// A refusal is a 400 naming the parameter.
func checkNamed(_ error: ServerError) {
    guard case let .invalidParameter(_, reason) = error else { preconditionFailure("not a parameter error: \(error)") }
    precondition(!reason.isEmpty)
}

func check(_ q: ItemsQuery, _ queryables: [Queryable]) {
    precondition((1...ItemsQuery.maximumLimit).contains(q.limit), "limit \(q.limit)")
    precondition((0...ItemsQuery.maximumOffset).contains(q.offset), "offset \(q.offset)")
    if let b = q.bbox {
        for lon in [b.minX, b.maxX] { precondition((-180...180).contains(lon), "bbox lon \(lon)") }
        for lat in [b.minY, b.maxY] { precondition((-90...90).contains(lat), "bbox lat \(lat)") }
        precondition(b.minY <= b.maxY, "bbox south of north")
        // What the in-memory collections match against: never an inverted half.
        for half in Geodesic.splitAntimeridian(b) { precondition(half.minX <= half.maxX && half.minY <= half.maxY, "split \(half)") }
    }
    if let d = q.datetime { check(d) }
    precondition(q.properties.map(\.name) == q.properties.map(\.name).sorted(), "properties not in name order")
    for p in q.properties {
        guard let queryable = queryables.first(where: { $0.name == p.name }) else { preconditionFailure("not a queryable: \(p.name)") }
        precondition(!p.values.isEmpty && p.values.allSatisfy { !$0.isEmpty }, "empty value for \(p.name)")
        if let allowed = queryable.values {
            for v in p.values { precondition(allowed.contains { $0.lowercased() == v.lowercased() }, "\(p.name)=\(v)") }
        }
    }
}

func check(_ d: DateTimeFilter) {
    precondition(d.start != nil || d.end != nil, "both ends open")
    for day in [d.start, d.end].compactMap({ $0 }) {
        let b = Array(day.utf8)
        precondition(b.count == 10 && b[4] == 45 && b[7] == 45, "day '\(day)' is not YYYY-MM-DD")
    }
    if let s = d.start, let e = d.end { precondition(s <= e, "interval \(s)/\(e) runs backwards") }
}
