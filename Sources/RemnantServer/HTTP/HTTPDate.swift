import Foundation

/// IMF-fixdate (RFC 9110 §5.6.7), `Sun, 06 Nov 1994 08:49:37 GMT`, for `Last-Modified` and
/// `If-Modified-Since`, without a (non-Sendable) DateFormatter.
enum HTTPDate {
    static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date) -> String {
        let t = Int(date.timeIntervalSince1970.rounded(.down))
        let dayCount = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = t - dayCount * 86_400
        let ymd = DateTimeFilter.civil(fromDays: dayCount) ?? "1970-01-01"
        let parts = ymd.split(separator: "-").map { Int($0)! }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let weekday = days[((dayCount % 7) + 7) % 7]
        return "\(weekday), \(two(parts[2])) \(months[parts[1] - 1]) \(parts[0]) \(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60)) GMT"
    }

    /// Parses an IMF-fixdate; nil for anything else (the header is then ignored, RFC 9110 §13.1.3).
    static func parse(_ s: String) -> Date? {
        let f = s.split(separator: " ")
        guard f.count == 6, f[5] == "GMT", let day = Int(f[1]), let m = months.firstIndex(of: String(f[2])), let year = Int(f[3]) else { return nil }
        let hms = f[4].split(separator: ":").compactMap { Int($0) }
        guard hms.count == 3, (1...31).contains(day), hms[0] < 24, hms[1] < 60, hms[2] < 61 else { return nil }
        let d = DateTimeFilter.daysFromCivil(year: year, month: m + 1, day: day)
        return Date(timeIntervalSince1970: TimeInterval(d * 86_400 + hms[0] * 3600 + hms[1] * 60 + hms[2]))
    }
}
