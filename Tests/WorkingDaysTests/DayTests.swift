import Foundation
import Testing
import WorkingDays

@Suite("Days and months")
struct DayTests {
    @Test func everyDayOfTheTableRoundTripsThroughItsComponents() {
        var expected = Day(year: 1995, month: 1, day: 1)!
        for year in 1995...2102 {
            for month in 1...12 {
                for dayOfMonth in 1...Day.daysIn(month: month, year: year) {
                    let day = Day(year: year, month: month, day: dayOfMonth)
                    #expect(day == expected)
                    expected = expected.advanced(by: 1)
                }
            }
        }
        #expect(Day(year: 1970, month: 1, day: 1)!.rawValue == 0)
    }

    @Test func parsingAgreesWithTheCivilArithmeticOnEveryDayAndBothSidesOfTheTable() {
        // Inside 1995-2100 the parser uses a month table; outside it, the civil-date arithmetic.
        for year in [1066, 1994, 1995, 2000, 2024, 2100, 2101, 9999] {
            for month in 0...13 {
                for dayOfMonth in 0...32 {
                    let text = String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
                    #expect(Day(text) == Day(year: year, month: month, day: dayOfMonth), "\(text)")
                }
            }
        }
        var day = Day(year: 1995, month: 1, day: 1)!
        while day <= Day(year: 2100, month: 12, day: 31)! {
            #expect(Day(day.iso) == day)
            day = day.advanced(by: 1)
        }
    }

    @Test func isoTextIsZeroPaddedAndFallsBackOutsideFourDigitYears() {
        #expect(Day(year: 2026, month: 3, day: 7)!.iso == "2026-03-07")
        #expect(Day(year: 5, month: 11, day: 30)!.iso == "0005-11-30")
        #expect(Day(year: 12345, month: 1, day: 2)!.iso == "12345-01-02")
        #expect(Month(year: 2026, month: 1).description == "2026-01")
        #expect(Month(year: 999, month: 10).description == "0999-10")
        #expect(Month("2027-12")!.description == "2027-12")
    }

    @Test func weekdaysAreKnownOnes() {
        #expect(Day("2026-04-02")!.weekday == .thursday)
        #expect(Day("1995-01-01")!.weekday == .sunday)
        #expect(Day("2100-12-25")!.weekday == .saturday)
        #expect(Day("1970-01-01")!.weekday == .thursday)
        #expect(Day("1969-12-31")!.weekday == .wednesday)
    }

    @Test func datesAndTimestampsParseToTheirDate() {
        #expect(Day("2026-03-31")?.iso == "2026-03-31")
        #expect(Day("2026-03-31T23:59")?.iso == "2026-03-31")
        #expect(Day("2026-03-31 08:15:59")?.iso == "2026-03-31")
        #expect(Day("2028-02-29")?.iso == "2028-02-29")
    }

    @Test(arguments: ["", "2026-3-31", "31/03/2026", "2026-02-30", "2027-02-29", "2026-13-01", "2026-00-10",
                      "2026-01-00", "2026-01-32", "2026-01-01T25:00", "2026-01-01T10:60", "2026-01-01X10:00",
                      "2026-01-01T10:00:61", "2026-01-01T10:00Z", " 2026-01-01", "2026-01-01 ", "２０２６-01-01",
                      // One byte off in each place the eight-byte check looks at.
                      ":026-01-01", "/026-01-01", "2O26-01-01", "202 -01-01", "2026/01-01", "2026-0:-01", "2026-01/01",
                      "2026-01-0:", "2026-01-/1", "2026-01-1x"])
    func malformedDatesAreRejected(text: String) {
        #expect(Day(text) == nil)
    }

    @Test func calendarMonthsClampToTheLastDayOfTheMonth() {
        #expect(Day("2027-01-31")!.addingCalendarMonths(1).iso == "2027-02-28")
        #expect(Day("2028-01-31")!.addingCalendarMonths(1).iso == "2028-02-29")
        #expect(Day("2026-03-15")!.addingCalendarMonths(1).iso == "2026-04-15")
        #expect(Day("2026-08-31")!.addingCalendarMonths(1).iso == "2026-09-30")
        #expect(Day("2026-12-31")!.addingCalendarMonths(1).iso == "2027-01-31")
        #expect(Day("2026-05-31")!.addingCalendarMonths(-3).iso == "2026-02-28")
        #expect(Day("2099-12-31")!.addingCalendarMonths(14).iso == "2101-02-28")
    }

    @Test func monthsParseAdvanceAndKnowTheirDays() {
        let m = Month("2026-12")!
        #expect(m.year == 2026 && m.month == 12)
        #expect(m.advanced(by: 1).description == "2027-01")
        #expect(m.advanced(by: -12).description == "2025-12")
        #expect(m.firstDay.iso == "2026-12-01" && m.lastDay.iso == "2026-12-31")
        #expect(Month("2028-02")!.lastDay.iso == "2028-02-29")
        #expect(Month(containing: Day("2026-04-07")!) == Month(year: 2026, month: 4))
        #expect(Month(year: 1969, month: 12).description == "1969-12")
        #expect(Month("2026-13") == nil && Month("2026-1") == nil && Month("26-01") == nil && Month("2026/01") == nil)
    }

    @Test func quartersEndInMarchJuneSeptemberAndDecember() {
        let months = (1...12).map { Month(year: 2026, month: $0) }
        #expect(months.filter(\.isQuarterEnd).map(\.month) == [3, 6, 9, 12])
        #expect(months.map(\.quarterStart.month) == [1, 1, 1, 4, 4, 4, 7, 7, 7, 10, 10, 10])
        #expect(months.map(\.latestQuarterEnd.description) == ["2025-12", "2025-12", "2026-03", "2026-03", "2026-03", "2026-06",
                                                               "2026-06", "2026-06", "2026-09", "2026-09", "2026-09", "2026-12"])
    }
}
