import Testing
import WorkingDays
@testable import KPIEngine

@Suite("Deadline tables")
struct DeadlineTableTests {
    @Test func calendarMonthDeadlinesAgreeWithCalendarArithmeticOnEverySupportedDay() {
        let range = WorkingDayCalendar.supportedRange
        let first = range.lowerBound.rawValue, span = Int(range.upperBound.rawValue - first) + 1
        let tables = (0...24).map(_monthShiftedTable)
        #expect(tables.allSatisfy { $0.count == span })
        var differing = 0
        for d in 0..<span {
            let day = Day(rawValue: first + Int32(d))
            for n in 0...24 where tables[n][d] != day.addingCalendarMonths(n).rawValue {
                differing += 1
            }
        }
        #expect(differing == 0)
        // Spot checks: clamped month ends, a leap day, the last supported day.
        let jan31 = Int(Day("2027-01-31")!.rawValue - first)
        #expect(Day(rawValue: tables[1][jan31]).iso == "2027-02-28")
        #expect(Day(rawValue: tables[13][jan31]).iso == "2028-02-29")
        #expect(Day(rawValue: tables[24][span - 1]).iso == "2102-12-31")
        // An evaluation's table holds the numbers of months asked for, each where monthOffset says.
        let table = _DeadlineTable(calendarMonths: [3, 1])
        #expect(table.monthShifted.count == 2 * span)
        #expect(Day(rawValue: table.monthShifted[table.monthOffset(1) + jan31]).iso == "2027-02-28")
        #expect(Day(rawValue: table.monthShifted[table.monthOffset(3) + jan31]).iso == "2027-04-30")
    }
}
