/// Which day counts as day 0 when counting working days from a receipt date.
public enum ReceiptDay: String, Sendable, Hashable, Codable {
    /// The receipt date is day 0: "within 1 working day" of a Thursday receipt is the Friday (the default).
    case dayZero = "day0"
    /// The receipt date is itself the first working day (MHSS KPI 1): "within 2 working days" of a Tuesday
    /// receipt is the Wednesday.
    case dayOne = "day1"
}

/// The working days of one UK division, precomputed so every question is answered in constant time.
///
/// Rule: a working day is Monday to Friday and not a bank holiday of the division (``BankHolidayRules``,
/// possibly overridden from GOV.UK's file). Dates from 1995-01-01 to 2100-12-31 are supported
/// (``supportedRange``); the table runs on to the end of 2102 so that deadlines of up to
/// ``maximumWorkingDayOffset`` working days from any supported date can be answered.
///
/// ```swift
/// let calendar = WorkingDayCalendar.standard(.englandAndWales)
/// let receipt = Day("2026-04-02")!                         // Thursday before Easter
/// calendar.deadline(workingDays: 1, after: receipt).iso    // "2026-04-07": Good Friday and Easter Monday skipped
/// WorkingDayCalendar.standard(.scotland)
///     .deadline(workingDays: 1, after: receipt).iso        // "2026-04-06": no Easter Monday in Scotland
/// ```
public struct WorkingDayCalendar: Sendable {
    /// The division whose holidays this calendar uses.
    public let division: Division
    /// Every bank holiday in the table, sorted by date.
    public let holidays: [BankHoliday]

    /// The first and last date that inputs may carry.
    public static let supportedRange: ClosedRange<Day> =
        Day(year: 1995, month: 1, day: 1)!...Day(year: 2100, month: 12, day: 31)!
    /// The years of the supported range.
    public static let supportedYears: ClosedRange<Int> = 1995...2100
    /// The largest N accepted by the deadline functions (about two years of working days).
    public static let maximumWorkingDayOffset = 500

    /// Years held in the table: the supported ones plus two so deadlines near the end still resolve.
    static let tableYears: ClosedRange<Int> = 1995...2102
    /// 1995-01-01 and 2102-12-31 as day numbers (literals, so hot loops need no lazy-global check; a test
    /// checks them against the civil conversion).
    @usableFromInline static let tableFirst: Int32 = 9_131
    @usableFromInline static let tableLast: Int32 = 48_576

    /// `workingBefore[i]` = number of working days in [tableFirst, tableFirst + i); one longer than the table.
    @usableFromInline let workingBefore: [Int32]
    /// The working days of the table, in order (raw day numbers).
    @usableFromInline let workingDayList: [Int32]

    /// The calendar of `division` by the statutory rules, with `overrides` applied (see ``BankHolidayOverrides``).
    public init(division: Division, overrides: BankHolidayOverrides? = nil) {
        self.division = division
        var holidays: [BankHoliday] = []
        let replaced = overrides?.events[division] ?? [:]
        for year in Self.tableYears {
            holidays += replaced[year] ?? BankHolidayRules.holidays(in: year, division: division)
        }
        holidays.sort { $0.date < $1.date }
        self.holidays = holidays

        let count = Int(Self.tableLast - Self.tableFirst) + 1
        var isHoliday = [Bool](repeating: false, count: count)
        for holiday in holidays { isHoliday[Int(holiday.date.rawValue - Self.tableFirst)] = true }
        var before = [Int32](repeating: 0, count: count + 1)
        var list: [Int32] = []
        list.reserveCapacity(count * 5 / 7)
        for i in 0..<count {
            let day = Day(rawValue: Self.tableFirst + Int32(i))
            let working = !day.weekday.isWeekend && !isHoliday[i]
            if working { list.append(day.rawValue) }
            before[i + 1] = before[i] + (working ? 1 : 0)
        }
        self.workingBefore = before
        self.workingDayList = list
    }

    /// The shared calendar of a division by the statutory rules (built once per process).
    public static func standard(_ division: Division) -> WorkingDayCalendar {
        switch division {
        case .englandAndWales: _standardEnglandAndWales
        case .scotland: _standardScotland
        case .northernIreland: _standardNorthernIreland
        }
    }

    /// Whether `day` lies in the range this calendar answers for (``supportedRange``).
    public static func supports(_ day: Day) -> Bool { supportedRange.contains(day) }

    @inlinable @inline(__always) func index(_ day: Day) -> Int {
        precondition(day.rawValue >= Self.tableFirst && day.rawValue <= Self.tableLast,
                     "\(day) is outside the working-day table; validate dates against supportedRange first")
        return Int(day.rawValue - Self.tableFirst)
    }

    /// Whether `day` is a working day (a weekday that is not a bank holiday).
    ///
    /// ```swift
    /// WorkingDayCalendar.standard(.englandAndWales).isWorkingDay(Day("2026-04-06")!)   // false: Easter Monday
    /// ```
    @inlinable public func isWorkingDay(_ day: Day) -> Bool {
        let i = index(day)
        return workingBefore[i + 1] != workingBefore[i]
    }

    /// The bank holiday on `day`, if any.
    public func holiday(on day: Day) -> BankHoliday? {
        var low = 0, high = holidays.count
        while low < high {
            let mid = (low + high) / 2
            if holidays[mid].date < day { low = mid + 1 } else { high = mid }
        }
        return low < holidays.count && holidays[low].date == day ? holidays[low] : nil
    }

    /// The bank holidays from `start` through `end`, in date order.
    public func holidays(from start: Day, through end: Day) -> [BankHoliday] {
        holidays.filter { $0.date >= start && $0.date <= end }
    }

    /// `day` itself when it is a working day, else the next working day after it.
    ///
    /// Rule: this is where a receipt on a weekend or bank holiday is moved to before counting.
    /// Example: Saturday 11 April 2026 → Monday 13 April 2026.
    @inlinable public func workingDay(onOrAfter day: Day) -> Day {
        Day(rawValue: workingDayList[Int(workingBefore[index(day)])])
    }

    /// The first working day strictly after `day`.
    public func workingDay(after day: Day) -> Day {
        Day(rawValue: workingDayList[Int(workingBefore[index(day) + 1])])
    }

    /// The deadline "within `n` working days of receipt".
    ///
    /// Rule: let r be `receipt`, moved forward to the next working day when it is not one. With
    /// ``ReceiptDay/dayZero`` (the default) r is day 0 and the deadline is the n-th working day after r;
    /// with ``ReceiptDay/dayOne`` r is day 1 and the deadline is the (n−1)-th working day after r.
    /// An item is on time when its end date is on or before the deadline.
    ///
    /// ```swift
    /// let ew = WorkingDayCalendar.standard(.englandAndWales)
    /// ew.deadline(workingDays: 1, after: Day("2026-04-11")!).iso                   // "2026-04-14"
    /// ew.deadline(workingDays: 2, after: Day("2026-12-22")!, receiptDay: .dayOne).iso // "2026-12-23"
    /// ew.deadline(workingDays: 2, after: Day("2026-12-22")!).iso                   // "2026-12-24"
    /// ```
    /// - Precondition: `0 ≤ n ≤ maximumWorkingDayOffset` and `receipt` within ``supportedRange``.
    @inlinable
    public func deadline(workingDays n: Int, after receipt: Day, receiptDay: ReceiptDay = .dayZero) -> Day {
        precondition(n >= 0 && n <= Self.maximumWorkingDayOffset, "working-day offset \(n) out of range")
        let start = Int(workingBefore[index(receipt)])
        let offset = receiptDay == .dayOne ? max(0, n - 1) : n
        return Day(rawValue: workingDayList[start + offset])
    }

    /// The number of working days d with `start` < d ≤ `end` (negative when `end` is before `start`).
    ///
    /// Rule: this is "working days taken" from a receipt to a completion. Thursday 2 April 2026 to
    /// Tuesday 7 April 2026 is 1 working day in England and Wales (Good Friday and Easter Monday do not count).
    public func workingDays(after start: Day, through end: Day) -> Int {
        Int(workingBefore[index(end) + 1]) - Int(workingBefore[index(start) + 1])
    }

    /// The `n`-th working day (1-based) of `month`.
    ///
    /// Rule: monthly returns are due by the 3rd working day of the following month. Example: the 3rd
    /// working day of April 2026 in England and Wales is Tuesday 7 April (1, 2 April, then Easter).
    /// - Precondition: `1 ≤ n ≤ maximumWorkingDayOffset`.
    public func workingDay(_ n: Int, of month: Month) -> Day {
        precondition(n >= 1 && n <= Self.maximumWorkingDayOffset, "working-day ordinal \(n) out of range")
        let first = Int(workingBefore[index(month.firstDay)])
        return Day(rawValue: workingDayList[first + n - 1])
    }
}

extension WorkingDayCalendar {
    /// The raw tables, for kernels in this package that answer deadlines for several divisions at once.
    /// `workingBefore[i]` counts the working days in [tableFirst, tableFirst + i); `workingDayList` lists them.
    package var _tables: (first: Int32, workingBefore: [Int32], workingDayList: [Int32]) {
        (Self.tableFirst, workingBefore, workingDayList)
    }
}

private let _standardEnglandAndWales = WorkingDayCalendar(division: .englandAndWales)
private let _standardScotland = WorkingDayCalendar(division: .scotland)
private let _standardNorthernIreland = WorkingDayCalendar(division: .northernIreland)
