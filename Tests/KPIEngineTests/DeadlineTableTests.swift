import Testing
import WorkingDays
@testable import KPIEngine

@Suite("Deadline tables")
struct DeadlineTableTests {
    @Test func calendarMonthDeadlinesAgreeWithCalendarArithmeticOnEverySupportedDay() {
        let range = WorkingDayCalendar.supportedRange
        let first = range.lowerBound.rawValue, span = Int(range.upperBound.rawValue - first) + 1
        #expect(_monthShiftedTable.count == 25 * span)
        var differing = 0
        for d in 0..<span {
            let day = Day(rawValue: first + Int32(d))
            for n in 0...24 where _monthShiftedTable[n * span + d] != day.addingCalendarMonths(n).rawValue {
                differing += 1
            }
        }
        #expect(differing == 0)
        // Spot checks: clamped month ends, a leap day, the last supported day.
        let jan31 = Int(Day("2027-01-31")!.rawValue - first)
        #expect(Day(rawValue: _monthShiftedTable[1 * span + jan31]).iso == "2027-02-28")
        #expect(Day(rawValue: _monthShiftedTable[13 * span + jan31]).iso == "2028-02-29")
        #expect(Day(rawValue: _monthShiftedTable[24 * span + span - 1]).iso == "2102-12-31")
    }
}
