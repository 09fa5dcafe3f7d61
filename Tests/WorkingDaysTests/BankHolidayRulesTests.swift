import Testing
import WorkingDays

/// The holidays of a division in a year as "date name" strings, for compact exact comparisons.
func listed(_ year: Int, _ division: Division) -> [String] {
    BankHolidayRules.holidays(in: year, division: division).map { "\($0.date.iso) \($0.name)" }
}

func dates(_ year: Int, _ division: Division) -> Set<String> {
    Set(BankHolidayRules.holidays(in: year, division: division).map(\.date.iso))
}

@Suite("Bank holiday rules")
struct BankHolidayRulesTests {
    @Test func easterSundayMatchesPublishedDates() {
        let known = [1995: "1995-04-16", 2000: "2000-04-23", 2008: "2008-03-23", 2011: "2011-04-24",
                     2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05",
                     2038: "2038-04-25", 2100: "2100-03-28"]
        for (year, date) in known { #expect(BankHolidayRules.easterSunday(year).iso == date) }
    }

    @Test func firstSupportedYearInEveryDivision() {
        #expect(listed(1995, .englandAndWales) == [
            "1995-01-02 New Year’s Day", "1995-04-14 Good Friday", "1995-04-17 Easter Monday",
            "1995-05-08 Early May bank holiday (VE day)", "1995-05-29 Spring bank holiday",
            "1995-08-28 Summer bank holiday", "1995-12-25 Christmas Day", "1995-12-26 Boxing Day",
        ])
        #expect(listed(1995, .scotland) == [
            "1995-01-02 2nd January", "1995-01-03 New Year’s Day", "1995-04-14 Good Friday",
            "1995-05-08 Early May bank holiday (VE day)", "1995-05-29 Spring bank holiday",
            "1995-08-07 Summer bank holiday", "1995-12-25 Christmas Day", "1995-12-26 Boxing Day",
        ])
        #expect(listed(1995, .northernIreland) == [
            "1995-01-02 New Year’s Day", "1995-03-17 St Patrick’s Day", "1995-04-14 Good Friday",
            "1995-04-17 Easter Monday", "1995-05-08 Early May bank holiday (VE day)",
            "1995-05-29 Spring bank holiday", "1995-07-12 Battle of the Boyne (Orangemen’s Day)",
            "1995-08-28 Summer bank holiday", "1995-12-25 Christmas Day", "1995-12-26 Boxing Day",
        ])
    }

    @Test func lastSupportedYearInEveryDivision() {
        // 1 Jan 2100 is a Friday, 1 May a Saturday, Christmas a Saturday; Easter Sunday is 28 March.
        #expect(listed(2100, .englandAndWales) == [
            "2100-01-01 New Year’s Day", "2100-03-26 Good Friday", "2100-03-29 Easter Monday",
            "2100-05-03 Early May bank holiday", "2100-05-31 Spring bank holiday", "2100-08-30 Summer bank holiday",
            "2100-12-27 Christmas Day", "2100-12-28 Boxing Day",
        ])
        #expect(listed(2100, .scotland) == [
            "2100-01-01 New Year’s Day", "2100-01-04 2nd January", "2100-03-26 Good Friday",
            "2100-05-03 Early May bank holiday", "2100-05-31 Spring bank holiday", "2100-08-02 Summer bank holiday",
            "2100-11-30 St Andrew’s Day", "2100-12-27 Christmas Day", "2100-12-28 Boxing Day",
        ])
        #expect(listed(2100, .northernIreland).count == 10)
        #expect(dates(2100, .northernIreland).isSuperset(of: ["2100-03-17", "2100-07-12", "2100-03-29"]))
    }

    @Test(arguments: Division.allCases)
    func oneOffsAndProclaimedMovesApplyUKWide(division: Division) {
        let expected: [(Int, String, String?)] = [  // year, holiday date, regular date it replaced
            (1995, "1995-05-08", "1995-05-01"),
            (1999, "1999-12-31", nil),
            (2002, "2002-06-03", nil), (2002, "2002-06-04", "2002-05-27"),
            (2011, "2011-04-29", nil),
            (2012, "2012-06-04", "2012-05-28"), (2012, "2012-06-05", nil),
            (2020, "2020-05-08", "2020-05-04"),
            (2022, "2022-06-02", "2022-05-30"), (2022, "2022-06-03", nil), (2022, "2022-09-19", nil),
            (2023, "2023-05-08", nil),
        ]
        for (year, date, replaced) in expected {
            let set = dates(year, division)
            #expect(set.contains(date), "\(division) \(year) lacks \(date)")
            if let replaced { #expect(!set.contains(replaced), "\(division) \(year) still has \(replaced)") }
        }
        // The coronation was an extra day: the regular early May holiday of 2023 stayed.
        #expect(dates(2023, division).contains("2023-05-01"))
    }

    @Test func worldCupHolidayIsScotlandOnly() {
        #expect(dates(2026, .scotland).contains("2026-06-15"))
        #expect(!dates(2026, .englandAndWales).contains("2026-06-15"))
        #expect(!dates(2026, .northernIreland).contains("2026-06-15"))
        #expect(!dates(2027, .scotland).contains("2027-06-14"))
    }

    @Test(arguments: Division.allCases)
    func christmasSubstitutesFollowTheWeekday(division: Division) {
        // Saturday: both move to Mon/Tue.
        #expect(dates(2021, division).isSuperset(of: ["2021-12-27", "2021-12-28"]))
        #expect(!dates(2021, division).contains("2021-12-25"))
        // Sunday: Boxing Day keeps Monday, Christmas moves to Tuesday.
        #expect(listed(2022, division).suffix(2) == ["2022-12-26 Boxing Day", "2022-12-27 Christmas Day"])
        // Friday: Boxing Day moves to Monday 28th.
        #expect(dates(2020, division).isSuperset(of: ["2020-12-25", "2020-12-28"]))
        #expect(!dates(2020, division).contains("2020-12-26"))
    }

    @Test func newYearSubstitutes() {
        #expect(dates(2022, .englandAndWales).contains("2022-01-03"))        // Saturday → Monday
        #expect(dates(2023, .englandAndWales).contains("2023-01-02"))        // Sunday → Monday
        #expect(listed(2022, .scotland).prefix(2) == ["2022-01-03 New Year’s Day", "2022-01-04 2nd January"])
        #expect(listed(2017, .scotland).prefix(2) == ["2017-01-02 2nd January", "2017-01-03 New Year’s Day"])
        #expect(listed(2016, .scotland).prefix(2) == ["2016-01-01 New Year’s Day", "2016-01-04 2nd January"])
        #expect(!dates(2026, .englandAndWales).contains("2026-01-02"))
        #expect(dates(2026, .scotland).contains("2026-01-02"))
    }

    @Test func stAndrewsDayFromTwoThousandSevenWithSubstitutes() {
        #expect(!dates(2006, .scotland).contains("2006-11-30"))
        #expect(dates(2007, .scotland).contains("2007-11-30"))
        #expect(dates(2025, .scotland).contains("2025-12-01"))             // Sunday → Monday
        #expect(dates(2024, .scotland).contains("2024-12-02"))             // Saturday → Monday
        #expect(!dates(2025, .englandAndWales).contains("2025-12-01"))
    }

    @Test func northernIrelandSubstitutes() {
        #expect(dates(2026, .northernIreland).contains("2026-07-13"))      // Boyne on Sunday
        #expect(dates(2025, .northernIreland).contains("2025-07-14"))      // Boyne on Saturday
        #expect(dates(2024, .northernIreland).contains("2024-03-18"))      // St Patrick's on Sunday
        #expect(dates(2018, .northernIreland).contains("2018-03-19"))      // St Patrick's on Saturday
        #expect(!dates(2026, .englandAndWales).contains("2026-07-13"))
    }

    @Test func usualYearsHaveTheUsualCounts() {
        #expect(BankHolidayRules.holidays(in: 2027, division: .englandAndWales).count == 8)
        #expect(BankHolidayRules.holidays(in: 2027, division: .scotland).count == 9)
        #expect(BankHolidayRules.holidays(in: 2027, division: .northernIreland).count == 10)
    }
}
