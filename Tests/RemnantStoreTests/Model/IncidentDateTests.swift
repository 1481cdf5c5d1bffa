import Testing
@testable import RemnantStore

@Suite struct IncidentDateTests {
    @Test func precisionsAndRanges() throws {
        let day = try IncidentDate(parsing: "2008-08-12")
        #expect(day.precision == .day && day.iso == "2008-08-12" && day.lastDay == "2008-08-12")
        let week = try IncidentDate(parsing: "2015-01-28", precision: .week)
        #expect(week.firstDay == "2015-01-28" && week.lastDay == "2015-02-03")
        let month = try IncidentDate(parsing: "2016-02")
        #expect(month.precision == .month && month.iso == "2016-02" && month.lastDay == "2016-02-29")
        let year = try IncidentDate(parsing: "2009")
        #expect(year.iso == "2009" && year.firstDay == "2009-01-01" && year.lastDay == "2009-12-31")
        // A full date given with month precision keeps only the month.
        #expect(try IncidentDate(parsing: "2015-10-04", precision: .month).iso == "2015-10")
    }

    // The last two overflowed Int while the digits were read, trapping the import (found by Fuzz/FuzzCSVImport).
    @Test(arguments: ["2015-02-30", "2015-13", "15-01-01", "2015/01/01", "", "2015-1-1", "１２３４", "3000",
                      "2014-10-99999999999999999902", "99999999999999999999"])
    func rejectsBadDates(text: String) {
        #expect(throws: StoreError.self) { _ = try IncidentDate(parsing: text) }
    }

    /// Read back from stored columns, a date equals the one parsed and validated on import, for
    /// every precision (week periods cross a month and a year end here); malformed stored text
    /// falls back to full parsing.
    @Test(arguments: [("2008-08-12", DatePrecision.day), ("2015-12-28", .week), ("2016-02", .month), ("2009", .year), ("2024-02-26", .week)])
    func storedColumnsGiveTheParsedDate(text: String, precision: DatePrecision) throws {
        let parsed = try IncidentDate(parsing: text, precision: precision)
        let stored = try IncidentDate(stored: parsed.iso, precision: precision, firstDay: parsed.firstDay, lastDay: parsed.lastDay)
        #expect(stored == parsed)
        #expect(stored.year == parsed.year && stored.month == parsed.month && stored.day == parsed.day && stored.iso == parsed.iso)
        let fallback = try IncidentDate(stored: parsed.iso, precision: precision, firstDay: "garbage", lastDay: "")
        #expect(fallback == parsed)
        #expect(IncidentDate.pad(7, 2) == "07" && IncidentDate.pad(2015, 4) == "2015" && IncidentDate.pad(12345, 4) == "12345")
    }

    @Test func dayPrecisionNeedsADay() {
        #expect(throws: StoreError.self) { _ = try IncidentDate(parsing: "2015-01", precision: .day) }
        #expect(throws: StoreError.self) { _ = try IncidentDate(parsing: "2015", precision: .week) }
    }
}
