import LinearAlgebra
import WorkingDays

/// A span of months whose counts are pooled into one rate.
///
/// Rule (SPEC "Windows and ratings"): for a reporting month m, in-month is m; rolling 3 is m-2…m; rolling 12
/// is m-11…m; cumulative is the series' first month (service start) through m; quarter (HA-6 only) is the
/// calendar quarter ending in m. Months before a provider's service start do not exist for it: the window
/// is truncated there and a rolling window that reaches before it is *partial*.
public enum ReportWindow: String, Sendable, CaseIterable, CustomStringConvertible {
    case inMonth = "in_month"
    case rolling3 = "rolling_3"
    case rolling12 = "rolling_12"
    case cumulative
    case quarter

    public var description: String { rawValue }

    /// The windows of a monthly KPI, in reporting order.
    public static let monthly: [ReportWindow] = [.inMonth, .rolling3, .rolling12, .cumulative]

    /// Months in the window (nil for cumulative: from the first month).
    var span: Int? {
        switch self {
        case .inMonth: 1
        case .rolling3, .quarter: 3
        case .rolling12: 12
        case .cumulative: nil
        }
    }
}

/// The counts of every series over every window and month: one matrix product per distinct first month.
///
/// Rule: with C the month counts (months down, each series' four statuses across) and W the stacked window
/// matrix ([in-month; rolling 3; rolling 12; cumulative], each months × months, with the columns of months
/// before the series' first month set to zero), the windowed counts are W·C, computed by BLAS for all
/// series sharing a first month at once. A quarter is the rolling 3 of its last month.
///
/// ```swift
/// let windows = WindowCounts(evaluation)
/// windows.count(series: 0, window: .rolling3, month: Month("2026-06")!, status: .met)
/// ```
public struct WindowCounts: Sendable {
    public let firstMonth: Month
    public let monthCount: Int
    /// First month of each series.
    let seriesFirst: [Int]
    /// (4 windows × months) rows by (series × 4 statuses) columns.
    @usableFromInline let product: Matrix

    public init(_ evaluation: KPIEvaluation) {
        let counts = evaluation.counts
        let t = counts.monthCount
        firstMonth = counts.firstMonth
        monthCount = t
        seriesFirst = evaluation.series.map { max(0, counts.firstMonth.distance(to: $0.firstMonth)) }
        var product = Matrix(rows: 4 * t, columns: 4 * counts.seriesCount)
        var groups: [Int: [Int]] = [:]
        for (s, first) in seriesFirst.enumerated() { groups[first, default: []].append(s) }
        for first in groups.keys.sorted() {
            let members = groups[first]!
            let windows = Self.windowMatrix(months: t, firstMonth: first)
            var block = Matrix(rows: t, columns: 4 * members.count)
            for (j, s) in members.enumerated() {
                block.elements.replaceSubrange(j * 4 * t..<(j + 1) * 4 * t, with: counts.values[s * 4 * t..<(s + 1) * 4 * t])
            }
            let result = Matrix.product(windows, block)
            for (j, s) in members.enumerated() {
                product.elements.replaceSubrange(s * 16 * t..<(s + 1) * 16 * t,
                                                 with: result.elements[j * 16 * t..<(j + 1) * 16 * t])
            }
        }
        self.product = product
    }

    /// The stacked window matrix for series whose first month is index `firstMonth`: row w·T + m sums the
    /// months of window w ending at m, never before `firstMonth`.
    static func windowMatrix(months t: Int, firstMonth: Int) -> Matrix {
        var w = Matrix(rows: 4 * t, columns: t)
        for (block, window) in ReportWindow.monthly.enumerated() {
            for m in 0..<t {
                let from = max(firstMonth, window.span.map { m - $0 + 1 } ?? firstMonth)
                guard from <= m else { continue }
                for k in from...m { w[block * t + m, k] = 1 }
            }
        }
        return w
    }

    /// The windowed count of one series, status and month (0 off the axis).
    public func count(series: Int, window: ReportWindow, month: Month, status: ItemStatus) -> Double {
        let all = counts(series: series, window: window, month: month)
        switch status {
        case .met: return Double(all.met)
        case .missed: return Double(all.missed)
        case .pending: return Double(all.pending)
        case .excluded: return Double(all.excluded)
        }
    }

    /// The four windowed counts (met, missed, pending, excluded) of one series and month; zeros off the axis.
    @inlinable
    public func counts(series: Int, window: ReportWindow, month: Month) -> (met: Int64, missed: Int64, pending: Int64, excluded: Int64) {
        let m = firstMonth.distance(to: month)
        guard m >= 0 && m < monthCount else { return (0, 0, 0, 0) }
        let block: Int
        switch window {
        case .inMonth: block = 0
        case .rolling3, .quarter: block = 1
        case .rolling12: block = 2
        case .cumulative: block = 3
        }
        let base = series * 4 * product.rows + block * monthCount + m
        let step = product.rows
        let e = product.elements
        return (Int64(e[base]), Int64(e[base + step]), Int64(e[base + 2 * step]), Int64(e[base + 3 * step]))
    }

    /// Whether the window of `month` reaches before the series' first month.
    public func isPartial(series: Int, window: ReportWindow, month: Month) -> Bool {
        guard let span = window.span else { return false }
        return firstMonth.distance(to: month) - span + 1 < seriesFirst[series]
    }
}
