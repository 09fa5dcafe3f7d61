/// The statutory bank-holiday rules of each UK division, with every one-off change proclaimed since 1995.
///
/// Rules (Banking and Financial Dealings Act 1971, the St Andrew's Day Bank Holiday (Scotland) Act 2007,
/// and royal proclamations):
/// - **New Year's Day** (1 January), and in Scotland also **2 January**.
/// - **St Patrick's Day** (17 March, Northern Ireland).
/// - **Good Friday** (everywhere) and **Easter Monday** (not in Scotland).
/// - **Early May** (first Monday of May), **Spring** (last Monday of May).
/// - **Battle of the Boyne** (12 July, Northern Ireland).
/// - **Summer**: first Monday of August in Scotland, last Monday of August elsewhere.
/// - **St Andrew's Day** (30 November, Scotland, from 2007 when the Act made it a bank holiday).
/// - **Christmas Day** and **Boxing Day**.
///
/// Substitutes: a single fixed-date holiday (New Year's Day outside Scotland, St Patrick's, the Boyne,
/// St Andrew's) on a Saturday or Sunday moves to the following Monday. For the pairs Christmas/Boxing Day and (Scotland) 1/2 January: first day on Saturday → Monday and
/// Tuesday; first day on Sunday → the second day keeps Monday and the first moves to Tuesday; first day on
/// Friday → the second moves to Monday. Example: Christmas 2021 (Saturday) → 27 and 28 December.
///
/// One-offs: 1995 early May moved to Mon 8 May (VE day 50); 1999-12-31 millennium; 2002 spring moved to
/// Tue 4 June with Mon 3 June the Golden Jubilee; 2011-04-29 royal wedding; 2012 spring moved to Mon 4 June
/// with Tue 5 June the Diamond Jubilee; 2020 early May moved to Fri 8 May (VE day 75); 2022 spring moved to
/// Thu 2 June with Fri 3 June the Platinum Jubilee; 2022-09-19 state funeral of Queen Elizabeth II;
/// 2023-05-08 coronation of King Charles III; 2026-06-15 (Scotland only) World Cup bank holiday.
/// Later proclamations can be loaded from GOV.UK's `bank-holidays.json` (see ``BankHolidayOverrides``).
public enum BankHolidayRules {
    /// The bank holidays of `division` in `year`, sorted by date.
    ///
    /// ```swift
    /// BankHolidayRules.holidays(in: 2026, division: .scotland).map(\.date.iso)
    /// // ["2026-01-01", "2026-01-02", "2026-04-03", "2026-05-04", "2026-05-25", "2026-06-15", ...]
    /// ```
    public static func holidays(in year: Int, division: Division) -> [BankHoliday] {
        var list: [BankHoliday] = []
        func day(_ month: Int, _ dayOfMonth: Int) -> Day { Day(year: year, month: month, day: dayOfMonth)! }
        func add(_ date: Day, _ name: String, _ kind: BankHoliday.Kind = .regular) {
            list.append(BankHoliday(date: date, name: name, kind: kind))
        }

        // New Year.
        if division == .scotland {
            addPair(day(1, 1), "New Year’s Day", "2nd January", into: &list)
        } else {
            addSingle(day(1, 1), "New Year’s Day", into: &list)
        }
        if division == .northernIreland { addSingle(day(3, 17), "St Patrick’s Day", into: &list) }

        // Easter.
        let easter = easterSunday(year)
        add(easter.advanced(by: -2), "Good Friday")
        if division != .scotland { add(easter.advanced(by: 1), "Easter Monday") }

        // Early May.
        switch year {
        case 1995: add(day(5, 8), "Early May bank holiday (VE day)", .moved)
        case 2020: add(day(5, 8), "Early May bank holiday (VE day)", .moved)
        default: add(firstMonday(year, 5), "Early May bank holiday")
        }

        // Spring, with the jubilee years.
        switch year {
        case 2002:
            add(day(6, 3), "Queen’s Golden Jubilee", .extra)
            add(day(6, 4), "Spring bank holiday", .moved)
        case 2012:
            add(day(6, 4), "Spring bank holiday", .moved)
            add(day(6, 5), "Queen’s Diamond Jubilee", .extra)
        case 2022:
            add(day(6, 2), "Spring bank holiday", .moved)
            add(day(6, 3), "Platinum Jubilee bank holiday", .extra)
        default:
            add(lastMonday(year, 5), "Spring bank holiday")
        }

        if division == .scotland && year == 2026 { add(day(6, 15), "World Cup bank holiday", .extra) }
        if division == .northernIreland { addSingle(day(7, 12), "Battle of the Boyne (Orangemen’s Day)", into: &list) }

        add(division == .scotland ? firstMonday(year, 8) : lastMonday(year, 8), "Summer bank holiday")

        if division == .scotland && year >= 2007 { addSingle(day(11, 30), "St Andrew’s Day", into: &list) }
        addPair(day(12, 25), "Christmas Day", "Boxing Day", into: &list)

        // UK-wide one-offs.
        switch year {
        case 1999: add(day(12, 31), "Millennium Day", .extra)
        case 2011: add(day(4, 29), "Royal wedding bank holiday", .extra)
        case 2022: add(day(9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II", .extra)
        case 2023: add(day(5, 8), "Bank holiday for the coronation of King Charles III", .extra)
        default: break
        }
        return list.sorted { $0.date < $1.date }
    }

    /// Easter Sunday of `year` (Gregorian computus, the anonymous "Meeus/Jones/Butcher" algorithm).
    ///
    /// ```swift
    /// BankHolidayRules.easterSunday(2026).iso   // "2026-04-05"
    /// ```
    public static func easterSunday(_ year: Int) -> Day {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let dayOfMonth = (h + l - 7 * m + 114) % 31 + 1
        return Day(year: year, month: month, day: dayOfMonth)!
    }

    /// A fixed-date holiday that moves to the following Monday when it falls on a weekend.
    static func addSingle(_ date: Day, _ name: String, into list: inout [BankHoliday]) {
        switch date.weekday {
        case .saturday: list.append(BankHoliday(date: date.advanced(by: 2), name: name, kind: .substitute))
        case .sunday: list.append(BankHoliday(date: date.advanced(by: 1), name: name, kind: .substitute))
        default: list.append(BankHoliday(date: date, name: name))
        }
    }

    /// Two consecutive fixed-date holidays (Christmas and Boxing Day; 1 and 2 January in Scotland).
    static func addPair(_ first: Day, _ firstName: String, _ secondName: String, into list: inout [BankHoliday]) {
        switch first.weekday {
        case .saturday:
            list.append(BankHoliday(date: first.advanced(by: 2), name: firstName, kind: .substitute))
            list.append(BankHoliday(date: first.advanced(by: 3), name: secondName, kind: .substitute))
        case .sunday:
            list.append(BankHoliday(date: first.advanced(by: 1), name: secondName))
            list.append(BankHoliday(date: first.advanced(by: 2), name: firstName, kind: .substitute))
        case .friday:
            list.append(BankHoliday(date: first, name: firstName))
            list.append(BankHoliday(date: first.advanced(by: 3), name: secondName, kind: .substitute))
        default:
            list.append(BankHoliday(date: first, name: firstName))
            list.append(BankHoliday(date: first.advanced(by: 1), name: secondName))
        }
    }

    static func firstMonday(_ year: Int, _ month: Int) -> Day {
        let first = Day(year: year, month: month, day: 1)!
        return first.advanced(by: (7 - first.weekday.rawValue) % 7)
    }

    static func lastMonday(_ year: Int, _ month: Int) -> Day {
        let last = Day(year: year, month: month, day: Day.daysIn(month: month, year: year))!
        return last.advanced(by: -last.weekday.rawValue)
    }
}
