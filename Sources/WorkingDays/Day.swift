import _ATWUtilities

/// A calendar date, stored as the number of days since 1970-01-01.
///
/// Rule: dates are civil (proleptic Gregorian) dates with no time of day; UK local time is implied, so a
/// timestamp's date part is the date. The raw value is what columnar tables store (`Int32`, 4 bytes).
///
/// ```swift
/// let d = Day(year: 2026, month: 4, day: 2)!   // Thursday 2 April 2026
/// d.weekday                                    // .thursday
/// d.iso                                        // "2026-04-02"
/// Day("2026-04-02T09:30") == d                 // true: only the date part counts
/// ```
public struct Day: Hashable, Comparable, Strideable, Sendable, LosslessStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var rawValue: Int32

    /// A day from its raw day number.
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The day for a year, month (1-12) and day of month, or `nil` when no such date exists (e.g. 30 February).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year),
              (-1_000_000...1_000_000).contains(year) else { return nil }
        self.rawValue = Int32(Day.daysFromCivil(year: year, month: month, day: day))
    }

    /// Year, month (1-12) and day of month.
    public var components: (year: Int, month: Int, day: Int) { Day.civil(fromDays: Int(rawValue)) }

    /// The calendar year.
    public var year: Int { components.year }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (index 3 with Monday = 0).
        let index = ((Int(rawValue) + 3) % 7 + 7) % 7
        return Weekday(rawValue: index)!
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let (y, m, d) = components
        return Day.isoText(year: y, month: m, day: d)
    }

    public var description: String { iso }

    @inlinable public static func < (a: Day, b: Day) -> Bool { a.rawValue < b.rawValue }
    @inlinable public func advanced(by n: Int) -> Day { Day(rawValue: rawValue + Int32(n)) }
    @inlinable public func distance(to other: Day) -> Int { Int(other.rawValue) - Int(rawValue) }

    /// The same day of the month `n` calendar months later, clamped to that month's last day.
    ///
    /// Rule ("within N calendar months"): 31 January + 1 month is 28 February (29 in a leap year);
    /// 15 March + 1 month is 15 April.
    ///
    /// ```swift
    /// Day(year: 2027, month: 1, day: 31)!.addingCalendarMonths(1).iso   // "2027-02-28"
    /// Day(year: 2028, month: 1, day: 31)!.addingCalendarMonths(1).iso   // "2028-02-29"
    /// ```
    public func addingCalendarMonths(_ n: Int) -> Day {
        let (y, m, d) = components
        let target = Month(year: y, month: m).advanced(by: n)
        let clamped = min(d, Day.daysIn(month: target.month, year: target.year))
        return Day(year: target.year, month: target.month, day: clamped)!
    }

    // MARK: Civil arithmetic (`_CivilDate`: H. Hinnant's algorithms, exact for every Gregorian date)

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        _CivilDate.daysSinceEpoch(year, month, day)
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        _CivilDate.civil(daysSinceEpoch: days)
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool { _CivilDate.isLeapYear(year) }

    /// Number of days in `month` (1-12) of `year`.
    public static func daysIn(month: Int, year: Int) -> Int { _CivilDate.daysInMonth(year, month) }

    static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `YYYY-MM`, or `YYYY-MM-DD` with a day, written digit by digit into the string's own storage (reports
    /// write one per row, so no intermediate strings). Years outside 0…9999 take the general path.
    static func isoText(year: Int, month: Int, day: Int?) -> String {
        guard (0...9999).contains(year) else {
            return pad(year, 4) + "-" + pad(month, 2) + (day.map { "-" + pad($0, 2) } ?? "")
        }
        let count = day == nil ? 7 : 10
        return String(unsafeUninitializedCapacity: count) { text in
            func digits(_ value: Int, _ width: Int, at start: Int) {
                var v = value
                for i in stride(from: start + width - 1, through: start, by: -1) {
                    text[i] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            digits(year, 4, at: 0)
            text[4] = 45
            digits(month, 2, at: 5)
            if let day {
                text[7] = 45
                digits(day, 2, at: 8)
            }
            return count
        }
    }
}

/// A day of the week, Monday first.
public enum Weekday: Int, Sendable, CaseIterable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Saturday or Sunday.
    public var isWeekend: Bool { self == .saturday || self == .sunday }
}
