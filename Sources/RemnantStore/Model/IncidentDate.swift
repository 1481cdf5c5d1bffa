import Foundation

/// A calendar date with its precision: `2008-08-12` (day), `2015-01-23` with week precision
/// (the week starting then), `2015-01` (month) or `2015` (year). ISO 8601 calendar dates, no time.
public struct IncidentDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    public let precision: DatePrecision
    /// The ISO 8601 form at this precision: `2008-08-12`, `2015-01` or `2015` (week: the first day).
    public let iso: String
    /// The first day of the period, `YYYY-MM-DD`: sortable as text.
    public let firstDay: String
    /// The last day of the period, `YYYY-MM-DD`: the same day, six days later, the month's or the year's end.
    public let lastDay: String

    /// - Throws: ``StoreError/invalidValue(field:value:reason:)`` for a date that does not exist.
    public init(year: Int, month: Int = 1, day: Int = 1, precision: DatePrecision) throws(StoreError) {
        guard (1900...2100).contains(year) else {
            throw .invalidValue(field: "date", value: "\(year)", reason: "year must be between 1900 and 2100")
        }
        guard (1...12).contains(month), (1...IncidentDate.daysIn(year: year, month: month)).contains(day) else {
            throw .invalidValue(field: "date", value: IncidentDate.format(year, month, day), reason: "no such calendar date")
        }
        let m = precision == .year ? 1 : month
        let d = (precision == .year || precision == .month) ? 1 : day
        self.year = year
        self.month = m
        self.day = d
        self.precision = precision
        // Formatted once here (on the import's parsing thread), not on every read; a day's ISO
        // form and bounds are one string.
        let first = IncidentDate.format(year, m, d)
        self.firstDay = first
        self.iso = precision == .day || precision == .week ? first : IncidentDate.iso(year, m, d, precision)
        self.lastDay = precision == .day ? first : IncidentDate.lastDay(year, m, d, precision)
    }

    /// A date read back from the store, whose columns were validated and formatted when it was
    /// written: takes the stored ISO form and period bounds as they are and reads the numbers
    /// from `firstDay` (`YYYY-MM-DD`), so a query does not re-validate and re-format every row.
    /// Falls back to full parsing when the stored text is not in the expected form.
    init(stored iso: String, precision: DatePrecision, firstDay: String, lastDay: String) throws(StoreError) {
        var f = firstDay, l = lastDay
        // YYYY-MM-DD read in place: this runs for every incident a query or export reads.
        let digits: (year: Int, month: Int, day: Int)? = f.withUTF8 { b in
            guard b.count == 10, b[4] == 45, b[7] == 45 else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var n = 0
                for i in range {
                    guard b[i] >= 48 && b[i] <= 57 else { return nil }
                    n = n * 10 + Int(b[i] - 48)
                }
                return n
            }
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return nil }
            return (y, m, d)
        }
        guard let digits, l.withUTF8({ $0.count == 10 }) else {
            try self.init(parsing: iso, precision: precision)
            return
        }
        self.init(year: digits.year, month: digits.month, day: digits.day, precision: precision, iso: iso, firstDay: firstDay, lastDay: lastDay)
    }

    private init(year: Int, month: Int, day: Int, precision: DatePrecision, iso: String, firstDay: String, lastDay: String) {
        self.year = year
        self.month = month
        self.day = day
        self.precision = precision
        self.iso = iso
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. Without an explicit precision, it is taken from
    /// the form (day, month, year); `week` needs a full date.
    public init(parsing text: String, precision explicit: DatePrecision? = nil) throws(StoreError) {
        // Digits and dashes read straight from the UTF-8 bytes into at most three parts (no
        // arrays): this runs for every imported row.
        var parts = (0, 0, 0), lengths = (0, 0, 0), count = 0
        var value = 0, length = 0, valid = true, last: UInt8 = 0, empty = true
        func close() {
            guard count < 3 else {
                valid = false  // a fourth part: no accepted form has one
                return
            }
            switch count {
            case 0: (parts.0, lengths.0) = (value, length)
            case 1: (parts.1, lengths.1) = (value, length)
            default: (parts.2, lengths.2) = (value, length)
            }
            count += 1
        }
        for b in RawRecord.trimmed(text).utf8 {
            empty = false
            last = b
            if b >= 48 && b <= 57 {
                // No part is longer than YYYY: a longer run is refused here, before `value` can
                // overflow (a 22-digit day trapped the import; found by Fuzz/FuzzCSVImport).
                guard length < 4 else {
                    valid = false
                    break
                }
                value = value * 10 + Int(b - 48)
                length += 1
            } else if b == 45 /* - */ && length > 0 {
                close()
                if !valid { break }
                value = 0
                length = 0
            } else {
                valid = false
                break
            }
        }
        if valid && length > 0 { close() }
        // The accepted shapes: YYYY, YYYY-MM, YYYY-MM-DD.
        let shaped = switch count {
        case 1: lengths.0 == 4
        case 2: lengths.0 == 4 && lengths.1 == 2
        case 3: lengths.0 == 4 && lengths.1 == 2 && lengths.2 == 2
        default: false
        }
        guard valid, !empty, last != 45, shaped else {
            throw .invalidValue(field: "date", value: text, reason: "expected an ISO 8601 date: YYYY-MM-DD, YYYY-MM or YYYY")
        }
        let numbers = (count: count, year: parts.0, month: parts.1, day: parts.2)
        let implied: DatePrecision = numbers.count == 3 ? .day : numbers.count == 2 ? .month : .year
        let precision = explicit ?? implied
        switch (precision, numbers.count) {
        case (.day, 3), (.week, 3), (.month, 2...3), (.year, 1...3): break
        default:
            throw .invalidValue(field: "date", value: text, reason: "precision \(precision.rawValue) needs \(precision == .month ? "at least YYYY-MM" : "a full YYYY-MM-DD date")")
        }
        try self.init(year: numbers.year, month: numbers.count > 1 ? numbers.month : 1, day: numbers.count > 2 ? numbers.day : 1, precision: precision)
    }

    static func iso(_ year: Int, _ month: Int, _ day: Int, _ precision: DatePrecision) -> String {
        switch precision {
        case .day, .week: format(year, month, day)
        case .month: pad(year, 4) + "-" + pad(month, 2)
        case .year: pad(year, 4)
        }
    }

    static func lastDay(_ year: Int, _ month: Int, _ day: Int, _ precision: DatePrecision) -> String {
        switch precision {
        case .day: return format(year, month, day)
        case .week:
            var y = year, m = month, d = day + 6
            while d > daysIn(year: y, month: m) {
                d -= daysIn(year: y, month: m)
                m += 1
                if m > 12 { m = 1; y += 1 }
            }
            return format(y, m, d)
        case .month: return format(year, month, daysIn(year: year, month: month))
        case .year: return pad(year, 4) + "-12-31"
        }
    }

    public var description: String { precision == .week ? "week of \(iso)" : iso }

    public static func < (a: IncidentDate, b: IncidentDate) -> Bool {
        (a.firstDay, a.lastDay) < (b.firstDay, b.lastDay)
    }

    /// `YYYY-MM-DD` (String(format:) is slow on Linux and this runs per imported row).
    static func format(_ y: Int, _ m: Int, _ d: Int) -> String {
        guard (0...9999).contains(y), (0...99).contains(m), (0...99).contains(d) else {
            return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
        }
        // The ten bytes written in place: one small string, no concatenation.
        return String(unsafeUninitializedCapacity: 10) { b in
            b[0] = UInt8(48 + y / 1000)
            b[1] = UInt8(48 + y / 100 % 10)
            b[2] = UInt8(48 + y / 10 % 10)
            b[3] = UInt8(48 + y % 10)
            b[4] = 45
            b[5] = UInt8(48 + m / 10)
            b[6] = UInt8(48 + m % 10)
            b[7] = 45
            b[8] = UInt8(48 + d / 10)
            b[9] = UInt8(48 + d % 10)
            return 10
        }
    }

    /// `v` in decimal, zero-padded to `width` digits (written in place: a small string, no
    /// intermediate allocations).
    static func pad(_ v: Int, _ width: Int) -> String {
        guard v >= 0, v < 1_000_000 else {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        var digits = 1, rest = v / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let n = max(width, digits)
        return String(unsafeUninitializedCapacity: n) { buffer in
            var x = v
            for i in stride(from: n - 1, through: 0, by: -1) {
                buffer[i] = UInt8(48 + x % 10)
                x /= 10
            }
            return n
        }
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
