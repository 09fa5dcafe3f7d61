import WorkingDays

/// The period a figure of an MI return covers, as a return's `period` column writes it (``rawValue``).
///
/// ```swift
/// MIPeriod.yearToDate.rawValue                 // "year_to_date"
/// MIPeriod(rawValue: "2026-10")                // .month(2026-10): a month of the Cabinet Office return
/// ```
public enum MIPeriod: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
    /// `in_month`: the month itself.
    case inMonth
    /// `year_to_date`: the reporting year from its first month (April unless `yearStart` says otherwise) to the
    /// month.
    case yearToDate
    /// `contract_year`: the contract year ending the day before the anniversary (MHSS yearly MI).
    case contractYear
    /// `quarter`: the calendar quarter (the Cabinet Office return's quarterly KPIs).
    case quarter
    /// `YYYY-MM`: one month of the Cabinet Office return's quarter.
    case month(Month)

    /// The named periods (every case but ``month(_:)``).
    public static let named: [MIPeriod] = [.inMonth, .yearToDate, .contractYear, .quarter]

    public init?(rawValue: String) {
        if let named = Self.named.first(where: { $0.rawValue == rawValue }) {
            self = named
        } else if let month = Month(rawValue) {
            self = .month(month)
        } else {
            return nil
        }
    }

    public var rawValue: String {
        switch self {
        case .inMonth: "in_month"
        case .yearToDate: "year_to_date"
        case .contractYear: "contract_year"
        case .quarter: "quarter"
        case .month(let month): month.description
        }
    }

    public var description: String { rawValue }
}
