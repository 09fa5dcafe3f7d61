import WorkingDays

/// Item counts per series, status and month: the one table every window, rating, forecast and return is
/// computed from.
///
/// Rule: counts are plain sums, so they add across providers (national and regional pools) and across
/// shards of a dataset. They are held as a column-major matrix, months down and (series, status) across,
/// which is the shape the window product needs. HA-6 counts FTE in ten-thousandths
/// (``KPIDefinition/unitsPerCount``), so every count is an exact integer.
///
/// ```swift
/// let counts = evaluation.counts
/// counts[series: 0, status: .met, month: Month("2026-04")!]   // items of series 0 met in April 2026
/// ```
public struct MonthCounts: Sendable, Equatable {
    /// The first month of the axis (the earliest service start).
    public let firstMonth: Month
    /// Months on the axis.
    public let monthCount: Int
    /// Series across.
    public let seriesCount: Int
    /// `values[(series * 4 + status) * monthCount + monthIndex]`.
    public internal(set) var values: [Double]

    public init(firstMonth: Month, monthCount: Int, seriesCount: Int, values: [Double]? = nil) {
        self.firstMonth = firstMonth
        self.monthCount = monthCount
        self.seriesCount = seriesCount
        self.values = values ?? [Double](repeating: 0, count: monthCount * seriesCount * 4)
        precondition(self.values.count == monthCount * seriesCount * 4, "counts have the wrong size")
    }

    /// The last month of the axis.
    public var lastMonth: Month { firstMonth.advanced(by: monthCount - 1) }

    /// The index of a month on the axis, or `nil` outside it.
    public func index(of month: Month) -> Int? {
        let i = firstMonth.distance(to: month)
        return i >= 0 && i < monthCount ? i : nil
    }

    /// A series' met and missed items over `months` (months off the axis count nothing): the pooled rate of a
    /// period, as a notice or a return states it.
    public func comparison(series: Int, months: ClosedRange<Month>) -> RateComparison {
        var met: Int64 = 0, missed: Int64 = 0
        for m in months {
            met += Int64(self[series: series, status: .met, month: m])
            missed += Int64(self[series: series, status: .missed, month: m])
        }
        return RateComparison(met: met, measured: met + missed)
    }

    /// The count of one series, status and month (0 outside the axis).
    public subscript(series series: Int, status status: ItemStatus, month month: Month) -> Double {
        guard let m = index(of: month) else { return 0 }
        return values[(series * 4 + Int(status.rawValue)) * monthCount + m]
    }
}
