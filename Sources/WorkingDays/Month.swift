/// A calendar month, stored as months since January 1970.
///
/// Rule: KPI items are counted per month; a reporting month is written `YYYY-MM`.
///
/// ```swift
/// let m = Month("2026-12")!
/// m.advanced(by: 1).description        // "2027-01"
/// m.lastDay.iso                        // "2026-12-31"
/// Month(containing: Day("2026-04-07")!) // 2026-04
/// ```
public struct Month: Hashable, Comparable, Strideable, Sendable, LosslessStringConvertible {
    /// Months since 1970-01 (negative before it).
    public var rawValue: Int32

    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The month `month` (1-12) of `year`.
    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "month must be 1-12")
        self.rawValue = Int32((year - 1970) * 12 + (month - 1))
    }

    /// The month a day falls in.
    public init(containing day: Day) {
        let (y, m, _) = day.components
        self.init(year: y, month: m)
    }

    /// Parses `YYYY-MM`; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == 45,
              bytes.enumerated().allSatisfy({ $0.offset == 4 || (48...57).contains($0.element) }) else { return nil }
        let value = bytes.map { Int($0) - 48 }
        let year = value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3]
        let month = value[5] * 10 + value[6]
        guard (1...12).contains(month) else { return nil }
        self.init(year: year, month: month)
    }

    /// The calendar year.
    public var year: Int { 1970 + Int(rawValue).floorDivided(by: 12) }
    /// The month of the year, 1-12.
    public var month: Int { Int(rawValue).floorModulo(12) + 1 }
    /// The first day of the month.
    public var firstDay: Day { Day(year: year, month: month, day: 1)! }
    /// The last day of the month.
    public var lastDay: Day { Day(year: year, month: month, day: Day.daysIn(month: month, year: year))! }

    /// Whether the month ends a calendar quarter: March, June, September or December.
    public var isQuarterEnd: Bool { month % 3 == 0 }
    /// The first month of the month's calendar quarter (January, April, July or October of its year).
    public var quarterStart: Month { Month(year: year, month: (month - 1) / 3 * 3 + 1) }
    /// The month itself when it ends a quarter, else the last month of the quarter before: the latest quarter
    /// ending by this month (2026-08 gives 2026-06).
    public var latestQuarterEnd: Month { advanced(by: -(month % 3)) }

    public var description: String { Day.isoText(year: year, month: month, day: nil) }

    @inlinable public static func < (a: Month, b: Month) -> Bool { a.rawValue < b.rawValue }
    @inlinable public func advanced(by n: Int) -> Month { Month(rawValue: rawValue + Int32(n)) }
    @inlinable public func distance(to other: Month) -> Int { Int(other.rawValue) - Int(rawValue) }
}

extension Int {
    func floorDivided(by d: Int) -> Int { self >= 0 ? self / d : -((-self + d - 1) / d) }
    func floorModulo(_ d: Int) -> Int { ((self % d) + d) % d }
}
