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

    @Test(arguments: ["2015-02-30", "2015-13", "15-01-01", "2015/01/01", "", "2015-1-1", "１２３４", "3000"])
    func rejectsBadDates(text: String) {
        #expect(throws: StoreError.self) { _ = try IncidentDate(parsing: text) }
    }

    @Test func dayPrecisionNeedsADay() {
        #expect(throws: StoreError.self) { _ = try IncidentDate(parsing: "2015-01", precision: .day) }
        #expect(throws: StoreError.self) { _ = try IncidentDate(parsing: "2015", precision: .week) }
    }
}
