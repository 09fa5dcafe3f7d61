import Foundation
import Testing
@testable import WorkingDays
import _TestSupport

private let ew = WorkingDayCalendar.standard(.englandAndWales)
private let scotland = WorkingDayCalendar.standard(.scotland)
private let ni = WorkingDayCalendar.standard(.northernIreland)

private func d(_ text: String) -> Day { Day(text)! }

@Suite("Working-day calendar")
struct WorkingDayCalendarTests {
    @Test func specExample1EasterMondayCountsOnlyOutsideScotland() {
        #expect(ew.deadline(workingDays: 1, after: d("2026-04-02")).iso == "2026-04-07")
        #expect(scotland.deadline(workingDays: 1, after: d("2026-04-02")).iso == "2026-04-06")
        #expect(ni.deadline(workingDays: 1, after: d("2026-04-02")).iso == "2026-04-07")
    }

    @Test func specExample2WeekendReceiptMovesToMonday() {
        #expect(ew.workingDay(onOrAfter: d("2026-04-11")).iso == "2026-04-13")
        #expect(ew.deadline(workingDays: 1, after: d("2026-04-11")).iso == "2026-04-14")
    }

    @Test func specExample3ReceiptAsDayOne() {
        #expect(ew.deadline(workingDays: 2, after: d("2026-12-22"), receiptDay: .dayOne).iso == "2026-12-23")
        #expect(ew.deadline(workingDays: 2, after: d("2026-12-22")).iso == "2026-12-24")
    }

    @Test func specExamples5To7Deadlines() {
        #expect(ew.deadline(workingDays: 1, after: d("2026-05-14")).iso == "2026-05-15")
        #expect(ew.deadline(workingDays: 2, after: d("2026-10-28")).iso == "2026-10-30")
        #expect(ew.deadline(workingDays: 8, after: d("2026-09-07")).iso == "2026-09-17")
    }

    @Test func specExample8MonthlyReturnDueOnThirdWorkingDay() {
        #expect(ew.workingDay(3, of: Month("2026-04")!).iso == "2026-04-07")
        #expect(ew.workingDay(3, of: Month("2026-01")!).iso == "2026-01-06")
        #expect(scotland.workingDay(3, of: Month("2026-01")!).iso == "2026-01-07")
        #expect(ew.workingDay(1, of: Month("2026-11")!).iso == "2026-11-02")
    }

    @Test func specExample9FifteenthMovesToNextWorkingDay() {
        #expect(ew.workingDay(onOrAfter: d("2026-03-15")).iso == "2026-03-16")
        #expect(ew.workingDay(onOrAfter: d("2026-04-15")).iso == "2026-04-15")
    }

    @Test func christmasTwentyTwentyFiveDeadlines() {
        #expect(ew.deadline(workingDays: 1, after: d("2025-12-24")).iso == "2025-12-29")
        #expect(ew.deadline(workingDays: 1, after: d("2025-12-25")).iso == "2025-12-30")   // receipt on a holiday
        #expect(ew.deadline(workingDays: 1, after: d("2025-12-27")).iso == "2025-12-30")   // receipt on Saturday
        #expect(ew.deadline(workingDays: 2, after: d("2025-12-23")).iso == "2025-12-29")
        #expect(ew.deadline(workingDays: 1, after: d("2025-12-31")).iso == "2026-01-02")
        #expect(scotland.deadline(workingDays: 1, after: d("2025-12-31")).iso == "2026-01-05")
        #expect(ew.deadline(workingDays: 8, after: d("2025-12-22")).iso == "2026-01-06")
        #expect(scotland.deadline(workingDays: 8, after: d("2025-12-22")).iso == "2026-01-07")
        #expect(ew.deadline(workingDays: 2, after: d("2025-12-24"), receiptDay: .dayOne).iso == "2025-12-29")
        #expect(ew.workingDays(after: d("2025-12-24"), through: d("2026-01-02")) == 4)
    }

    @Test func easterTwentyTwentySixDeadlines() {
        #expect(ew.deadline(workingDays: 1, after: d("2026-04-03")).iso == "2026-04-08")        // Good Friday receipt
        #expect(scotland.deadline(workingDays: 1, after: d("2026-04-03")).iso == "2026-04-07")
        #expect(ew.deadline(workingDays: 2, after: d("2026-04-01")).iso == "2026-04-07")
        #expect(ew.deadline(workingDays: 12, after: d("2026-04-01")).iso == "2026-04-21")
        #expect(scotland.deadline(workingDays: 12, after: d("2026-04-01")).iso == "2026-04-20")
        #expect(ew.deadline(workingDays: 2, after: d("2026-04-02"), receiptDay: .dayOne).iso == "2026-04-07")
        #expect(ew.deadline(workingDays: 0, after: d("2026-04-04")).iso == "2026-04-07")
    }

    @Test func workingDayQuestions() {
        #expect(!ew.isWorkingDay(d("2026-04-06")) && scotland.isWorkingDay(d("2026-04-06")))
        #expect(!ew.isWorkingDay(d("2026-04-11")))
        #expect(ew.isWorkingDay(d("2026-04-07")))
        #expect(ew.workingDay(after: d("2026-04-02")).iso == "2026-04-07")
        #expect(ew.workingDays(after: d("2026-04-02"), through: d("2026-04-07")) == 1)
        #expect(ew.workingDays(after: d("2026-04-07"), through: d("2026-04-02")) == -1)
        #expect(ew.workingDays(after: d("2026-04-07"), through: d("2026-04-07")) == 0)
        #expect(ew.workingDays(after: d("2026-04-10"), through: d("2026-04-12")) == 0)     // Friday to Sunday
        #expect(ew.holiday(on: d("2026-04-06"))?.name == "Easter Monday")
        #expect(ew.holiday(on: d("2026-04-07")) == nil)
    }

    @Test func deadlinesResolveAtTheEndOfTheSupportedRange() {
        // Friday 31 Dec 2100; 1 Jan 2101 is a Saturday, so Monday 3 Jan is its substitute.
        #expect(ew.deadline(workingDays: 1, after: d("2100-12-31")).iso == "2101-01-04")
        let far = ew.deadline(workingDays: WorkingDayCalendar.maximumWorkingDayOffset, after: d("2100-12-31"))
        #expect(far.year == 2102)
        #expect(ew.deadline(workingDays: 1, after: d("1995-01-01")).iso == "1995-01-04")  // 2 Jan substitute
        #expect(WorkingDayCalendar.supports(d("1995-01-01")) && WorkingDayCalendar.supports(d("2100-12-31")))
        #expect(!WorkingDayCalendar.supports(d("1994-12-31")) && !WorkingDayCalendar.supports(d("2101-01-01")))
    }

    @Test func deadlinesAgreeWithCountingDayByDay() {
        // The O(1) table against the plain definition, for every receipt in 2025-2026 and N = 0...12.
        for calendar in [ew, scotland, ni] {
            var receipt = d("2025-01-01")
            while receipt <= d("2026-12-31") {
                for n in 0...12 {
                    var day = receipt
                    while !calendar.isWorkingDay(day) { day = day.advanced(by: 1) }
                    var counted = 0
                    while counted < n {
                        day = day.advanced(by: 1)
                        if calendar.isWorkingDay(day) { counted += 1 }
                    }
                    #expect(calendar.deadline(workingDays: n, after: receipt) == day)
                }
                receipt = receipt.advanced(by: 1)
            }
        }
    }

    @Test(.enabled(if: SharedReference.govUKBankHolidaysCSV != nil, "GOV.UK's list (shared/data) is not beside this clone"))
    func datesAndTitlesMatchGOVUKPublishedList() throws {
        let url = try #require(SharedReference.govUKBankHolidaysCSV)
        let text = try String(contentsOf: url, encoding: .utf8)
        var published: [Division: [String: String]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            published[Division(rawValue: fields[0])!, default: [:]][fields[1]] = fields[2]
        }
        // GOV.UK labels Scotland's 2023 substitutes the other way round from its own 2012 and 2017 entries;
        // the Banking and Financial Dealings Act 1971 (Sch. 1) puts "2nd January" on Monday 2nd when
        // 1 January is a Sunday, as we do. The dates agree.
        published[.scotland]!["2023-01-02"] = "2nd January"
        published[.scotland]!["2023-01-03"] = "New Year’s Day"
        for division in Division.allCases {
            let calendar = WorkingDayCalendar.standard(division)
            var ours: [String: String] = [:]
            for h in calendar.holidays(from: d("2012-01-01"), through: d("2028-12-31")) { ours[h.date.iso] = h.name }
            #expect(Set(ours.keys) == Set(published[division]!.keys), "\(division)")
            for (date, title) in published[division]! {
                #expect(ours[date] == title, "\(division) \(date)")
            }
        }
    }
}

@Suite("GOV.UK bank-holidays.json overrides")
struct BankHolidayOverridesTests {
    @Test func listedYearsReplaceComputedOnesAndOthersStay() throws {
        let json = """
        {"scotland": {"division": "scotland", "events": [
          {"title": "Moved spring holiday", "date": "2030-06-10", "notes": "", "bunting": true},
          {"title": "Extra day", "date": "2030-09-02", "notes": "Extra bank holiday", "bunting": true}
        ]}}
        """
        let overrides = try BankHolidayOverrides(govUKJSON: Data(json.utf8), file: "test.json")
        let custom = WorkingDayCalendar(division: .scotland, overrides: overrides)
        #expect(custom.holidays(from: d("2030-01-01"), through: d("2030-12-31")).map(\.date.iso) == ["2030-06-10", "2030-09-02"])
        #expect(custom.holidays(from: d("2030-01-01"), through: d("2030-12-31")).map(\.kind) == [.regular, .extra])
        #expect(custom.isWorkingDay(d("2030-05-27")))        // the computed spring holiday is gone
        #expect(!custom.isWorkingDay(d("2030-06-10")))
        #expect(custom.holidays(from: d("2031-01-01"), through: d("2031-12-31"))
                == scotland.holidays(from: d("2031-01-01"), through: d("2031-12-31")))
        let englandFromSameFile = WorkingDayCalendar(division: .englandAndWales, overrides: overrides)
        #expect(englandFromSameFile.holidays == ew.holidays)
    }

    @Test(arguments: [
        ("{not json", "test.json: not valid JSON"),
        ("[1, 2]", "test.json: expected a JSON object keyed by division at the top level"),
        ("{\"wales\": {\"events\": []}}", "test.json: unknown division \"wales\""),
        ("{\"scotland\": {\"division\": \"scotland\"}}", "test.json: scotland: expected an object with an \"events\" array"),
        ("{\"scotland\": {\"events\": [{\"title\": \"X\"}]}}", "test.json: scotland.events[0]: missing \"date\" string"),
        ("{\"scotland\": {\"events\": [{\"title\": \"X\", \"date\": \"2030-02-30\"}]}}", "test.json: scotland.events[0].date: \"2030-02-30\" is not a date"),
        ("{\"scotland\": {\"events\": [{\"title\": \"X\", \"date\": \"1990-01-01\"}]}}", "test.json: scotland.events[0].date: \"1990-01-01\" is not a date"),
        ("{\"scotland\": {\"events\": [{\"date\": \"2030-01-01\"}]}}", "test.json: scotland.events[0]: missing \"title\" string"),
        ("{\"scotland\": {\"events\": [7]}}", "test.json: scotland.events[0]: expected an object"),
    ])
    func malformedFilesGetAClearError(json: String, message: String) {
        do {
            _ = try BankHolidayOverrides(govUKJSON: Data(json.utf8), file: "test.json")
            Issue.record("expected an error for \(json)")
        } catch {
            #expect(error.description.hasPrefix(message), "got: \(error.description)")
        }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: HolidayFileError.self) { try BankHolidayOverrides(contentsOf: "/nonexistent/bank-holidays.json") }
    }
}

@Suite("Working-day table bounds")
struct WorkingDayTableBoundsTests {
    @Test func literalTableBoundsAreTheCivilDates() {
        #expect(WorkingDayCalendar.tableFirst == Day(year: 1995, month: 1, day: 1)!.rawValue)
        #expect(WorkingDayCalendar.tableLast == Day(year: 2102, month: 12, day: 31)!.rawValue)
    }
}
