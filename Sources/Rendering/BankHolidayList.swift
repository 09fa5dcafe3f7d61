import WorkingDays

/// The bank holidays of a division between two dates (`kpi calendar`), with any GOV.UK overrides.
///
/// ```swift
/// let list = try BankHolidayList(division: .scotland, from: Day("2026-01-01")!, to: Day("2026-12-31")!)
/// list.holidays.first?.name   // "New Year's Day"
/// ```
public struct BankHolidayList: Sendable {
    public var division: Division
    public var from: Day
    public var to: Day
    public var holidays: [BankHoliday]

    /// The holidays of `division` from `from` through `to`; `holidaysJSON` is GOV.UK's bank-holidays.json,
    /// each year it lists for the division replacing that year's computed holidays.
    ///
    /// Throws ``UserInputError`` for a date outside the supported range or `to` before `from`, and
    /// ``HolidayFileError`` for an unreadable file.
    public init(division: Division, from: Day, to: Day, holidaysJSON: String? = nil) throws {
        try Self.check(from: from, to: to)
        let overrides = try holidaysJSON.map { path throws(HolidayFileError) in try BankHolidayOverrides(contentsOf: path) }
        let calendar = overrides.map { WorkingDayCalendar(division: division, overrides: $0) } ?? WorkingDayCalendar.standard(division)
        self.division = division
        self.from = from
        self.to = to
        holidays = calendar.holidays(from: from, through: to)
    }

    /// Refuses dates outside the supported range and a range that ends before it starts.
    public static func check(from: Day, to: Day) throws(UserInputError) {
        let range = WorkingDayCalendar.supportedRange
        for (name, day) in [("--from", from), ("--to", to)] where !range.contains(day) {
            throw UserInputError("\(name) \(day) is outside the supported range \(range.lowerBound)..\(range.upperBound)")
        }
        if to < from { throw UserInputError("--to \(to) is before --from \(from)") }
    }
}
