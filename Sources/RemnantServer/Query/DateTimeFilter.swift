/// The `datetime` parameter of OGC API – Features Part 1 (OGC 17-069r4 §7.15.4): an RFC 3339
/// instant, or an interval `start/end` whose ends may be open (`..` or empty). Remnant's dates
/// are calendar days, so each end is reduced to its UTC calendar day: a feature matches when its
/// date period overlaps `[start, end]` (an instant is an interval of one day).
public struct DateTimeFilter: Sendable, Equatable {
    /// First UTC day, `YYYY-MM-DD`; nil when open.
    public var start: String?
    /// Last UTC day, `YYYY-MM-DD`; nil when open.
    public var end: String?

    public init(start: String?, end: String?) {
        self.start = start
        self.end = end
    }

    /// Parses `2015-03-01T12:00:00Z`, `2015-03-01T12:00:00+03:00`, `2015-03-01` (a full date,
    /// which clients such as QGIS send), or `A/B` with `..` or an empty string for an open end.
    /// Fields are range-checked (month, day of month with leap years, hour, minute, second up
    /// to 60 for a leap second, offsets up to ±23:59); both ends open, or start after end, is refused.
    public init(parsing text: String) throws(ServerError) {
        func bad(_ reason: String) -> ServerError { .invalidParameter(name: "datetime", reason: reason) }
        guard text.utf8.count <= 100 else { throw bad("too long") }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let day = Self.utcDay(parts[0]) else {
                throw bad("'\(text)' is not an RFC 3339 date-time (e.g. 2015-03-01T00:00:00Z) or interval (A/B, '..' for an open end)")
            }
            start = day
            end = day
        case 2:
            func end(_ s: Substring, _ which: String) throws(ServerError) -> String? {
                if s.isEmpty || s == ".." { return nil }
                guard let day = Self.utcDay(s) else { throw bad("the interval's \(which) '\(s)' is not an RFC 3339 date-time") }
                return day
            }
            start = try end(parts[0], "start")
            self.end = try end(parts[1], "end")
            if start == nil && self.end == nil { throw bad("an interval needs at least one closed end") }
            if let s = start, let e = self.end, s > e { throw bad("the interval's start is after its end") }
        default:
            throw bad("'\(text)' has more than one '/'")
        }
    }

    /// The UTC calendar day of an RFC 3339 date-time or full date, or nil when malformed.
    static func utcDay(_ s: Substring) -> String? {
        let b = Array(s.utf8)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= b.count else { return nil }
            var v = 0
            for i in from..<(from + count) {
                guard b[i] >= 48 && b[i] <= 57 else { return nil }
                v = v * 10 + Int(b[i] - 48)
            }
            return v
        }
        guard b.count >= 10, let year = digits(0, 4), b[4] == 45, let month = digits(5, 2), b[7] == 45, let day = digits(8, 2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        var days = Self.daysFromCivil(year: year, month: month, day: day)
        if b.count > 10 {
            // 'T' or 't' (RFC 3339 §5.6 allows either, and a space per its note; we do not).
            guard b[10] == 84 || b[10] == 116, let hour = digits(11, 2), b.count > 13, b[13] == 58, let minute = digits(14, 2),
                  b.count > 16, b[16] == 58, let second = digits(17, 2) else { return nil }
            guard hour <= 23, minute <= 59, second <= 60 else { return nil }
            var i = 19
            if i < b.count, b[i] == 46 {  // fraction
                i += 1
                let first = i
                while i < b.count, b[i] >= 48 && b[i] <= 57 { i += 1 }
                guard i > first, i - first <= 9 else { return nil }
            }
            guard i < b.count else { return nil }
            var offsetMinutes = 0
            if b[i] == 90 || b[i] == 122 {  // Z / z
                guard i + 1 == b.count else { return nil }
            } else if b[i] == 43 || b[i] == 45 {  // + / -
                guard i + 6 == b.count, let oh = digits(i + 1, 2), b[i + 3] == 58, let om = digits(i + 4, 2), oh <= 23, om <= 59 else { return nil }
                offsetMinutes = (oh * 60 + om) * (b[i] == 43 ? 1 : -1)
            } else {
                return nil
            }
            // Local time minus the offset is UTC.
            let minutes = hour * 60 + minute - offsetMinutes
            if minutes < 0 { days -= 1 } else if minutes >= 24 * 60 { days += 1 }
        }
        return Self.civil(fromDays: days)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD` of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
    static func civil(fromDays z0: Int) -> String? {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        guard (0...9999).contains(y) else { return nil }
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }
}
